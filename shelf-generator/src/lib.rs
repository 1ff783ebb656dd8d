//! Product data in, printable, scannable shelf posters out. Knows nothing of HTTP or
//! databases: the API renders stored posters through this library, and the
//! `shelf-generator` CLI uses it offline.
//!
//! The pipeline: a [`PosterSpec`] (serde; JSON or TOML) is planned and preflighted by
//! [`Poster::build`] (validation, QR encoding, layout, text fitting, resolution checks; see
//! [`mod@preflight`]; [`preflight()`] runs it alone), drawn once as an SVG scene, and emitted as PDF ([`Poster::to_pdf`]), PNG
//! ([`Poster::to_png`]) or SVG ([`Poster::to_svg`]). [`decode`] reads the codes back.
//!
//! ```no_run
//! # fn main() -> shelf_generator::Result<()> {
//! use shelf_generator::{BuildOptions, ImageSource, Money, PdfOptions, Poster, PosterSpec, Slot};
//!
//! let photo: Vec<u8> = std::fs::read("ramen.jpg").map_err(|e| shelf_generator::Error::Io {
//!     path: "ramen.jpg".into(),
//!     source: e,
//! })?;
//! let mut spec = PosterSpec::from_json(r#"{"title": "Dinner tonight", "scan_distance_m": 0.5, "slots": []}"#)?;
//! spec.slots.push(Slot {
//!     sku: Some("DEMO-RAMEN-5".into()),
//!     name: "신라면 멀티팩".into(),
//!     subtitle: Some("5 × 120 g".into()),
//!     price: Money { amount_minor: 4980, currency: "KRW".into() },
//!     image: Some(ImageSource::Bytes(photo.into())),
//!     url: "https://shop.example/s/7q2k9xj4".into(),
//! });
//! let poster = Poster::build(&spec, &BuildOptions::default())?;
//! let pdf = poster.to_pdf(&PdfOptions::default())?;
//! # let _ = pdf; Ok(()) }
//! ```

pub mod catalog;
pub mod decode;
pub mod demo;
mod error;
pub mod fonts;
pub mod images;
pub mod layout;
pub mod money;
mod plan;
pub mod preflight;
pub mod qr;
mod render;
pub mod share_card;
pub mod spec;
pub mod text;

pub use error::{Error, Result};
pub use plan::{BuildOptions, preflight};
pub use preflight::{Issue, Kind, Policy, Report, Severity};
pub use render::{
    CropMarks, Format, PdfOptions, Placement, PngOptions, Poster, RenderOptions, page_path, render,
    svg_pages_to_pdf,
};
pub use spec::{
    ErrorCorrection, ImageSource, LayoutSpec, Money, Orientation, PageSize, PageSpec, PosterSpec,
    QrSpec, Slot, Theme,
};
