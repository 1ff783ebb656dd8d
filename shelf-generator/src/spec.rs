//! The poster spec: what a retailer (or the API) asks for, as serde types read from JSON
//! or TOML. Nothing here knows about layout or rendering.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use base64::Engine as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};

/// One poster: page, header, layout, look, scan distance and the products on its shelves.
///
/// Products that do not fit one page flow onto further pages of the same design.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PosterSpec {
    /// Headline of the header band, e.g. "Fresh from the market".
    pub title: String,
    /// Small line above the title, usually the retailer's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    /// Call to action at the right of the header, e.g. "Scan · pay · delivered tonight".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tagline: Option<String>,
    /// Text of the footer band (delivery terms, campaign dates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<String>,
    /// Paper size, orientation, bleed and margins.
    #[serde(default)]
    pub page: PageSpec,
    /// Shelves and products per shelf; automatic when left out.
    #[serde(default)]
    pub layout: LayoutSpec,
    /// Colours of header, wall, shelves and labels.
    #[serde(default)]
    pub theme: Theme,
    /// How far the commuter stands from the poster when scanning, in metres. The QR
    /// module size follows from it (see [`crate::qr::min_module_mm`]).
    pub scan_distance_m: f64,
    /// QR encoding choices.
    #[serde(default)]
    pub qr: QrSpec,
    /// BCP 47 locale for price formatting (`ko-KR`, `de-DE`); defaults from each currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The products, in shelf order: left to right, top shelf first.
    pub slots: Vec<Slot>,
}

/// Paper and print geometry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PageSpec {
    /// `A0`…`A4`, or `{ width_mm, height_mm }`.
    pub size: PageSize,
    /// Portrait (default) or landscape; swaps a named size's sides.
    pub orientation: Orientation,
    /// Artwork beyond the trim edge, cut off after printing (default 3 mm).
    pub bleed_mm: f64,
    /// Distance of text and codes from the trim edge (default 12 mm).
    pub margin_mm: f64,
}

impl Default for PageSpec {
    fn default() -> Self {
        Self {
            size: PageSize::A1,
            orientation: Orientation::Portrait,
            bleed_mm: 3.0,
            margin_mm: 12.0,
        }
    }
}

impl PageSpec {
    /// Trimmed page width and height in millimetres, orientation applied.
    pub fn trim_mm(&self) -> (f64, f64) {
        let (w, h) = self.size.portrait_mm();
        match self.orientation {
            Orientation::Portrait => (w, h),
            Orientation::Landscape => (h, w),
        }
    }
}

/// A paper size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PageSize {
    /// 841 × 1189 mm.
    A0,
    /// 594 × 841 mm.
    A1,
    /// 420 × 594 mm.
    A2,
    /// 297 × 420 mm.
    A3,
    /// 210 × 297 mm.
    A4,
    /// Any size, as given (the orientation still swaps the sides).
    Custom {
        /// Width in millimetres.
        width_mm: f64,
        /// Height in millimetres.
        height_mm: f64,
    },
}

impl PageSize {
    /// Width and height in portrait orientation, in millimetres.
    pub fn portrait_mm(self) -> (f64, f64) {
        match self {
            Self::A0 => (841.0, 1189.0),
            Self::A1 => (594.0, 841.0),
            Self::A2 => (420.0, 594.0),
            Self::A3 => (297.0, 420.0),
            Self::A4 => (210.0, 297.0),
            Self::Custom {
                width_mm,
                height_mm,
            } => (width_mm, height_mm),
        }
    }

    fn name(self) -> Option<&'static str> {
        Some(match self {
            Self::A0 => "A0",
            Self::A1 => "A1",
            Self::A2 => "A2",
            Self::A3 => "A3",
            Self::A4 => "A4",
            Self::Custom { .. } => return None,
        })
    }
}

impl std::str::FromStr for PageSize {
    type Err = String;

    /// `A0`…`A4` (any case) or `WIDTHxHEIGHT` in millimetres, e.g. `600x900`.
    fn from_str(s: &str) -> Result<Self, String> {
        let named = [Self::A0, Self::A1, Self::A2, Self::A3, Self::A4];
        if let Some(size) = named
            .into_iter()
            .find(|size| size.name().is_some_and(|n| n.eq_ignore_ascii_case(s)))
        {
            return Ok(size);
        }
        let parse = |part: &str| {
            part.trim()
                .trim_end_matches("mm")
                .trim()
                .parse::<f64>()
                .ok()
        };
        match s.to_ascii_lowercase().split_once('x') {
            Some((w, h)) => match (parse(w), parse(h)) {
                (Some(width_mm), Some(height_mm)) => Ok(Self::Custom {
                    width_mm,
                    height_mm,
                }),
                _ => Err(format!(
                    "`{s}` is not a size: use A0…A4 or WIDTHxHEIGHT in mm, e.g. 600x900"
                )),
            },
            None => Err(format!(
                "unknown page size `{s}`: use A0…A4 or WIDTHxHEIGHT in mm, e.g. 600x900"
            )),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum PageSizeRepr {
    Named(String),
    Custom { width_mm: f64, height_mm: f64 },
}

impl Serialize for PageSize {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let repr = match (self.name(), *self) {
            (Some(name), _) => PageSizeRepr::Named(name.to_owned()),
            (
                None,
                Self::Custom {
                    width_mm,
                    height_mm,
                },
            ) => PageSizeRepr::Custom {
                width_mm,
                height_mm,
            },
            (None, _) => unreachable!("every named size has a name"),
        };
        repr.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for PageSize {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match PageSizeRepr::deserialize(deserializer)? {
            PageSizeRepr::Named(name) => name.parse().map_err(serde::de::Error::custom),
            PageSizeRepr::Custom {
                width_mm,
                height_mm,
            } => Ok(Self::Custom {
                width_mm,
                height_mm,
            }),
        }
    }
}

/// Page orientation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    /// Taller than wide.
    #[default]
    Portrait,
    /// Wider than tall.
    Landscape,
}

/// Shelves (rows) and products per shelf (columns) on each page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct LayoutSpec {
    /// Products per shelf; chosen automatically when left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub columns: Option<u32>,
    /// Shelves per page; chosen automatically when left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<u32>,
}

/// Colours as `#rrggbb`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Theme {
    /// Header band and shelf-edge strip.
    pub brand: String,
    /// Text on the brand colour.
    pub on_brand: String,
    /// Back wall of the shelf unit; photos are multiplied onto it, so white photo
    /// backgrounds take this colour.
    pub wall: String,
    /// Shelf boards.
    pub shelf: String,
    /// Price panel of the labels.
    pub price: String,
    /// Text on labels.
    pub text: String,
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            brand: "#c8102e".into(),
            on_brand: "#ffffff".into(),
            wall: "#f4f1ea".into(),
            shelf: "#d9dde2".into(),
            price: "#ffd31a".into(),
            text: "#1d1d1f".into(),
        }
    }
}

/// QR encoding choices.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QrSpec {
    /// Lowest error correction level; raised to Q when that needs no bigger symbol.
    pub error_correction: ErrorCorrection,
    /// Upper-case the payload so a URL encodes in alphanumeric mode (default true). Turn
    /// off only for a target server whose paths are case-sensitive.
    pub uppercase: bool,
    /// Module size in millimetres, instead of the one derived from the scan distance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub module_mm: Option<f64>,
}

impl Default for QrSpec {
    fn default() -> Self {
        Self {
            error_correction: ErrorCorrection::M,
            uppercase: true,
            module_mm: None,
        }
    }
}

/// QR error correction levels fit for print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ErrorCorrection {
    /// Restores 15 % of damaged codewords: smallest symbol that survives light wear.
    #[default]
    M,
    /// Restores 25 %: for scuffed, dirty or partly covered posters.
    Q,
}

/// One product on a shelf.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slot {
    /// Stock keeping unit; shown nowhere, kept to tie the slot back to the catalogue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    /// Product name on the label (shrinks, then ellipsizes, to fit two lines).
    pub name: String,
    /// Second line: volume, origin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Printed price.
    pub price: Money,
    /// Product photo (JPEG, PNG, WebP, GIF or SVG); a drawn placeholder when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageSource>,
    /// What the QR code opens. Upper-cased unless `qr.uppercase` is false.
    pub url: String,
}

/// Money as integer minor units of an ISO 4217 currency (KRW has none, EUR two).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// Amount in minor units: cents for EUR, won for KRW.
    pub amount_minor: i64,
    /// ISO 4217 code, e.g. `KRW`, `EUR`.
    pub currency: String,
}

/// Where a product photo comes from.
///
/// In JSON or TOML a plain string is a path (relative paths are resolved against
/// [`crate::BuildOptions::base_dir`]); `{ "path": … }` and `{ "base64": … }` are accepted too.
#[derive(Clone, PartialEq)]
pub enum ImageSource {
    /// A file on disk.
    Path(PathBuf),
    /// The encoded image file's bytes, as the API holds uploaded photos.
    Bytes(Arc<[u8]>),
}

impl std::fmt::Debug for ImageSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Path(path) => f.debug_tuple("Path").field(path).finish(),
            Self::Bytes(bytes) => write!(f, "Bytes({} bytes)", bytes.len()),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum ImageSourceRepr {
    Path(PathBuf),
    Tagged(TaggedImage),
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
enum TaggedImage {
    Path(PathBuf),
    Base64(String),
}

impl Serialize for ImageSource {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Path(path) => ImageSourceRepr::Path(path.clone()),
            Self::Bytes(bytes) => ImageSourceRepr::Tagged(TaggedImage::Base64(
                base64::engine::general_purpose::STANDARD.encode(bytes),
            )),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ImageSource {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match ImageSourceRepr::deserialize(deserializer)? {
            ImageSourceRepr::Path(path) | ImageSourceRepr::Tagged(TaggedImage::Path(path)) => {
                Self::Path(path)
            }
            ImageSourceRepr::Tagged(TaggedImage::Base64(text)) => Self::Bytes(
                base64::engine::general_purpose::STANDARD
                    .decode(text.trim())
                    .map_err(|e| {
                        serde::de::Error::custom(format!("image.base64 is not base64: {e}"))
                    })?
                    .into(),
            ),
        })
    }
}

impl PosterSpec {
    /// Reads a spec from JSON.
    pub fn from_json(text: &str) -> Result<Self> {
        serde_json::from_str(text).map_err(|e| Error::Parse(format!("JSON: {e}")))
    }

    /// Reads a spec from TOML, the format for hand-written specs.
    pub fn from_toml(text: &str) -> Result<Self> {
        toml::from_str(text).map_err(|e| Error::Parse(format!("TOML: {e}")))
    }

    /// Reads a spec file: TOML when the extension is `.toml`, JSON otherwise.
    pub fn from_path(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let is_toml = path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("toml"));
        if is_toml {
            Self::from_toml(&text)
        } else {
            Self::from_json(&text)
        }
        .map_err(|e| Error::Parse(format!("{}: {e}", path.display())))
    }

    /// The spec as pretty JSON (images given as bytes are written as base64).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_named_and_custom_sizes_and_image_forms() {
        let spec = PosterSpec::from_json(
            r#"{"title": "T", "scan_distance_m": 0.5,
                "page": {"size": "a2", "orientation": "landscape"},
                "slots": [
                  {"name": "a", "price": {"amount_minor": 1, "currency": "EUR"}, "url": "u", "image": "x.jpg"},
                  {"name": "b", "price": {"amount_minor": 1, "currency": "EUR"}, "url": "u", "image": {"base64": "AAEC"}}
                ]}"#,
        )
        .expect("valid spec");
        assert_eq!(spec.page.size, PageSize::A2);
        assert_eq!(spec.page.trim_mm(), (594.0, 420.0));
        assert_eq!(spec.slots[0].image, Some(ImageSource::Path("x.jpg".into())));
        assert_eq!(
            spec.slots[1].image,
            Some(ImageSource::Bytes(vec![0, 1, 2].into()))
        );
        let again = PosterSpec::from_json(&spec.to_json()).expect("round trip");
        assert_eq!(again, spec);

        let toml = PosterSpec::from_toml(
            "title = 'T'\nscan_distance_m = 1.0\nslots = []\n[page]\nsize = { width_mm = 600, height_mm = 900 }\n",
        )
        .expect("valid TOML");
        assert_eq!(
            toml.page.size,
            PageSize::Custom {
                width_mm: 600.0,
                height_mm: 900.0
            }
        );
    }

    #[test]
    fn names_the_bad_field() {
        let err = PosterSpec::from_json(
            r#"{"title": "T", "scan_distance_m": 1, "slots": [], "page": {"size": "B5"}}"#,
        )
        .expect_err("B5 is not supported");
        assert!(err.to_string().contains("unknown page size `B5`"), "{err}");
        let err = PosterSpec::from_json(
            r#"{"title": "T", "scan_distance_m": 1, "slots": [], "colour": 1}"#,
        )
        .expect_err("unknown field");
        assert!(err.to_string().contains("unknown field `colour`"), "{err}");
        assert_eq!(
            "600x900".parse(),
            Ok(PageSize::Custom {
                width_mm: 600.0,
                height_mm: 900.0
            })
        );
    }
}
