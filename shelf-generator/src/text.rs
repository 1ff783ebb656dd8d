//! Fitting text into a label: wrap, shrink down to a floor, then ellipsize. Text never
//! leaves its box.

use crate::fonts::{self, Weight};

/// Room left over on each line, because rounding and kerning across font runs can differ
/// by a hair between this measurement and the renderer's layout.
const SAFETY: f64 = 0.98;
/// Each shrink step multiplies the size by this.
const STEP: f64 = 0.94;
const ELLIPSIS: char = '…';

/// How a piece of text may be set.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    /// Font weight.
    pub weight: Weight,
    /// Preferred size (em height) in mm.
    pub size_mm: f64,
    /// Smallest size before the text is ellipsized instead.
    pub min_size_mm: f64,
    /// Lines available.
    pub max_lines: usize,
}

/// Text set to fit a width.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    /// The lines to draw, each no wider than the box.
    pub lines: Vec<String>,
    /// Font size in mm.
    pub size_mm: f64,
    /// Whether characters were cut and replaced by `…`.
    pub ellipsized: bool,
}

impl Fitted {
    /// Whether the text was set smaller than its preferred size.
    pub fn shrunk(&self, style: &TextStyle) -> bool {
        self.size_mm < style.size_mm
    }
}

/// Sets `text` in at most `style.max_lines` lines of `width_mm`: at the preferred size if
/// it fits, else at the largest size down to `min_size_mm` that fits, else at the minimum
/// size with the overflowing end replaced by `…`.
pub fn fit(text: &str, style: &TextStyle, width_mm: f64) -> Fitted {
    let text = text
        .split(is_break)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut size = style.size_mm;
    loop {
        let limit = width_mm * SAFETY / size;
        if let Some(lines) = wrap(&text, style.weight, limit, style.max_lines) {
            return Fitted {
                lines,
                size_mm: size,
                ellipsized: false,
            };
        }
        if size <= style.min_size_mm {
            break;
        }
        size = (size * STEP).max(style.min_size_mm);
    }
    let limit = width_mm * SAFETY / size;
    Fitted {
        lines: ellipsize(&text, style.weight, limit, style.max_lines.max(1)),
        size_mm: size,
        ellipsized: true,
    }
}

/// Whitespace where a line may break: every kind but the no-break spaces, which keep
/// "1,5 %" or "3,90 €" (and Swedish product titles' no-break spaces) together.
fn is_break(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}')
}

/// Greedy word wrap at spaces, breaking inside a word only when the word alone is too
/// wide. `None` when the text needs more than `max_lines`.
fn wrap(text: &str, weight: Weight, limit_em: f64, max_lines: usize) -> Option<Vec<String>> {
    let lines = wrap_all(text, weight, limit_em);
    (lines.len() <= max_lines).then_some(lines)
}

fn wrap_all(text: &str, weight: Weight, limit_em: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split(' ') {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if fonts::width_em(&candidate, weight) <= limit_em {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        // The word alone: split it by characters where it is wider than a line.
        for c in word.chars() {
            current.push(c);
            if fonts::width_em(&current, weight) > limit_em && current.chars().count() > 1 {
                current.pop();
                lines.push(std::mem::take(&mut current));
                current.push(c);
            }
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

fn ellipsize(text: &str, weight: Weight, limit_em: f64, max_lines: usize) -> Vec<String> {
    let mut lines = wrap_all(text, weight, limit_em);
    lines.truncate(max_lines);
    let last = lines.pop().unwrap_or_default();
    let mut kept: Vec<char> = last.chars().collect();
    loop {
        let candidate: String =
            kept.iter().collect::<String>().trim_end().to_owned() + &ELLIPSIS.to_string();
        if fonts::width_em(&candidate, weight) <= limit_em || kept.is_empty() {
            lines.push(candidate);
            return lines;
        }
        kept.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: TextStyle = TextStyle {
        weight: Weight::Bold,
        size_mm: 5.0,
        min_size_mm: 3.5,
        max_lines: 2,
    };

    fn widest(fitted: &Fitted, weight: Weight) -> f64 {
        fitted
            .lines
            .iter()
            .map(|l| fonts::width_em(l, weight) * fitted.size_mm)
            .fold(0.0, f64::max)
    }

    #[test]
    fn short_text_keeps_its_size() {
        let fitted = fit("Mjölk 3%", &NAME, 40.0);
        assert_eq!(
            fitted,
            Fitted {
                lines: vec!["Mjölk 3%".into()],
                size_mm: 5.0,
                ellipsized: false
            }
        );
    }

    #[test]
    fn longer_text_wraps_then_shrinks() {
        let text = "Smooth Style Utan Fruktkött Färskpressad Juice";
        let wrapped = fit(text, &NAME, 60.0);
        assert_eq!(wrapped.lines.len(), 2);
        assert!(!wrapped.ellipsized);
        let shrunk = fit(text, &NAME, 54.0);
        assert!(shrunk.shrunk(&NAME) && !shrunk.ellipsized, "{shrunk:?}");
        assert!(widest(&shrunk, Weight::Bold) <= 54.0);
    }

    #[test]
    fn too_long_text_ellipsizes_at_the_minimum_size() {
        let fitted = fit(
            "Mandarin Grape Orange Färskpressad Juice med extra allt",
            &NAME,
            25.0,
        );
        assert!(fitted.ellipsized);
        assert_eq!(fitted.size_mm, NAME.min_size_mm);
        assert_eq!(fitted.lines.len(), 2);
        assert!(fitted.lines[1].ends_with('…'), "{fitted:?}");
        assert!(widest(&fitted, Weight::Bold) <= 25.0);
    }

    #[test]
    fn no_break_spaces_hold_together() {
        let text = "Mellanmjölk Ekologisk 1,5\u{a0}%";
        let width = fonts::width_em("Mellanmjölk Ekologisk 1,5", Weight::Bold) * NAME.size_mm;
        let fitted = fit(text, &NAME, width * 1.05);
        assert_eq!(
            fitted.lines.last().map(String::as_str),
            Some("1,5\u{a0}%"),
            "{fitted:?}"
        );
    }

    #[test]
    fn long_words_and_hangul_break_inside() {
        let fitted = fit("신라면멀티팩다섯개입묶음상품", &NAME, 30.0);
        assert!(widest(&fitted, Weight::Bold) <= 30.0, "{fitted:?}");
        assert!(fitted.lines.len() <= 2);
    }
}
