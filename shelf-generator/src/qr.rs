//! QR symbols for print: payload normalization, encoding at a print-fit error correction
//! level, the module size a scan distance needs, and the symbol as one vector path.

use crate::error::{Error, Result};
use crate::spec::ErrorCorrection;

/// Light modules kept clear on every side of a symbol (ISO/IEC 18004 requires 4).
pub const QUIET_ZONE: usize = 4;

/// Scan distance divided by the module size: a module must be at least 1/250 of the
/// distance at which the code is scanned.
///
/// Why 250: the print trade's rule of thumb is a code at least a tenth of the scan
/// distance wide, margin excluded (e.g. delivr.com's QR printing guidelines; QR size guides
/// repeat it as "the 10:1 rule"), stated for the short URLs it is applied to, whose symbols
/// are about 25 modules wide (version 2: 25 × 25). Stated per module, it carries over to
/// longer payloads: a version 3 symbol gets proportionally bigger. Cross-check with a
/// camera: a phone scanning in portrait sees about 55° across (a 26 mm-equivalent lens on
/// the short side of a 4:3 sensor), 1.04 × the distance, on the 1080 px that QR scanners
/// analyse; a module of distance / 250 then covers 1080 / (1.04 × 250) ≈ 4.2 px, twice the
/// 2 px per module below which decoders give up. [`crate::decode::PhoneCamera`] simulates
/// that view, and the tests decode posters through it.
pub const DISTANCE_PER_MODULE: f64 = 250.0;

/// The smallest module, in millimetres, that scans from `distance_m` metres.
pub fn min_module_mm(distance_m: f64) -> f64 {
    distance_m * 1000.0 / DISTANCE_PER_MODULE
}

/// Characters of the QR alphanumeric mode, which packs 2 characters into 11 bits instead
/// of byte mode's 16: a smaller symbol, so bigger modules in the same space.
pub fn is_alphanumeric(payload: &str) -> bool {
    payload
        .chars()
        .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase() || " $%*+-./:".contains(c))
}

/// The payload printed for `url`: upper-cased when `uppercase` (scheme and host are
/// case-insensitive, and our scan URLs `/S/{CODE}` are too), trimmed otherwise.
pub fn payload(url: &str, uppercase: bool) -> String {
    let url = url.trim();
    if uppercase {
        url.to_uppercase()
    } else {
        url.to_owned()
    }
}

/// An encoded QR symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// The encoded text.
    pub payload: String,
    /// QR version, 1–40.
    pub version: i16,
    /// Error correction level actually used (may be above the requested one).
    pub error_correction: ErrorCorrection,
    /// Modules per side, quiet zone excluded.
    pub size: usize,
    dark: Vec<bool>,
}

impl Symbol {
    /// Encodes `payload` in the smallest version at `min_level`, then raises the level to Q
    /// when Q fits the same version: more damage tolerance at no cost in module size.
    pub fn encode(payload: &str, min_level: ErrorCorrection, field: &str) -> Result<Self> {
        use qrcode::{EcLevel, QrCode, Version};
        let level = match min_level {
            ErrorCorrection::M => EcLevel::M,
            ErrorCorrection::Q => EcLevel::Q,
        };
        let code = QrCode::with_error_correction_level(payload, level).map_err(|e| {
            Error::invalid(
                field,
                format!("cannot be encoded as a QR code ({e}); use a shorter URL"),
            )
        })?;
        let Version::Normal(version) = code.version() else {
            return Err(Error::invalid(
                field,
                "encoded as a Micro QR code, which phones do not read",
            ));
        };
        let (code, error_correction) = match (
            level,
            QrCode::with_version(payload, code.version(), EcLevel::Q),
        ) {
            (EcLevel::M, Ok(boosted)) => (boosted, ErrorCorrection::Q),
            _ => (code, min_level),
        };
        let size = code.width();
        let dark = code
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect();
        Ok(Self {
            payload: payload.to_owned(),
            version,
            error_correction,
            size,
            dark,
        })
    }

    /// Modules per side including the quiet zone on both sides.
    pub fn size_with_quiet_zone(&self) -> usize {
        self.size + 2 * QUIET_ZONE
    }

    /// Whether the module at column `x`, row `y` (quiet zone excluded) is dark.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark.get(y * self.size + x).copied().unwrap_or(false)
    }

    /// SVG path data drawing the dark modules of the symbol whose top-left module (quiet
    /// zone excluded) is at (`x`, `y`), `module` units per module.
    ///
    /// Each horizontal run of dark modules is one rectangle, and all rectangles form one
    /// path so that anti-aliasing renderers leave no seams between touching modules.
    pub fn path_data(&self, x: f64, y: f64, module: f64) -> String {
        let mut d = String::new();
        for row in 0..self.size {
            let mut col = 0;
            while col < self.size {
                if !self.is_dark(col, row) {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < self.size && self.is_dark(col, row) {
                    col += 1;
                }
                let (left, top, width) = (
                    x + start as f64 * module,
                    y + row as f64 * module,
                    (col - start) as f64 * module,
                );
                d.push_str(&format!(
                    "M{left:.3} {top:.3}h{width:.3}v{module:.3}h-{width:.3}z"
                ));
            }
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_urls_are_alphanumeric_and_small() {
        let payload = payload(" https://shop.example/s/7q2k9xj4 ", true);
        assert_eq!(payload, "HTTPS://SHOP.EXAMPLE/S/7Q2K9XJ4");
        assert!(is_alphanumeric(&payload));
        let symbol = Symbol::encode(&payload, ErrorCorrection::M, "url").expect("encodes");
        // 31 alphanumeric characters fit version 2 at M (38) but not at Q (29).
        assert_eq!(
            (symbol.version, symbol.size, symbol.error_correction),
            (2, 25, ErrorCorrection::M)
        );
        assert_eq!(symbol.size_with_quiet_zone(), 33);
        let lower = Symbol::encode("https://shop.example/s/7q2k9xj4", ErrorCorrection::M, "url")
            .expect("encodes");
        assert!(
            lower.version > symbol.version,
            "byte mode needs a bigger symbol"
        );
    }

    #[test]
    fn raises_the_level_when_free_and_draws_runs() {
        let symbol =
            Symbol::encode("HTTPS://A.EU/S/1", ErrorCorrection::M, "url").expect("encodes");
        assert_eq!(
            (symbol.version, symbol.error_correction),
            (1, ErrorCorrection::Q)
        );
        // Finder pattern: the top row starts with 7 dark modules.
        assert!((0..7).all(|x| symbol.is_dark(x, 0)) && !symbol.is_dark(7, 0));
        assert!(
            symbol
                .path_data(0.0, 0.0, 1.0)
                .starts_with("M0.000 0.000h7.000v1.000h-7.000z")
        );
        assert_eq!(min_module_mm(1.0), 4.0);
        let too_long = "A".repeat(5000);
        assert!(Symbol::encode(&too_long, ErrorCorrection::Q, "slots[0].url").is_err());
    }
}
