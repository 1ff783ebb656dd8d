//! The generator is pure: neither the web framework nor the database layer may creep into
//! its dependency graph (the API depends on it, not the other way round).

use std::process::Command;

#[test]
fn depends_on_neither_actix_nor_diesel() {
    let output = Command::new(env!("CARGO"))
        .args([
            "tree",
            "-p",
            "shelf-generator",
            "-e",
            "normal,build",
            "--prefix",
            "none",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8_lossy(&output.stdout);
    assert!(
        tree.lines().any(|l| l.starts_with("shelf-generator ")),
        "unexpected cargo tree output:\n{tree}"
    );
    let forbidden: Vec<&str> = tree
        .lines()
        .filter(|l| l.starts_with("actix") || l.starts_with("diesel"))
        .collect();
    assert!(
        forbidden.is_empty(),
        "shelf-generator must not depend on {forbidden:?}"
    );
}
