//! The `virtual-shelf` binary's admin subcommands and startup checks, run as processes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const BINARY: &str = env!("CARGO_BIN_EXE_virtual-shelf");

fn shelf(data_dir: &std::path::Path) -> Command {
    let mut command = Command::new(BINARY);
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("SHELF_DATA_DIR", data_dir)
        .env("SHELF_LOG", "warn");
    command
}

fn run(mut command: Command, stdin: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn virtual-shelf");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn bootstraps_a_retailer_and_its_admin_without_sql() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut migrate = shelf(dir.path());
    migrate.arg("migrate");
    let output = run(migrate, "");
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(dir.path().join("virtual-shelf.db").exists());

    let mut create = shelf(dir.path());
    create.args([
        "create-retailer",
        "--name",
        "Gangnam Station Mart",
        "--currency",
        "KRW",
        "--time-zone",
        "Asia/Seoul",
        "--locale",
        "ko-KR",
    ]);
    let output = run(create, "");
    assert!(output.status.success(), "{}", text(&output.stderr));
    let retailer_id = text(&output.stdout).trim().to_owned();
    assert_eq!(retailer_id.len(), 36, "an opaque id: {retailer_id}");

    let mut user = shelf(dir.path());
    user.args([
        "create-user",
        "--email",
        "ops@gangnam.test",
        "--name",
        "Ops",
        "--role",
        "operator",
        "--retailer-id",
        &retailer_id,
    ]);
    let output = run(user, "a-long-password\n");
    assert!(output.status.success(), "{}", text(&output.stderr));

    let mut orphan = shelf(dir.path());
    orphan.args([
        "create-user",
        "--email",
        "x@gangnam.test",
        "--name",
        "X",
        "--role",
        "retailer_admin",
    ]);
    let output = run(orphan, "a-long-password\n");
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("retailer_id"),
        "{}",
        text(&output.stderr)
    );

    let mut bad = shelf(dir.path());
    bad.args([
        "create-retailer",
        "--name",
        "X",
        "--currency",
        "WON",
        "--time-zone",
        "Seoul",
        "--locale",
        "ko-KR",
    ]);
    let output = run(bad, "");
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("currency") && stderr.contains("time_zone"),
        "{stderr}"
    );
}

#[test]
fn refuses_to_start_with_unusable_configuration() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases: [(&[(&str, &str)], &str); 4] = [
        (
            &[
                ("SHELF_ENV", "production"),
                ("SHELF_PUBLIC_BASE_URL", "https://shop.example"),
            ],
            "SHELF_JWT_SECRET",
        ),
        (
            &[
                ("SHELF_ENV", "production"),
                ("SHELF_PUBLIC_BASE_URL", "https://shop.example"),
                (
                    "SHELF_JWT_SECRET",
                    "virtual-shelf-development-secret-do-not-use-in-production",
                ),
            ],
            "development JWT secret",
        ),
        (
            &[("SHELF_DATABASE_URL", "mysql://localhost/shop")],
            "unsupported database URL",
        ),
        (
            &[("SHELF_DATABASE_URL", "./shop.db")],
            "unsupported database URL",
        ),
    ];
    for (env, expected) in cases {
        let mut command = shelf(dir.path());
        command.arg("migrate").envs(env.iter().copied());
        let output = run(command, "");
        assert!(!output.status.success(), "{env:?} started");
        let stderr = text(&output.stderr);
        assert!(stderr.contains(expected), "{env:?}: {stderr}");
        assert!(
            !stderr.contains("do-not-use-in-production"),
            "secret printed: {stderr}"
        );
    }
    assert!(
        !dir.path().join("shop.db").exists() && !dir.path().join("virtual-shelf.db").exists(),
        "no SQLite file created by accident"
    );
}
