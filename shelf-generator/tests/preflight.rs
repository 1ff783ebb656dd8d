//! Every preflight refusal and warning, with and without `force` / `strict`, and the
//! promise behind text shortening: no text leaves its box.

mod common;

use std::sync::Arc;

use shelf_generator::{
    BuildOptions, Error, Format, ImageSource, Kind, Money, PngOptions, Policy, Poster, PosterSpec,
    RenderOptions, Report, Severity, Slot,
};

fn slot(i: usize) -> Slot {
    Slot {
        sku: None,
        name: format!("Product {i}"),
        subtitle: Some("1 kg · Sweden".into()),
        price: Money {
            amount_minor: 2990,
            currency: "SEK".into(),
        },
        image: None,
        url: format!("https://shop.example/s/{}", common::scan_code(i)),
    }
}

fn spec_of(n: usize, size: &str, distance_m: f64) -> PosterSpec {
    common::spec((0..n).map(slot).collect(), size, distance_m)
}

fn build(spec: &PosterSpec, force: bool, strict: bool) -> Result<Poster, Report> {
    match Poster::build(
        spec,
        &BuildOptions {
            base_dir: None,
            policy: Policy { force, strict },
        },
    ) {
        Ok(poster) => Ok(poster),
        Err(Error::Refused(report)) => Err(report),
        Err(other) => panic!("unexpected error: {other}"),
    }
}

fn refused(spec: &PosterSpec, force: bool, strict: bool) -> Report {
    build(spec, force, strict).expect_err("the preflight refuses this poster")
}

fn png_bytes(width: u32, height: u32) -> Arc<[u8]> {
    let mut out = Vec::new();
    image::RgbImage::from_pixel(width, height, image::Rgb([200, 30, 40]))
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("encode png");
    out.into()
}

#[test]
fn codes_too_small_for_the_distance_are_refused_unless_forced() {
    // Fixed 8 × 8 grid on an A2: cells far too small for codes read from 1.5 m.
    let mut spec = spec_of(64, "A2", 1.5);
    spec.layout.columns = Some(8);
    spec.layout.rows = Some(8);
    let report = refused(&spec, false, false);
    let issue = report
        .of_kind(Kind::CodeTooSmall)
        .next()
        .expect("a code-too-small finding");
    assert_eq!(
        (issue.severity, issue.field.as_str()),
        (Severity::Error, "layout")
    );
    assert!(
        issue.message.contains("scanning from 1.5 m needs codes of"),
        "{}",
        issue.message
    );

    let poster = build(&spec, true, false).expect("--force prints anyway");
    let warning = poster
        .report()
        .of_kind(Kind::CodeTooSmall)
        .next()
        .expect("still reported");
    assert_eq!(warning.severity, Severity::Warning);
    let module = poster.placements()[0].module_mm;
    assert!(
        module < 1.5 * 1000.0 / 250.0,
        "the codes were shrunk to fit: {module} mm"
    );
}

#[test]
fn a_page_that_cannot_hold_one_code_is_refused() {
    let report = refused(&spec_of(1, "A4", 20.0), false, false);
    let issue = report.of_kind(Kind::CodeTooSmall).next().expect("finding");
    assert_eq!(issue.field, "page.size");
}

#[test]
fn an_explicit_module_below_the_rule_is_refused_unless_forced() {
    let mut spec = spec_of(4, "A2", 1.0);
    spec.qr.module_mm = Some(2.0);
    let report = refused(&spec, false, false);
    let issue = report.of_kind(Kind::CodeTooSmall).next().expect("finding");
    assert_eq!(issue.field, "qr.module_mm");
    assert!(
        issue.message.contains("scan from at most 0.50 m"),
        "{}",
        issue.message
    );
    assert!(build(&spec, true, false).is_ok());
    spec.qr.module_mm = Some(4.0);
    assert!(
        build(&spec, false, false).is_ok(),
        "4 mm modules suffice for 1 m"
    );
}

#[test]
fn low_resolution_photos_warn_and_strict_refuses() {
    let mut spec = spec_of(6, "A2", 0.5);
    spec.slots[0].image = Some(ImageSource::Path(common::grocery_dir().join(
        "iconic-images-and-descriptions/Fruit/Apple/Golden-Delicious/Golden-Delicious_Iconic.jpg",
    )));
    spec.slots[1].image = Some(ImageSource::Bytes(png_bytes(2000, 2000)));
    let poster = build(&spec, false, false).expect("a warning does not refuse");
    let warnings: Vec<_> = poster.report().of_kind(Kind::LowResolution).collect();
    assert_eq!(
        warnings.len(),
        1,
        "only the 198 px photo is too coarse: {warnings:?}"
    );
    assert_eq!(warnings[0].field, "slots[0].image");
    assert!(
        warnings[0].message.contains("ppi, under 150"),
        "{}",
        warnings[0].message
    );
    // The apple, printed wider than 33 mm: its pixels spread under 150 per inch.
    let source = spec.slots[0].image.as_ref().expect("an image");
    let photo = shelf_generator::images::Photo::load(source, None, "image").expect("loads");
    let placed = photo.place(poster.layout().cells[0].photo);
    assert!(
        placed.visible.w > 33.5,
        "printed {} mm wide",
        placed.visible.w
    );
    assert!(placed.ppi.is_some_and(|ppi| ppi < 150.0));

    let report = refused(&spec, false, true);
    assert!(report.errors().any(|i| i.kind == Kind::LowResolution));
}

#[test]
fn too_long_text_is_shortened_with_a_warning_and_never_overflows() {
    let mut spec = spec_of(12, "A3", 0.4);
    spec.slots[3].name =
        "Mandarin Grape Orange Färskpressad Juice med Fruktkött och Extra Allt Som Går ".repeat(3);
    spec.slots[5].subtitle =
        Some("서울특별시 중구 세종대로 110 신선식품 매장 직송 한정 수량 ".repeat(4));
    spec.title = "Färskt från marknaden – veckans bästa erbjudanden på frukt och grönt ".repeat(3);
    let poster = build(&spec, false, false).expect("shortening only warns");
    let fields: Vec<&str> = poster
        .report()
        .of_kind(Kind::TextShortened)
        .map(|i| i.field.as_str())
        .collect();
    assert_eq!(fields, ["slots[3].name", "slots[5].subtitle", "title"]);
    assert!(
        refused(&spec, false, true)
            .errors()
            .any(|i| i.kind == Kind::TextShortened)
    );

    // Every text node, as laid out by the renderer with the embedded fonts, lies inside
    // the label part, card, photo box or band it was fitted to.
    let layout = poster.layout();
    let frame = &layout.frame;
    let mut boxes = vec![frame.header_content, frame.footer];
    for cell in &layout.cells {
        boxes.extend([cell.text, cell.price, cell.card, cell.photo]);
    }
    let tree = poster.tree(0).expect("parses");
    let mut texts = 0;
    visit_texts(tree.root(), &mut |bbox| {
        texts += 1;
        // Tree units are CSS pixels; the layout is in mm.
        let mm = |px: f32| f64::from(px) * 25.4 / 96.0;
        let r = shelf_generator::layout::Rect::new(
            mm(bbox.x()),
            mm(bbox.y()),
            mm(bbox.width()),
            mm(bbox.height()),
        );
        assert!(
            boxes.iter().any(|b| b.contains(&r, 0.05)),
            "text at {r:?} leaves its box"
        );
    });
    assert!(texts > 12 * 3, "found only {texts} text nodes");
}

fn visit_texts(group: &usvg::Group, f: &mut impl FnMut(usvg::Rect)) {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => visit_texts(g, f),
            // The ink: the glyph outlines (the text's own box spans the font's full line
            // height). The outlines are in the text's coordinates: map them to the canvas.
            usvg::Node::Text(text) => {
                let ink = text
                    .flattened()
                    .abs_bounding_box()
                    .transform(text.abs_transform());
                f(ink.expect("a finite box"))
            }
            _ => {}
        }
    }
}

#[test]
fn urls_outside_alphanumeric_mode_warn() {
    let mut spec = spec_of(2, "A3", 0.4);
    spec.qr.uppercase = false;
    let poster = build(&spec, false, false).expect("builds");
    let issue = poster
        .report()
        .of_kind(Kind::NotAlphanumeric)
        .next()
        .expect("warning");
    assert_eq!(issue.field, "slots[0].url");
    spec.qr.uppercase = true;
    assert_eq!(
        build(&spec, false, false)
            .expect("builds")
            .report()
            .of_kind(Kind::NotAlphanumeric)
            .count(),
        0
    );
}

#[test]
fn characters_without_a_glyph_warn() {
    let mut spec = spec_of(2, "A3", 0.4);
    spec.slots[1].name = "有机豆腐".into();
    let poster = build(&spec, false, false).expect("builds");
    let issue = poster
        .report()
        .of_kind(Kind::MissingGlyphs)
        .next()
        .expect("warning");
    assert_eq!(issue.field, "slots[1].name");
}

#[test]
fn invalid_fields_are_refused_even_when_forced_and_named() {
    let mut spec = spec_of(3, "A3", 0.4);
    spec.slots[0].price.currency = "XYZ".into();
    spec.slots[1].price.amount_minor = -5;
    spec.slots[2].url = " ".into();
    spec.theme.wall = "beige".into();
    spec.page.bleed_mm = -1.0;
    spec.slots[1].image = Some(ImageSource::Path("/nonexistent/photo.jpg".into()));
    let report = refused(&spec, true, false);
    let fields: Vec<&str> = report.errors().map(|i| i.field.as_str()).collect();
    for expected in [
        "slots[0].price.currency",
        "slots[1].price.amount_minor",
        "slots[2].url",
        "theme.wall",
        "page.bleed_mm",
        "slots[1].image",
    ] {
        assert!(fields.contains(&expected), "{expected} not in {fields:?}");
    }
    let empty = refused(&spec_of(0, "A3", 0.4), false, false);
    assert_eq!(
        empty.errors().next().map(|i| i.field.as_str()),
        Some("slots")
    );
    let mut far = spec_of(1, "A3", 0.4);
    far.scan_distance_m = 0.0;
    assert_eq!(
        refused(&far, true, false)
            .errors()
            .next()
            .map(|i| i.field.as_str()),
        Some("scan_distance_m")
    );
}

#[test]
fn the_preflight_runs_alone_and_render_builds_in_one_call() {
    let mut spec = spec_of(64, "A2", 1.5);
    spec.layout.columns = Some(8);
    spec.layout.rows = Some(8);
    let options = BuildOptions::default();
    let report = shelf_generator::preflight(&spec, &options);
    assert!(report.is_refused() && report.of_kind(Kind::CodeTooSmall).count() == 1);
    let err = shelf_generator::render(&spec, Format::Pdf, &RenderOptions::default())
        .expect_err("refused");
    assert!(matches!(err, Error::Refused(_)), "{err}");

    let small = spec_of(3, "A4", 0.3);
    assert!(!shelf_generator::preflight(&small, &options).is_refused());
    let options = RenderOptions {
        png: PngOptions {
            dpi: 40.0,
            threads: 1,
        },
        ..RenderOptions::default()
    };
    let pages = shelf_generator::render(&small, Format::Png, &options).expect("renders");
    assert_eq!(pages.len(), 1);
    assert!(pages[0].starts_with(b"\x89PNG"));
}
