//! The benchmark: an A1 poster of 48 products (the grocery fixtures, 198 px
//! JPEGs) as PDF and as PNG at 300 DPI, and QR encoding per code.
//!
//! `cargo bench -p shelf-generator` runs it; the spec it measures is also written to
//! `$CARGO_TARGET_TMPDIR/a1-48.json` so that the CLI can be timed on the same poster with
//! `/usr/bin/time -v` for peak memory (see docs/performance.md).
#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented public fn"
)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use shelf_generator::qr::Symbol;
use shelf_generator::{BuildOptions, ErrorCorrection, PdfOptions, PngOptions, Poster};

fn a1_48() -> shelf_generator::PosterSpec {
    let spec = common::spec(common::grocery_slots()[..48].to_vec(), "A1", 0.4);
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("a1-48.json");
    if let Err(e) = std::fs::write(&path, spec.to_json()) {
        eprintln!("could not save {}: {e}", path.display());
    }
    spec
}

fn benches(c: &mut Criterion) {
    let spec = a1_48();
    let options = BuildOptions::default();
    let poster = Poster::build(&spec, &options).expect("the benchmark poster builds");
    assert_eq!(poster.page_count(), 1, "48 products fit one A1 at 0.4 m");

    c.bench_function("qr_encode_api_url", |b| {
        b.iter(|| {
            Symbol::encode(
                black_box("HTTPS://SHOP.EXAMPLE/S/7Q2K9XJ4"),
                ErrorCorrection::M,
                "url",
            )
        })
    });
    c.bench_function(
        "build_a1_48 (preflight, layout, text fitting, scene)",
        |b| b.iter(|| Poster::build(black_box(&spec), &options).expect("builds")),
    );

    let mut slow = c.benchmark_group("a1_48");
    slow.sample_size(10);
    slow.bench_function("pdf", |b| {
        b.iter(|| {
            let poster = Poster::build(black_box(&spec), &options).expect("builds");
            poster.to_pdf(&PdfOptions::default()).expect("pdf")
        })
    });
    slow.bench_function("png_300dpi", |b| {
        b.iter(|| {
            let poster = Poster::build(black_box(&spec), &options).expect("builds");
            poster
                .write_png(0, &PngOptions::default(), std::io::sink())
                .expect("png")
        })
    });
    slow.bench_function("png_300dpi_one_thread", |b| {
        b.iter(|| {
            let poster = Poster::build(black_box(&spec), &options).expect("builds");
            poster
                .write_png(
                    0,
                    &PngOptions {
                        threads: 1,
                        ..PngOptions::default()
                    },
                    std::io::sink(),
                )
                .expect("png")
        })
    });
    slow.finish();
}

criterion_group!(poster, benches);
criterion_main!(poster);
