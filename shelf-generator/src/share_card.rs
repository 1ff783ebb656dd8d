//! Share cards: the 1200 × 630 picture link previews show of a product (Open Graph's
//! recommended size): its photo, name and price, and a QR code of its share page large
//! enough to scan off a screen. Drawn as an SVG scene with the posters' fonts, photo
//! placement, text fitting and QR symbols, then rasterized.

use std::fmt::Write;

use crate::error::Result;
use crate::fonts::Weight;
use crate::images::{Photo, rasterize_svg};
use crate::layout::Rect;
use crate::qr::{QUIET_ZONE, Symbol};
use crate::render::svg::{escape, num};
use crate::spec::{ErrorCorrection, ImageSource, Money};
use crate::text::{self, TextStyle};

/// Card width in pixels.
pub const WIDTH: u32 = 1200;
/// Card height in pixels.
pub const HEIGHT: u32 = 630;

/// The photo's square on the left, with a margin all round.
const PHOTO: Rect = Rect {
    x: 40.0,
    y: 40.0,
    w: 550.0,
    h: 550.0,
};
/// Left edge and width of the text column on the right.
const COLUMN_X: f64 = 640.0;
const COLUMN_W: f64 = 520.0;
/// The QR code's side, quiet zone included: about 6 px per module for a share URL, which
/// phone cameras read off a screen at arm's length.
const QR_SIDE: f64 = 250.0;
/// The text's ascent and line height as fractions of the font size.
const ASCENT: f64 = 0.88;
const LINE: f64 = 1.18;
const INK: &str = "#1d1d1f";
const ACCENT: &str = "#d6001c";
const PANEL: &str = "#f5f5f7";

/// What a share card shows.
#[derive(Debug, Clone)]
pub struct ShareCard {
    /// The product's name (any script the embedded fonts cover, Korean included).
    pub name: String,
    /// Its price.
    pub price: Money,
    /// Locale the price is formatted for (`ko-KR`); the currency's default when `None`.
    pub locale: Option<String>,
    /// The URL the QR code encodes: the product's share page.
    pub url: String,
    /// Its photo; a card without one shows an empty panel in its place.
    pub photo: Option<ImageSource>,
}

impl ShareCard {
    /// The card as a 1200 × 630 PNG.
    pub fn to_png(&self) -> Result<Vec<u8>> {
        rasterize_svg(self.to_svg()?.as_bytes(), WIDTH)
    }

    /// The card's scene, in pixels, referring to the embedded fonts by name.
    pub fn to_svg(&self) -> Result<String> {
        let mut svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}"><rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>"#
        );
        self.photo(&mut svg)?;
        let name = text::fit(
            &self.name,
            &TextStyle {
                weight: Weight::Bold,
                size_mm: 56.0,
                min_size_mm: 36.0,
                max_lines: 3,
            },
            COLUMN_W,
        );
        let mut top = 56.0;
        for line in &name.lines {
            write_text(
                &mut svg,
                top + ASCENT * name.size_mm,
                name.size_mm,
                Weight::Bold,
                INK,
                line,
            );
            top += LINE * name.size_mm;
        }
        let price = crate::money::format_price(&self.price, self.locale.as_deref())?;
        let price = text::fit(
            &price,
            &TextStyle {
                weight: Weight::Bold,
                size_mm: 64.0,
                min_size_mm: 40.0,
                max_lines: 1,
            },
            COLUMN_W,
        );
        for line in &price.lines {
            write_text(
                &mut svg,
                top + 16.0 + ASCENT * price.size_mm,
                price.size_mm,
                Weight::Bold,
                ACCENT,
                line,
            );
        }
        let symbol = Symbol::encode(&self.url, ErrorCorrection::M, "url")?;
        let module = QR_SIDE / symbol.size_with_quiet_zone() as f64;
        let (qr_x, qr_y) = (COLUMN_X, f64::from(HEIGHT) - 40.0 - QR_SIDE);
        let quiet = QUIET_ZONE as f64 * module;
        let _ = write!(
            svg,
            r#"<path d="{}" fill="black" shape-rendering="crispEdges"/></svg>"#,
            symbol.path_data(qr_x + quiet, qr_y + quiet, module)
        );
        Ok(svg)
    }

    /// The photo standing in its square, or an empty panel.
    fn photo(&self, svg: &mut String) -> Result<()> {
        let Some(source) = &self.photo else {
            let _ = write!(
                svg,
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="24" fill="{PANEL}"/>"#,
                num(PHOTO.x),
                num(PHOTO.y),
                num(PHOTO.w),
                num(PHOTO.h)
            );
            return Ok(());
        };
        let photo = Photo::load(source, None, "photo")?;
        let placed = photo.place(PHOTO);
        let (v, i) = (placed.visible, placed.image);
        let _ = write!(
            svg,
            r#"<clipPath id="photo"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath><g clip-path="url(#photo)"><image x="{}" y="{}" width="{}" height="{}" preserveAspectRatio="none" href="{}"/></g>"#,
            num(v.x),
            num(v.y),
            num(v.w),
            num(v.h),
            num(i.x),
            num(i.y),
            num(i.w),
            num(i.h),
            photo.data_url()
        );
        Ok(())
    }
}

/// One line of the text column at `baseline`.
fn write_text(svg: &mut String, baseline: f64, size: f64, weight: Weight, fill: &str, text: &str) {
    let _ = write!(
        svg,
        r#"<text x="{}" y="{}" font-size="{}" font-weight="{}" fill="{fill}" xml:space="preserve">{}</text>"#,
        num(COLUMN_X),
        num(baseline),
        num(size),
        weight.css(),
        escape(text)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(photo: Option<ImageSource>) -> ShareCard {
        ShareCard {
            name: "비비고 왕교자 1.05kg & <special>".into(),
            price: Money {
                amount_minor: 12900,
                currency: "KRW".into(),
            },
            locale: Some("ko-KR".into()),
            url: "https://shop.example/p/7Q2K9XJ4".into(),
            photo,
        }
    }

    #[test]
    fn is_1200_by_630_and_its_code_reads_back() {
        let png = card(None).to_png().expect("png");
        let image = image::load_from_memory(&png).expect("decodes").into_luma8();
        assert_eq!(image.dimensions(), (WIDTH, HEIGHT));
        let mut prepared = rqrr::PreparedImage::prepare(image);
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, content) = grids[0].decode().expect("decodes");
        assert_eq!(content, "https://shop.example/p/7Q2K9XJ4");
    }

    #[test]
    fn draws_korean_names_and_photos() {
        let photo = image::RgbImage::from_pixel(40, 60, image::Rgb([200, 30, 30]));
        let mut bytes = Vec::new();
        photo
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Png,
            )
            .expect("png");
        let card = card(Some(ImageSource::Bytes(bytes.into())));
        assert!(crate::fonts::missing_chars(&card.name).is_empty());
        let svg = card.to_svg().expect("svg");
        assert!(svg.contains("비비고"), "{svg}");
        assert!(svg.contains(">&lt;special&gt;<"), "escaped: {svg}");
        assert!(svg.contains("data:image/png;base64,"));
        let png = card.to_png().expect("png");
        let image = image::load_from_memory(&png).expect("decodes").into_rgb8();
        // The red photo stands in the left square, centred.
        assert_eq!(image.get_pixel(315, 500).0, [200, 30, 30]);
    }
}
