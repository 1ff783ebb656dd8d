//! The `shelf-generator` binary as a print shop uses it.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn shelf_generator(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shelf-generator"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("runs")
}

fn stdout(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn photo(relative: &str) -> String {
    common::grocery_dir()
        .join("iconic-images-and-descriptions")
        .join(relative)
        .display()
        .to_string()
}

#[test]
fn renders_a_toml_spec_to_pdf_and_checks_it() {
    let dir = common::scratch();
    let spec = format!(
        r#"title = "Fika i kväll"
brand = "Virtual Shelf"
scan_distance_m = 0.5
locale = "sv-SE"
[page]
size = "A3"
orientation = "landscape"
[[slots]]
name = "Äpple Juice"
subtitle = "2l · Sweden"
price = {{ amount_minor = 2490, currency = "SEK" }}
image = "{}"
url = "https://shop.example/s/7q2k9xj4"
[[slots]]
name = "Mjölk 3%"
price = {{ amount_minor = 1590, currency = "SEK" }}
url = "https://shop.example/s/0abc1xyz"
"#,
        photo("Packages/Juice/Bravo-Apple-Juice/Bravo-Apple-Juice_Iconic.jpg")
    );
    std::fs::write(dir.path().join("poster.toml"), spec).expect("write spec");
    let render = shelf_generator(
        &["render", "poster.toml", "-o", "out/poster.pdf"],
        dir.path(),
    );
    assert!(render.status.success(), "{}", stderr(&render));
    assert!(
        stderr(&render).contains("warning: slots[0].image: the product's"),
        "{}",
        stderr(&render)
    );
    let check = shelf_generator(&["check", "out/poster.pdf"], dir.path());
    assert!(check.status.success(), "{}", stderr(&check));
    assert_eq!(
        stdout(&check),
        [
            "HTTPS://SHOP.EXAMPLE/S/7Q2K9XJ4",
            "HTTPS://SHOP.EXAMPLE/S/0ABC1XYZ"
        ]
    );
    let phone = shelf_generator(
        &["check", "out/poster.pdf", "--distance", "0.5"],
        dir.path(),
    );
    assert_eq!(stdout(&phone).len(), 2, "{}", stderr(&phone));
}

#[test]
fn from_csv_numbers_png_pages_and_every_page_checks() {
    let dir = common::scratch();
    let csv = "sku,name,description,price_minor,stock_on_hand,gtin,active,image\n\
        MILK-1,Mjölk 3%,Fresh milk. Swedish farms.,1590,10,,true,Packages/Milk/Arla-Standard-Milk/Arla-Standard-Milk_Iconic.jpg\n\
        JUICE-2,Äpple Juice,,2490,10,,true,Packages/Juice/Bravo-Apple-Juice/Bravo-Apple-Juice_Iconic.jpg\n\
        OLD-3,Gone,,100,0,,false,\n\
        KIWI-4,Kiwi Class 1,,990,5,,true,Fruit/Kiwi/Kiwi_Iconic.jpg\n";
    std::fs::write(dir.path().join("products.csv"), csv).expect("write csv");
    let images = common::grocery_dir()
        .join("iconic-images-and-descriptions")
        .display()
        .to_string();
    let args = [
        "from-csv",
        "products.csv",
        "--url-template",
        "https://shop.example/p/{sku}",
        "--images",
        &images,
        "--page-size",
        "A3",
        "--columns",
        "2",
        "--rows",
        "1",
        "--currency",
        "SEK",
        "--distance",
        "0.4",
        "--dpi",
        "100",
        "--save-spec",
        "spec.json",
        "-o",
        "poster.png",
    ];
    let run = shelf_generator(&args, dir.path());
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        !dir.path().join("poster.png").exists(),
        "several pages get numbered files"
    );
    let page1 = shelf_generator(&["check", "poster-1.png"], dir.path());
    assert_eq!(
        stdout(&page1),
        [
            "HTTPS://SHOP.EXAMPLE/P/MILK-1",
            "HTTPS://SHOP.EXAMPLE/P/JUICE-2"
        ],
        "{}",
        stderr(&page1)
    );
    let page2 = shelf_generator(&["check", "poster-2.png"], dir.path());
    assert_eq!(stdout(&page2), ["HTTPS://SHOP.EXAMPLE/P/KIWI-4"]);
    assert_eq!(
        shelf_generator_dpi(&dir.path().join("poster-2.png")),
        Some(100.0)
    );
    let spec = std::fs::read_to_string(dir.path().join("spec.json")).expect("spec saved");
    assert!(spec.contains("\"subtitle\": \"Fresh milk\""), "{spec}");
}

fn shelf_generator_dpi(path: &Path) -> Option<f64> {
    shelf_generator::decode::png_dpi(path).map(|dpi| (dpi * 10.0).round() / 10.0)
}

#[test]
fn svg_output_is_self_contained() {
    let dir = common::scratch();
    let csv = "sku,name,price_minor\nA,신라면,4980\n";
    std::fs::write(dir.path().join("p.csv"), csv).expect("write");
    let run = shelf_generator(
        &[
            "from-csv",
            "p.csv",
            "--url-template",
            "https://shop.example/p/{sku}",
            "--page-size",
            "A4",
            "--distance",
            "0.3",
            "-o",
            "p.svg",
        ],
        dir.path(),
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let svg = std::fs::read_to_string(dir.path().join("p.svg")).expect("svg written");
    assert!(!svg.contains("<text"), "text is converted to outlines");
    let tree = usvg::Tree::from_str(&svg, &usvg::Options::default()).expect("valid SVG");
    assert!(
        (tree.size().width() - 216.0 / 25.4 * 96.0).abs() < 0.5,
        "A4 plus 2 × 3 mm bleed"
    );
}

#[test]
fn refusals_and_bad_input_exit_with_clear_messages_and_write_nothing() {
    let dir = common::scratch();
    std::fs::write(
        dir.path().join("far.json"),
        r#"{"title": "T", "scan_distance_m": 20, "page": {"size": "A4"},
            "slots": [{"name": "A", "price": {"amount_minor": 100, "currency": "EUR"}, "url": "https://s.example/a"}]}"#,
    )
    .expect("write");
    let refused = shelf_generator(&["render", "far.json", "-o", "far.pdf"], dir.path());
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("error: page.size: scanning from 20 m needs codes of"),
        "{}",
        stderr(&refused)
    );
    assert!(stderr(&refused).contains("nothing was written"));
    assert!(!dir.path().join("far.pdf").exists());
    let forced = shelf_generator(
        &["render", "far.json", "-o", "far.pdf", "--force"],
        dir.path(),
    );
    assert!(forced.status.success(), "{}", stderr(&forced));

    std::fs::write(
        dir.path().join("bad.json"),
        r#"{"title": "T", "scan_distance_m": 1, "slots": [], "page": {"size": "B7"}}"#,
    )
    .expect("write");
    let bad = shelf_generator(&["render", "bad.json", "-o", "x.png"], dir.path());
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("unknown page size `B7`"),
        "{}",
        stderr(&bad)
    );

    let extension = shelf_generator(&["render", "far.json", "-o", "far.jpg"], dir.path());
    assert!(stderr(&extension).contains("must end in .pdf, .png or .svg"));

    image::GrayImage::from_pixel(50, 50, image::Luma([255]))
        .save(dir.path().join("blank.png"))
        .expect("blank");
    let nothing = shelf_generator(&["check", "blank.png"], dir.path());
    assert_eq!(nothing.status.code(), Some(1));
    assert!(stderr(&nothing).contains("no QR code found"));
}

#[test]
fn demo_writes_a_poster_whose_codes_scan_from_its_distance() {
    let dir = common::scratch();
    let run = shelf_generator(&["demo", "-o", "demo"], dir.path());
    assert!(run.status.success(), "{}", stderr(&run));
    for name in [
        "demo-poster.pdf",
        "demo-poster.png",
        "demo-poster.svg",
        "demo-poster.json",
    ] {
        assert!(
            dir.path().join("demo").join(name).is_file(),
            "{name} missing"
        );
    }
    let check = shelf_generator(
        &["check", "demo/demo-poster.png", "--distance", "0.7"],
        dir.path(),
    );
    let payloads = stdout(&check);
    assert_eq!(payloads.len(), 12, "{}", stderr(&check));
    assert_eq!(payloads[0], "HTTPS://SHOP.EXAMPLE/P/DEMO-RAMEN-5");
}

#[test]
fn help_explains_the_commands() {
    let help = shelf_generator(&["--help"], Path::new("."));
    let text = String::from_utf8_lossy(&help.stdout);
    for word in [
        "render",
        "from-csv",
        "check",
        "demo",
        "preflight",
        "--force",
        "--strict",
    ] {
        assert!(text.contains(word), "--help lacks {word}:\n{text}");
    }
    let csv_help = shelf_generator(&["from-csv", "--help"], Path::new("."));
    assert!(String::from_utf8_lossy(&csv_help.stdout).contains("--url-template <TEMPLATE>"));
}
