//! From a spec to a plan: fields validated, photos read, codes encoded, pages laid out and
//! text fitted, with every finding recorded in the preflight [`Report`]. Rendering draws
//! a plan and decides nothing.

use std::path::PathBuf;

use crate::fonts::Weight;
use crate::images::Photo;
use crate::layout::{self, Layout, LayoutInput, NoFit};
use crate::money;
use crate::preflight::{Kind, MIN_PPI, Policy, Report};
use crate::qr::{self, Symbol};
use crate::spec::{PosterSpec, Slot, Theme};
use crate::text::{self, Fitted, TextStyle};

/// How to build a poster from a spec.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Directory that relative image paths in the spec are resolved against (the spec
    /// file's directory, for the CLI). `None`: the process's working directory.
    pub base_dir: Option<PathBuf>,
    /// How preflight findings are treated.
    pub policy: Policy,
}

/// A product ready to draw.
#[derive(Debug, Clone)]
pub struct PlannedSlot {
    /// The code.
    pub symbol: Symbol,
    /// The photo, or `None` for a drawn placeholder.
    pub photo: Option<Photo>,
    /// Name, fitted to the label.
    pub name: Fitted,
    /// Subtitle, fitted to one line.
    pub subtitle: Option<Fitted>,
    /// Formatted price, fitted to the price panel.
    pub price: Fitted,
    /// First letter of the name, for the placeholder.
    pub initial: String,
}

/// Header and footer text, fitted.
#[derive(Debug, Clone)]
pub struct Furniture {
    /// Small line above the title.
    pub brand: Option<Fitted>,
    /// Headline.
    pub title: Fitted,
    /// Call to action at the right.
    pub tagline: Option<Fitted>,
    /// Footer line.
    pub footer: Option<Fitted>,
}

/// Everything the renderers need.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Geometry of pages and cells.
    pub layout: Layout,
    /// QR module size in mm.
    pub module: f64,
    /// Header and footer.
    pub furniture: Furniture,
    /// Products, in spec order (cell `i` of the layout belongs to slot `i`).
    pub slots: Vec<PlannedSlot>,
    /// Colours, validated.
    pub theme: Theme,
    /// Document title (PDF metadata).
    pub title: String,
}

impl Plan {
    /// Number of pages.
    pub fn pages(&self) -> usize {
        self.layout.metrics.pages
    }
}

/// Runs the preflight alone: every finding for `spec` under `options.policy`, without
/// rendering anything. [`crate::Poster::build`] runs the same checks.
pub fn preflight(spec: &PosterSpec, options: &BuildOptions) -> Report {
    plan(spec, options).1
}

/// Shares of a label's height for its text.
const NAME: (f64, f64) = (0.22, 0.14);
const SUBTITLE: (f64, f64) = (0.15, 0.11);
const PRICE: (f64, f64) = (0.42, 0.15);

/// Header text shares of the header's content height.
pub(crate) const BRAND_SIZE: f64 = 0.17;
pub(crate) const TITLE_SIZE: f64 = 0.42;
const TAGLINE_SIZE: f64 = 0.17;
pub(crate) const TAGLINE_WIDTH: f64 = 0.3;
/// Footer text share of the footer band's height inside the trim.
pub(crate) const FOOTER_SIZE: f64 = 0.38;

fn style(weight: Weight, label_h: f64, (size, min): (f64, f64), max_lines: usize) -> TextStyle {
    TextStyle {
        weight,
        size_mm: size * label_h,
        min_size_mm: min * label_h,
        max_lines,
    }
}

/// Plans the poster. Returns the plan when one could be made (it may still be refused:
/// see [`Report::is_refused`]) and the preflight report.
pub fn plan(spec: &PosterSpec, options: &BuildOptions) -> (Option<Plan>, Report) {
    let policy = options.policy;
    let mut report = Report::default();
    let mut invalid =
        |field: &str, message: String| report.push(policy, Kind::Invalid, field, message);
    validate(spec, &mut invalid);

    let mut symbols = Vec::with_capacity(spec.slots.len());
    let mut photos = Vec::with_capacity(spec.slots.len());
    for (i, slot) in spec.slots.iter().enumerate() {
        let payload = qr::payload(&slot.url, spec.qr.uppercase);
        match Symbol::encode(
            &payload,
            spec.qr.error_correction,
            &format!("slots[{i}].url"),
        ) {
            Ok(symbol) => symbols.push(symbol),
            Err(e) => invalid(&format!("slots[{i}].url"), strip_field(&e.to_string())),
        }
        let field = format!("slots[{i}].image");
        match slot
            .image
            .as_ref()
            .map(|source| Photo::load(source, options.base_dir.as_deref(), &field))
        {
            Some(Ok(photo)) => photos.push(Some(photo)),
            Some(Err(e)) => invalid(&field, strip_field(&e.to_string())),
            None => photos.push(None),
        }
    }
    if report.is_refused() {
        return (None, report);
    }

    let Some((layout, module)) = lay_out(spec, &symbols, policy, &mut report) else {
        return (None, report);
    };
    let slots = spec
        .slots
        .iter()
        .zip(symbols)
        .zip(photos)
        .enumerate()
        .map(|(i, ((slot, symbol), photo))| {
            plan_slot(spec, i, slot, symbol, photo, &layout, policy, &mut report)
        })
        .collect();
    let furniture = furniture(spec, &layout, policy, &mut report);
    let plan = Plan {
        layout,
        module,
        furniture,
        slots,
        theme: spec.theme.clone(),
        title: spec.title.clone(),
    };
    (Some(plan), report)
}

/// Error messages carry their field already; the report keeps it separately.
fn strip_field(message: &str) -> String {
    message
        .split_once(": ")
        .map_or(message, |(_, rest)| rest)
        .to_owned()
}

fn validate(spec: &PosterSpec, invalid: &mut impl FnMut(&str, String)) {
    if spec.title.trim().is_empty() {
        invalid("title", "must not be empty".into());
    }
    if !(spec.scan_distance_m.is_finite()
        && spec.scan_distance_m > 0.0
        && spec.scan_distance_m <= 50.0)
    {
        invalid(
            "scan_distance_m",
            format!(
                "{} is not a distance between 0 and 50 metres",
                spec.scan_distance_m
            ),
        );
    }
    let (w, h) = spec.page.trim_mm();
    if !(50.0..=5000.0).contains(&w) || !(50.0..=5000.0).contains(&h) {
        invalid("page.size", format!("{w} × {h} mm is outside 50…5000 mm"));
    }
    if !(0.0..=25.0).contains(&spec.page.bleed_mm) {
        invalid(
            "page.bleed_mm",
            format!("{} mm is outside 0…25 mm", spec.page.bleed_mm),
        );
    }
    if !(spec.page.margin_mm >= 0.0 && spec.page.margin_mm <= w.min(h) / 5.0) {
        invalid(
            "page.margin_mm",
            format!(
                "{} mm is outside 0…{} mm for this page",
                spec.page.margin_mm,
                w.min(h) / 5.0
            ),
        );
    }
    if let Some(module) = spec.qr.module_mm.filter(|m| !(m.is_finite() && *m > 0.0)) {
        invalid(
            "qr.module_mm",
            format!("{module} is not a positive size in mm"),
        );
    }
    for (name, value) in [
        ("brand", &spec.theme.brand),
        ("on_brand", &spec.theme.on_brand),
        ("wall", &spec.theme.wall),
        ("shelf", &spec.theme.shelf),
        ("price", &spec.theme.price),
        ("text", &spec.theme.text),
    ] {
        if !is_hex_colour(value) {
            invalid(
                &format!("theme.{name}"),
                format!("`{value}` is not a colour like #1d1d1f"),
            );
        }
    }
    if spec.slots.is_empty() {
        invalid("slots", "a poster needs at least one product".into());
    }
    for (i, slot) in spec.slots.iter().enumerate() {
        if slot.name.trim().is_empty() {
            invalid(&format!("slots[{i}].name"), "must not be empty".into());
        }
        if slot.url.trim().is_empty() {
            invalid(
                &format!("slots[{i}].url"),
                "must not be empty: it is what the code opens".into(),
            );
        }
        if let Err(e) = money::validate(&slot.price, &format!("slots[{i}].price")) {
            let text = e.to_string();
            let (field, message) = text.split_once(": ").unwrap_or(("price", &text));
            invalid(field, message.to_owned());
        }
    }
}

fn is_hex_colour(value: &str) -> bool {
    value
        .strip_prefix('#')
        .is_some_and(|hex| matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Lays out with the module the scan distance needs; when that does not fit (or the spec
/// fixes a smaller module), records a code-too-small finding and shrinks the module to
/// what fits, so the rest of the preflight can still run.
fn lay_out(
    spec: &PosterSpec,
    symbols: &[Symbol],
    policy: Policy,
    report: &mut Report,
) -> Option<(Layout, f64)> {
    let needed = qr::min_module_mm(spec.scan_distance_m);
    let mut module = spec.qr.module_mm.unwrap_or(needed);
    let distance_for = |module: f64| module * qr::DISTANCE_PER_MODULE / 1000.0;
    if module < needed {
        report.push(
            policy,
            Kind::CodeTooSmall,
            "qr.module_mm",
            format!(
                "{module:.2} mm modules scan from at most {:.2} m, not the {} m of scan_distance_m (needs {needed:.2} mm)",
                distance_for(module),
                spec.scan_distance_m
            ),
        );
    }
    let modules = symbols
        .iter()
        .map(Symbol::size_with_quiet_zone)
        .max()
        .unwrap_or(21 + 2 * qr::QUIET_ZONE) as f64;
    let (trim, bleed, margin) = (spec.page.trim_mm(), spec.page.bleed_mm, spec.page.margin_mm);
    let input = LayoutInput {
        trim,
        bleed,
        margin,
        code: modules * module,
        products: spec.slots.len(),
        columns: spec.layout.columns,
        rows: spec.layout.rows,
    };
    match layout::layout(&input) {
        Ok(layout) => Some((layout, module)),
        Err(no_fit) => {
            let (field, room, max_code) = match no_fit {
                NoFit::CellsTooSmall { max_code } => {
                    ("layout", "the fixed columns × rows leave", max_code)
                }
                NoFit::PageTooSmall { max_code } => ("page.size", "the page leaves", max_code),
            };
            // A hair under the limit, so the bisected maximum fits for sure.
            let shrunk = max_code * 0.999 / modules;
            report.push(
                policy,
                Kind::CodeTooSmall,
                field,
                format!(
                    "scanning from {} m needs codes of {:.0} mm ({needed:.2} mm modules), but {room} room for {:.0} mm \
                     codes, which scan from {:.2} m; use fewer products per page, a bigger page or a shorter scan \
                     distance (or --force to print the smaller codes)",
                    spec.scan_distance_m,
                    modules * module,
                    max_code,
                    distance_for(shrunk)
                ),
            );
            module = shrunk;
            layout::layout(&LayoutInput {
                code: modules * module,
                ..input
            })
            .ok()
            .map(|layout| (layout, module))
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn plan_slot(
    spec: &PosterSpec,
    i: usize,
    slot: &Slot,
    symbol: Symbol,
    photo: Option<Photo>,
    layout: &Layout,
    policy: Policy,
    report: &mut Report,
) -> PlannedSlot {
    let cell = &layout.cells[i];
    let label_h = layout.metrics.label_h;
    if !qr::is_alphanumeric(&symbol.payload) {
        let mut outside: Vec<char> = symbol
            .payload
            .chars()
            .filter(|c| !qr::is_alphanumeric(&c.to_string()))
            .collect();
        outside.sort_unstable();
        outside.dedup();
        let shown: String = outside.iter().take(8).collect();
        report.push(
            policy,
            Kind::NotAlphanumeric,
            format!("slots[{i}].url"),
            format!(
                "`{shown}` are outside QR alphanumeric mode, so this code needs version {} and smaller modules; \
                 keep qr.uppercase on and avoid such characters in URLs",
                symbol.version
            ),
        );
    }
    if let Some(photo) = &photo {
        let placed = photo.place(cell.photo);
        let printed = placed.visible.w;
        if let (Some(ppi), Some((_, _, w, h))) = (placed.ppi, photo.content)
            && ppi < MIN_PPI
        {
            report.push(
                policy,
                Kind::LowResolution,
                format!("slots[{i}].image"),
                format!(
                    "the product's {w} × {h} px printed {printed:.0} mm wide is {ppi:.0} ppi, under \
                     {MIN_PPI:.0}: it will look soft; supply at least {:.0} px across it",
                    (MIN_PPI * printed / 25.4).ceil()
                ),
            );
        }
    }
    let name = fit_checked(
        &slot.name,
        &style(Weight::Bold, label_h, NAME, 2),
        cell.text.w,
        &format!("slots[{i}].name"),
        policy,
        report,
    );
    let subtitle = slot
        .subtitle
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            fit_checked(
                s,
                &style(Weight::Regular, label_h, SUBTITLE, 1),
                cell.text.w,
                &format!("slots[{i}].subtitle"),
                policy,
                report,
            )
        });
    let formatted = money::format_price(&slot.price, spec.locale.as_deref()).unwrap_or_default();
    let price_width = cell.price.w - 0.16 * label_h;
    let price = fit_checked(
        &formatted,
        &style(Weight::Bold, label_h, PRICE, 1),
        price_width,
        &format!("slots[{i}].price"),
        policy,
        report,
    );
    let initial = slot
        .name
        .trim()
        .chars()
        .next()
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_default();
    PlannedSlot {
        symbol,
        photo,
        name,
        subtitle,
        price,
        initial,
    }
}

fn fit_checked(
    text: &str,
    style: &TextStyle,
    width: f64,
    field: &str,
    policy: Policy,
    report: &mut Report,
) -> Fitted {
    let fitted = text::fit(text, style, width);
    if fitted.ellipsized {
        report.push(
            policy,
            Kind::TextShortened,
            field,
            format!(
                "shortened to “{}” to fit {width:.0} mm",
                fitted.lines.join(" ")
            ),
        );
    }
    let missing: String = crate::fonts::missing_chars(text).into_iter().collect();
    if !missing.is_empty() {
        report.push(
            policy,
            Kind::MissingGlyphs,
            field,
            format!("no embedded font can draw `{missing}`; they print as blanks"),
        );
    }
    fitted
}

fn furniture(spec: &PosterSpec, layout: &Layout, policy: Policy, report: &mut Report) -> Furniture {
    let content = layout.frame.header_content;
    let h = content.h;
    let tagline_w = content.w * TAGLINE_WIDTH;
    let title_w = if spec.tagline.is_some() {
        content.w - tagline_w - 0.5 * h
    } else {
        content.w
    };
    let optional =
        |text: &Option<String>, style: TextStyle, width: f64, field: &str, report: &mut Report| {
            text.as_deref()
                .filter(|t| !t.trim().is_empty())
                .map(|t| fit_checked(t, &style, width, field, policy, report))
        };
    let brand = optional(
        &spec.brand,
        TextStyle {
            weight: Weight::Bold,
            size_mm: BRAND_SIZE * h,
            min_size_mm: 0.12 * h,
            max_lines: 1,
        },
        title_w,
        "brand",
        report,
    );
    let title = fit_checked(
        &spec.title,
        &TextStyle {
            weight: Weight::Bold,
            size_mm: TITLE_SIZE * h,
            min_size_mm: 0.26 * h,
            max_lines: 1,
        },
        title_w,
        "title",
        policy,
        report,
    );
    let tagline = optional(
        &spec.tagline,
        TextStyle {
            weight: Weight::Bold,
            size_mm: TAGLINE_SIZE * h,
            min_size_mm: 0.11 * h,
            max_lines: 2,
        },
        tagline_w,
        "tagline",
        report,
    );
    let footer_h = layout.frame.footer.h - spec.page.bleed_mm;
    let footer_w = layout.frame.trim.w - 2.0 * spec.page.margin_mm;
    let footer = optional(
        &spec.footer,
        TextStyle {
            weight: Weight::Regular,
            size_mm: FOOTER_SIZE * footer_h,
            min_size_mm: 0.25 * footer_h,
            max_lines: 1,
        },
        footer_w,
        "footer",
        report,
    );
    Furniture {
        brand,
        title,
        tagline,
        footer,
    }
}
