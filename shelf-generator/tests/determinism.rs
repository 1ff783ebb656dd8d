//! The same spec gives the same bytes in every format, in any process or thread: API nodes
//! cache print files each for itself, and a file must not depend on which node made it.

use shelf_generator::{BuildOptions, PdfOptions, PngOptions, Poster};

/// The demo poster in every format, rendered on a thread of its own: `HashMap`s are
/// seeded per thread, so an output that followed one's iteration order would differ.
fn render_on_a_new_thread() -> Vec<Vec<u8>> {
    std::thread::spawn(|| {
        let spec = shelf_generator::demo::demo_spec().expect("demo spec");
        let poster = Poster::build(&spec, &BuildOptions::default()).expect("demo poster");
        let png = PngOptions {
            dpi: 40.0,
            ..PngOptions::default()
        };
        vec![
            poster.to_pdf(&PdfOptions::default()).expect("pdf"),
            poster.to_png(0, &png).expect("png"),
            poster.to_svg(0).expect("svg").into_bytes(),
        ]
    })
    .join()
    .expect("render thread")
}

#[test]
fn every_render_of_a_spec_is_byte_identical() {
    let (first, second) = (render_on_a_new_thread(), render_on_a_new_thread());
    for ((format, a), b) in ["pdf", "png", "svg"].iter().zip(&first).zip(&second) {
        assert!(a == b, "two renders of the demo {format} differ");
    }
}
