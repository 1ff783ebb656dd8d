//! Draws a planned page as SVG source: the one scene every output format starts from.
//!
//! The look is a supermarket gondola: a header band, a back wall, shelf boards with a
//! coloured edge strip, products standing on the boards with a QR card beside each, and
//! shelf-edge labels (name, subtitle, yellow price panel) on the strip.

use std::fmt::Write as _;

use crate::fonts::{self, Weight};
use crate::layout::{CARD_CAPTION, Cell, Rect};
use crate::plan::{BRAND_SIZE, FOOTER_SIZE, Plan, PlannedSlot, TITLE_SIZE};
use crate::qr::QUIET_ZONE;
use crate::text::Fitted;

/// Distance from a line's top to its baseline, in em: Noto's accented capitals (Å, Ö) reach
/// about 0.93 em above the baseline.
const ASCENT: f64 = 0.93;
/// Descenders (g, p, y) reach about 0.27 em below the baseline.
const DESCENT: f64 = 0.27;
const LINE: f64 = 1.15;
/// Half a capital's height, for centring a line on a point.
const HALF_CAP: f64 = 0.36;

const FOOTER_COLOUR: &str = "#2b2f33";
const UPRIGHT_COLOUR: &str = "#9aa1a9";

/// Writes page `page` of `plan` as a standalone SVG document in millimetre units.
pub fn page(plan: &Plan, page: usize) -> String {
    let mut svg = Svg::default();
    let frame = &plan.layout.frame;
    let bb = frame.bleed_box;
    let _ = write!(
        svg.out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" viewBox="0 0 {w} {h}" font-family="{family}, {fallback}">"#,
        w = num(bb.w),
        h = num(bb.h),
        family = fonts::FAMILY,
        fallback = fonts::FALLBACK_FAMILY,
    );
    let _ = write!(svg.out, "<title>{}</title>", escape(&plan.title));
    defs(&mut svg, plan);
    svg.rect(bb, &plan.theme.wall, "");
    uprights(&mut svg, plan);
    for shelf in &plan.layout.shelves {
        svg.rect(shelf.board, "url(#board)", "");
    }
    for (index, (cell, slot)) in plan
        .layout
        .cells
        .iter()
        .zip(&plan.slots)
        .enumerate()
        .filter(|(_, (cell, _))| cell.page == page)
    {
        product(&mut svg, plan, index, cell, slot);
    }
    for shelf in &plan.layout.shelves {
        let strip = shelf.strip;
        let shadow_h = 0.35 * plan.layout.metrics.board_h;
        svg.rect(
            Rect::new(strip.x, strip.bottom(), strip.w, shadow_h),
            "url(#drop)",
            "",
        );
        svg.rect(strip, &plan.theme.brand, "");
        svg.rect(
            Rect::new(strip.x, strip.y, strip.w, 0.06 * strip.h),
            "#ffffff",
            r#" fill-opacity="0.35""#,
        );
        svg.rect(
            Rect::new(
                strip.x,
                strip.bottom() - 0.05 * strip.h,
                strip.w,
                0.05 * strip.h,
            ),
            "#000000",
            r#" fill-opacity="0.25""#,
        );
    }
    for (cell, slot) in plan
        .layout
        .cells
        .iter()
        .zip(&plan.slots)
        .filter(|(cell, _)| cell.page == page)
    {
        label(&mut svg, plan, cell, slot);
    }
    header(&mut svg, plan);
    footer(&mut svg, plan, page);
    svg.out.push_str("</svg>");
    svg.out
}

fn defs(svg: &mut Svg, plan: &Plan) {
    let shelf = &plan.theme.shelf;
    let _ = write!(
        svg.out,
        r##"<defs><linearGradient id="board" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="{shelf}"/></linearGradient><linearGradient id="drop" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#000000" stop-opacity="0.28"/><stop offset="1" stop-color="#000000" stop-opacity="0"/></linearGradient><linearGradient id="upright" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#c9ced4"/><stop offset="0.5" stop-color="{UPRIGHT_COLOUR}"/><stop offset="1" stop-color="#6f767e"/></linearGradient><radialGradient id="contact"><stop offset="0" stop-color="#000000" stop-opacity="0.3"/><stop offset="1" stop-color="#000000" stop-opacity="0"/></radialGradient></defs>"##
    );
}

fn uprights(svg: &mut Svg, plan: &Plan) {
    let frame = &plan.layout.frame;
    let width = (frame.shelves.x - frame.trim.x) * 0.55;
    let top = frame.shelves.y;
    let height = frame.footer.y - top;
    svg.rect(
        Rect::new(frame.shelves.x - width, top, width, height),
        "url(#upright)",
        "",
    );
    svg.rect(
        Rect::new(frame.shelves.right(), top, width, height),
        "url(#upright)",
        "",
    );
}

fn product(svg: &mut Svg, plan: &Plan, index: usize, cell: &Cell, slot: &PlannedSlot) {
    let floor = cell.photo.bottom();
    let standing = match &slot.photo {
        Some(photo) => photo.place(cell.photo).visible,
        None => placeholder_box(cell.photo),
    };
    for (cx, rx) in [
        (standing.x + standing.w / 2.0, 0.55 * standing.w),
        (cell.card.x + cell.card.w / 2.0, 0.55 * cell.card.w),
    ] {
        let _ = write!(
            svg.out,
            r#"<ellipse cx="{}" cy="{}" rx="{}" ry="{}" fill="url(#contact)"/>"#,
            num(cx),
            num(floor),
            num(rx),
            num(0.06 * rx)
        );
    }
    match &slot.photo {
        Some(photo) => {
            // The whole image, clipped to the product: the trimmed white margins are not
            // drawn, and the file is embedded as it is. Multiplied onto the wall, so what
            // white background remains takes the wall's colour.
            let placed = photo.place(cell.photo);
            let (v, i) = (placed.visible, placed.image);
            let _ = write!(
                svg.out,
                r#"<clipPath id="photo{index}"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath><g clip-path="url(#photo{index})" style="mix-blend-mode:multiply"><image x="{}" y="{}" width="{}" height="{}" preserveAspectRatio="none" href="{}"/></g>"#,
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
        }
        None => placeholder(svg, plan, standing, slot),
    }
    card(svg, plan, cell, slot);
}

/// The square, standing on the board, where a placeholder is drawn.
fn placeholder_box(bounds: Rect) -> Rect {
    let p = bounds.standing_square();
    Rect::new(p.x + 0.18 * p.w, p.y + 0.12 * p.h, 0.64 * p.w, 0.88 * p.h)
}

/// A product box drawn in the brand colour with the name's initial, for slots without
/// a photo.
fn placeholder(svg: &mut Svg, plan: &Plan, bx: Rect, slot: &PlannedSlot) {
    let brand = &plan.theme.brand;
    let _ = write!(
        svg.out,
        r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{brand}" fill-opacity="0.14" stroke="{brand}" stroke-opacity="0.5" stroke-width="{}"/>"#,
        num(bx.x),
        num(bx.y),
        num(bx.w),
        num(bx.h),
        num(0.06 * bx.w),
        num(0.015 * bx.w)
    );
    svg.centred(bx, 0.5 * bx.w, brand, &slot.initial);
}

fn card(svg: &mut Svg, plan: &Plan, cell: &Cell, slot: &PlannedSlot) {
    let c = cell.card;
    let radius = 0.03 * c.w;
    let _ = write!(
        svg.out,
        r##"<rect x="{}" y="{}" width="{}" height="{}" rx="{r}" fill="#000000" fill-opacity="0.12"/><rect x="{}" y="{}" width="{}" height="{}" rx="{r}" fill="#ffffff"/>"##,
        num(c.x + 0.02 * c.w),
        num(c.y + 0.02 * c.w),
        num(c.w),
        num(c.h),
        num(c.x),
        num(c.y),
        num(c.w),
        num(c.h),
        r = num(radius)
    );
    // Every symbol keeps the shared module size; smaller ones are centred in the card.
    let module = plan.module;
    let side = slot.symbol.size_with_quiet_zone() as f64 * module;
    let origin_x = cell.code.x + (cell.code.w - side) / 2.0 + QUIET_ZONE as f64 * module;
    let origin_y = cell.code.y + (cell.code.h - side) / 2.0 + QUIET_ZONE as f64 * module;
    let _ = write!(
        svg.out,
        r##"<path fill="#000000" shape-rendering="crispEdges" d="{}"/>"##,
        slot.symbol.path_data(origin_x, origin_y, module)
    );
    let caption_h = CARD_CAPTION * c.w;
    let caption = Rect::new(c.x, c.bottom() - caption_h, c.w, caption_h);
    let _ = write!(
        svg.out,
        r#"<path fill="{}" d="M{x} {y}h{w}v{h2}a{r} {r} 0 0 1 -{r} {r}h-{w2}a{r} {r} 0 0 1 -{r} -{r}z"/>"#,
        plan.theme.brand,
        x = num(caption.x),
        y = num(caption.y),
        w = num(caption.w),
        h2 = num(caption.h - radius),
        w2 = num(caption.w - 2.0 * radius),
        r = num(radius)
    );
    let size = 0.5 * caption_h;
    svg.centred(caption, size, &plan.theme.on_brand, "SCAN · ORDER");
}

fn label(svg: &mut Svg, plan: &Plan, cell: &Cell, slot: &PlannedSlot) {
    let (l, p) = (cell.label, cell.price);
    let r = 0.05 * l.h;
    let _ = write!(
        svg.out,
        r##"<rect x="{}" y="{}" width="{}" height="{}" rx="{r}" fill="#ffffff"/><path fill="{}" d="M{} {}h{}a{r} {r} 0 0 1 {r} {r}v{}a{r} {r} 0 0 1 -{r} {r}h-{}z"/>"##,
        num(l.x),
        num(l.y),
        num(l.w),
        num(l.h),
        plan.theme.price,
        num(p.x),
        num(p.y),
        num(p.w - r),
        num(p.h - 2.0 * r),
        num(p.w - r),
        r = num(r)
    );
    let text = cell.text;
    lines(
        svg,
        text.x,
        text.y,
        &slot.name,
        Weight::Bold,
        &plan.theme.text,
        "start",
    );
    if let Some(subtitle) = &slot.subtitle {
        let y = text.bottom() - (ASCENT + DESCENT) * subtitle.size_mm;
        lines(
            svg,
            text.x,
            y,
            subtitle,
            Weight::Regular,
            "#5f6368",
            "start",
        );
    }
    let size = slot.price.size_mm;
    let line = slot
        .price
        .lines
        .first()
        .map(String::as_str)
        .unwrap_or_default();
    svg.centred(p, size, &plan.theme.text, line);
}

fn header(svg: &mut Svg, plan: &Plan) {
    let frame = &plan.layout.frame;
    let theme = &plan.theme;
    svg.rect(frame.header, &theme.brand, "");
    let accent_h = 0.05 * frame.header_content.h;
    svg.rect(
        Rect::new(
            frame.header.x,
            frame.header.bottom() - accent_h,
            frame.header.w,
            accent_h,
        ),
        &theme.price,
        "",
    );
    let c = frame.header_content;
    let furniture = &plan.furniture;
    let title_size = furniture.title.size_mm;
    let title_baseline = match &furniture.brand {
        Some(brand) => {
            let brand_baseline = c.y + 0.12 * c.h + ASCENT * BRAND_SIZE * c.h;
            lines(
                svg,
                c.x,
                brand_baseline - ASCENT * brand.size_mm,
                brand,
                Weight::Bold,
                &theme.on_brand,
                "start",
            );
            (brand_baseline + 0.1 * c.h + ASCENT * TITLE_SIZE * c.h)
                .max(c.y + c.h * 0.5 + HALF_CAP * title_size)
        }
        None => c.y + c.h * 0.45 + HALF_CAP * title_size,
    };
    lines(
        svg,
        c.x,
        title_baseline - ASCENT * title_size,
        &furniture.title,
        Weight::Bold,
        &theme.on_brand,
        "start",
    );
    if let Some(tagline) = &furniture.tagline {
        let block = tagline.lines.len() as f64 * LINE * tagline.size_mm;
        let top = c.y + (c.h * 0.9 - block) / 2.0;
        lines(
            svg,
            c.right(),
            top,
            tagline,
            Weight::Bold,
            &theme.on_brand,
            "end",
        );
    }
}

fn footer(svg: &mut Svg, plan: &Plan, page: usize) {
    let frame = &plan.layout.frame;
    svg.rect(frame.footer, FOOTER_COLOUR, "");
    let band_h = frame.trim.bottom() - frame.footer.y;
    let middle = frame.footer.y + band_h / 2.0;
    if let Some(footer) = &plan.furniture.footer {
        let top = middle + HALF_CAP * footer.size_mm - ASCENT * footer.size_mm;
        lines(
            svg,
            frame.trim.x + frame.trim.w / 2.0,
            top,
            footer,
            Weight::Regular,
            "#e8eaed",
            "middle",
        );
    }
    if plan.pages() > 1 {
        let size = 0.8 * FOOTER_SIZE * band_h;
        let text = format!("{}/{}", page + 1, plan.pages());
        svg.text(
            frame.shelves.right(),
            middle + HALF_CAP * size,
            size,
            Weight::Bold,
            "#e8eaed",
            "end",
            &text,
        );
    }
}

/// Draws fitted lines whose first line's top is at `top`.
fn lines(
    svg: &mut Svg,
    x: f64,
    top: f64,
    fitted: &Fitted,
    weight: Weight,
    fill: &str,
    anchor: &str,
) {
    for (k, line) in fitted.lines.iter().enumerate() {
        let baseline = top + ASCENT * fitted.size_mm + k as f64 * LINE * fitted.size_mm;
        svg.text(x, baseline, fitted.size_mm, weight, fill, anchor, line);
    }
}

#[derive(Default)]
struct Svg {
    out: String,
}

impl Svg {
    fn rect(&mut self, r: Rect, fill: &str, extra: &str) {
        let _ = write!(
            self.out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}"{extra}/>"#,
            num(r.x),
            num(r.y),
            num(r.w),
            num(r.h)
        );
    }

    /// One bold line centred on `area`.
    fn centred(&mut self, area: Rect, size: f64, fill: &str, text: &str) {
        let (x, baseline) = (
            area.x + area.w / 2.0,
            area.y + area.h / 2.0 + HALF_CAP * size,
        );
        self.text(x, baseline, size, Weight::Bold, fill, "middle", text);
    }

    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        x: f64,
        baseline: f64,
        size: f64,
        weight: Weight,
        fill: &str,
        anchor: &str,
        text: &str,
    ) {
        let _ = write!(
            self.out,
            r#"<text x="{}" y="{}" font-size="{}" font-weight="{}" fill="{fill}" text-anchor="{anchor}" xml:space="preserve">{}</text>"#,
            num(x),
            num(baseline),
            num(size),
            weight.css(),
            escape(text)
        );
    }
}

/// Millimetres with three decimals (1 µm) is finer than any printer.
pub(crate) fn num(value: f64) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
