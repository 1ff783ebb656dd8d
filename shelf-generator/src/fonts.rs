//! The embedded fonts: Noto Sans (Latin with accents, Greek, Cyrillic) as the default and
//! Noto Sans CJK KR (Hangul subset) as its fallback. Compiled into the binary so every
//! machine renders the same poster and every PDF embeds its fonts; see
//! `assets/fonts/README.md` for provenance and licence.
//!
//! Text is measured here with the same shaping engine (rustybuzz) and the same per-character
//! fallback that usvg uses when it lays the text out, so a line measured to fit does fit.

use std::sync::{Arc, OnceLock};

use usvg::fontdb;

/// Font family of the default font, as written into the SVG.
pub const FAMILY: &str = "Noto Sans";
/// Font family used for characters the default font lacks (Hangul).
pub const FALLBACK_FAMILY: &str = "Noto Sans CJK KR";

/// The two weights the poster uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// Body text: subtitles, footer.
    Regular,
    /// Names, prices, title.
    Bold,
}

impl Weight {
    /// CSS `font-weight`.
    pub fn css(self) -> u16 {
        match self {
            Self::Regular => 400,
            Self::Bold => 700,
        }
    }
}

/// (weight, primary face, fallback face), in the order fallback is tried.
const FACES: [(Weight, &[u8], &[u8]); 2] = [
    (
        Weight::Regular,
        include_bytes!("../../assets/fonts/NotoSans-Regular.ttf"),
        include_bytes!("../../assets/fonts/NotoSansCJKkr-Hangul-Regular.otf"),
    ),
    (
        Weight::Bold,
        include_bytes!("../../assets/fonts/NotoSans-Bold.ttf"),
        include_bytes!("../../assets/fonts/NotoSansCJKkr-Hangul-Bold.otf"),
    ),
];

/// The font database handed to usvg: only the embedded faces, never system fonts, so
/// output does not depend on the machine.
pub fn database() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        for (_, primary, fallback) in FACES {
            db.load_font_data(primary.to_vec());
            db.load_font_data(fallback.to_vec());
        }
        db.set_sans_serif_family(FAMILY);
        db.set_serif_family(FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// A usvg font resolver whose fallback keeps the weight of the text it falls back from
/// (usvg's default may pick a regular face for bold text), so measurement and layout agree.
pub fn resolver() -> usvg::FontResolver<'static> {
    usvg::FontResolver {
        select_font: usvg::FontResolver::default_font_selector(),
        select_fallback: Box::new(|c, used, db| {
            let base_weight = used
                .first()
                .and_then(|id| db.face(*id))
                .map(|face| face.weight);
            let has_char = |id| {
                db.with_face_data(id, |data, index| {
                    rustybuzz::Face::from_slice(data, index)
                        .and_then(|face| face.glyph_index(c))
                        .is_some()
                })
                .unwrap_or(false)
            };
            let candidates = db
                .faces()
                .filter(|face| !used.contains(&face.id) && has_char(face.id));
            let (same_weight, other): (Vec<_>, Vec<_>) = candidates
                .map(|face| (face.id, Some(face.weight) == base_weight))
                .partition(|(_, same)| *same);
            same_weight
                .into_iter()
                .chain(other)
                .map(|(id, _)| id)
                .next()
        }),
    }
}

struct Shaper {
    /// Per weight: primary, fallback.
    faces: Vec<(Weight, rustybuzz::Face<'static>, rustybuzz::Face<'static>)>,
}

fn shaper() -> &'static Shaper {
    static SHAPER: OnceLock<Shaper> = OnceLock::new();
    SHAPER.get_or_init(|| Shaper {
        faces: FACES
            .iter()
            .filter_map(|(weight, primary, fallback)| {
                Some((
                    *weight,
                    rustybuzz::Face::from_slice(primary, 0)?,
                    rustybuzz::Face::from_slice(fallback, 0)?,
                ))
            })
            .collect(),
    })
}

fn faces(
    weight: Weight,
) -> Option<(
    &'static rustybuzz::Face<'static>,
    &'static rustybuzz::Face<'static>,
)> {
    shaper()
        .faces
        .iter()
        .find(|(w, ..)| *w == weight)
        .map(|(_, primary, fallback)| (primary, fallback))
}

/// Advance width of `text` set at a font size of 1 (so multiply by the size in mm).
pub fn width_em(text: &str, weight: Weight) -> f64 {
    let Some((primary, fallback)) = faces(weight) else {
        return 0.0;
    };
    // Split into runs by the face that has the glyph, as usvg's fallback does, and shape
    // each run with its face.
    let mut total = 0.0;
    let mut run = String::new();
    let mut run_is_fallback = false;
    let mut flush = |run: &mut String, is_fallback: bool| {
        if run.is_empty() {
            return;
        }
        let face = if is_fallback { fallback } else { primary };
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(run);
        let shaped = rustybuzz::shape(face, &[], buffer);
        let advance: i64 = shaped
            .glyph_positions()
            .iter()
            .map(|p| i64::from(p.x_advance))
            .sum();
        total += advance as f64 / f64::from(face.units_per_em());
        run.clear();
    };
    for c in text.chars() {
        let use_fallback = primary.glyph_index(c).is_none() && fallback.glyph_index(c).is_some();
        if use_fallback != run_is_fallback {
            flush(&mut run, run_is_fallback);
            run_is_fallback = use_fallback;
        }
        run.push(c);
    }
    flush(&mut run, run_is_fallback);
    total
}

/// Characters of `text` that no embedded font can draw (they would print as empty boxes).
pub fn missing_chars(text: &str) -> Vec<char> {
    let Some((primary, fallback)) = faces(Weight::Regular) else {
        return Vec::new();
    };
    let mut missing: Vec<char> = text
        .chars()
        .filter(|c| {
            !c.is_control()
                && primary.glyph_index(*c).is_none()
                && fallback.glyph_index(*c).is_none()
        })
        .collect();
    missing.dedup();
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_latin_accents_and_hangul() {
        let latin = width_em("Mjölk", Weight::Bold);
        assert!(latin > 2.0 && latin < 4.0, "{latin}");
        assert!(width_em("Mjölk 3%", Weight::Bold) > latin);
        let hangul = width_em("서울우유", Weight::Bold);
        assert!(
            hangul > 3.5 && hangul < 4.2,
            "Hangul is about 1 em a syllable: {hangul}"
        );
        assert!(missing_chars("₩3,900 3,90 € Äpple 신라면").is_empty());
        assert_eq!(missing_chars("中"), vec!['中']);
        assert_eq!(database().len(), 4);
    }
}
