//! The analytics charts as SVG: scans and orders per day, a bar per placement, a weekday ×
//! hour heat map. Plain data and the caller's words in, a standalone SVG string out.
//!
//! plotters draws them; its SVG backend writes `<text>` elements that a viewer would set in
//! whatever fonts it has, so the drawing is then laid out by usvg with the shelf-generator's
//! embedded fonts only (Noto Sans, Noto Sans CJK KR for Hangul) and written back with its
//! text as glyph outlines: every machine and printer shows the same letters, and no font is
//! looked up anywhere.
//!
//! Printed in grey they still read: series are told apart by form and direct labels, never
//! by hue alone, and the heat map is a single-hue lightness ramp with a legend.

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use shelf_generator::fonts::{self, Weight};
use std::ops::Range;

/// The words a chart shows, in the console's language: the chart never writes a word of
/// its own, only numbers and dates.
#[derive(Debug, Clone)]
pub struct ChartText {
    /// Heading drawn at the top left.
    pub title: String,
    /// Name of the scans figure (panel label, axis and legend title).
    pub scans: String,
    /// Name of the orders figure (panel label, after the count in bar labels).
    pub orders: String,
    /// Name of the heat map's horizontal axis (local hour of day).
    pub hour: String,
    /// Weekday names, Monday first.
    pub weekdays: [String; 7],
    /// Shown instead of axes when there is nothing to draw.
    pub no_data: String,
}

/// One local day of the daily chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyPoint {
    /// Local date.
    pub date: NaiveDate,
    /// Scans that day.
    pub scans: u64,
    /// Orders confirmed that day.
    pub orders: u64,
}

/// One placement of the placements chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementBar {
    /// Placement name (shortened with "…" when longer than the label column).
    pub label: String,
    /// Scans over the range: the bar's length.
    pub scans: u64,
    /// Orders over the range, written beside the bar.
    pub orders: u64,
}

/// Why a chart could not be drawn (a bug, not bad input: every input draws).
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// plotters failed to draw.
    #[error("drawing the chart: {0}")]
    Draw(String),
    /// usvg could not read plotters' SVG back to outline its text.
    #[error("outlining the chart's text: {0}")]
    Outline(#[from] usvg::Error),
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(error: DrawingAreaErrorKind<E>) -> Self {
        Self::Draw(error.to_string())
    }
}

/// Every bar of [`placements`] is a path with the id `placement-bar-{index}`, in the order
/// given, so a test (or the console) can find them.
pub const PLACEMENT_BAR_ID: &str = "placement-bar-";

/// Width of every chart: a console card.
const WIDTH: u32 = 800;
/// Height of the daily chart and the heat map, and the least of the placements chart.
const HEIGHT: u32 = 360;
/// Height of the title band.
const HEADER: u32 = 40;
/// Room between the drawing and the canvas edges.
const PAD: u32 = 16;
/// Height of one placement's row.
const BAR_ROW: u32 = 26;
/// The longest a placement name may be before it is shortened.
const MAX_NAME_PX: f64 = 280.0;

const LABEL_PX: f64 = 12.0;
const TITLE_PX: f64 = 16.0;

// Contrast on white: INK 17:1, TEXT 12.6:1, AXIS 7:1 (WCAG AA asks 4.5:1).
const INK: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);
const TEXT: RGBColor = RGBColor(0x33, 0x33, 0x33);
const AXIS: RGBColor = RGBColor(0x59, 0x59, 0x59);
const GRID: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
/// Dark line over a light area for scans, dark columns (or a dark area) for orders: in
/// grey, the two panels differ by form as well as by their labels.
const SCANS_LINE: RGBColor = RGBColor(0x1F, 0x4E, 0x79);
const SCANS_AREA: RGBColor = RGBColor(0xCF, 0xDC, 0xEA);
const ORDERS_FILL: RGBColor = RGBColor(0x3B, 0x3B, 0x3B);
/// Placement bars: used for nothing else in that chart, since the bars are found (and
/// given their ids) by this fill.
const BAR_FILL: RGBColor = RGBColor(0x2F, 0x5F, 0x8F);
/// Heat map classes above zero, light to dark in one hue: each prints as a distinct grey.
const RAMP: [RGBColor; 5] = [
    RGBColor(0xD6, 0xE4, 0xF2),
    RGBColor(0xA3, 0xC0, 0xDE),
    RGBColor(0x6B, 0x95, 0xC2),
    RGBColor(0x37, 0x66, 0x9A),
    RGBColor(0x12, 0x35, 0x5E),
];
const EMPTY_CELL_BORDER: RGBColor = RGBColor(0xC8, 0xC8, 0xC8);

/// Scans and orders per local day, in two stacked panels over one date axis: orders are
/// 1–5 % of scans, so on a shared axis they would lie flat on zero, and a secondary axis
/// invites reading the crossing of two lines as meaning something. Each panel has its own
/// scale and its name written on it.
pub fn daily(points: &[DailyPoint], text: &ChartText) -> Result<String, ChartError> {
    render((WIDTH, HEIGHT), None, |root| {
        let body = titled(root, text)?;
        if points.is_empty() {
            return no_data(&body, text);
        }
        let (scans_top, scans_step) = nice_scale(points.iter().map(|p| p.scans).max());
        let (orders_top, orders_step) = nice_scale(points.iter().map(|p| p.orders).max());
        let y_area = [scans_top, orders_top]
            .iter()
            .map(|top| text_width(&thousands(*top), Weight::Regular, LABEL_PX))
            .fold(0.0, f64::max)
            + 14.0;
        let last = points.len() as f64 - 1.0;
        let x_range = || Ticked::new(-0.5..last + 0.5, date_ticks(points.len()));
        let date_label = |x: &f64| {
            points
                .get(x.round() as usize)
                .map(|p| p.date.format("%m-%d").to_string())
                .unwrap_or_default()
        };

        let (upper, lower) = body.split_vertically(body.dim_in_pixel().1 * 55 / 100);
        let mut scans = ChartBuilder::on(&upper)
            .margin_top(22)
            .margin_right(PAD)
            .y_label_area_size(y_area)
            .build_cartesian_2d(x_range(), scale_axis(scans_top, scans_step))?;
        mesh(&mut scans, &date_label)?;
        scans.draw_series(
            AreaSeries::new(
                points
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (i as f64, p.scans as f64)),
                0.0,
                SCANS_AREA.filled(),
            )
            .border_style(SCANS_LINE.stroke_width(2)),
        )?;
        if points.len() <= 62 {
            // Days stay countable as dots; a lone day would otherwise draw nothing at all.
            scans.draw_series(
                points
                    .iter()
                    .enumerate()
                    .map(|(i, p)| Circle::new((i as f64, p.scans as f64), 3, SCANS_LINE.filled())),
            )?;
        }
        panel_label(&upper, y_area, &text.scans)?;

        let mut orders = ChartBuilder::on(&lower)
            .margin_top(22)
            .margin_right(PAD)
            .y_label_area_size(y_area)
            .x_label_area_size(28)
            .build_cartesian_2d(x_range(), scale_axis(orders_top, orders_step))?;
        mesh(&mut orders, &date_label)?;
        if points.len() <= 90 {
            // Seven tenths of a day, but no slab wider than 24 px over a short range.
            let plot_px = f64::from(WIDTH - PAD) - y_area;
            let half = (12.0 * points.len() as f64 / plot_px).min(0.35);
            orders.draw_series(points.iter().enumerate().map(|(i, p)| {
                let x = i as f64;
                Rectangle::new(
                    [(x - half, 0.0), (x + half, p.orders as f64)],
                    ORDERS_FILL.filled(),
                )
            }))?;
        } else {
            // Columns thinner than a pixel or two blur into stripes: over long ranges the
            // orders are a dark area instead, still unlike the scans' light one.
            orders.draw_series(AreaSeries::new(
                points
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (i as f64, p.orders as f64)),
                0.0,
                ORDERS_FILL.filled(),
            ))?;
        }
        panel_label(&lower, y_area, &text.orders)?;
        Ok(())
    })
}

/// One horizontal bar per placement, in the order given, its length the scans and its
/// label the scans and orders. Names read best on horizontal bars; a row per placement
/// makes the chart taller than a card when there are more than about ten. Each bar's path
/// has the id [`PLACEMENT_BAR_ID`]`{index}`.
pub fn placements(bars: &[PlacementBar], text: &ChartText) -> Result<String, ChartError> {
    let rows = bars.len().max(1) as u32;
    let height = HEIGHT.max(HEADER + rows * BAR_ROW + 64);
    let svg = render((WIDTH, height), Some(PLACEMENT_BAR_ID), |root| {
        let body = titled(root, text)?;
        if bars.is_empty() {
            return no_data(&body, text);
        }
        let names: Vec<String> = bars
            .iter()
            .map(|b| shorten(&b.label, MAX_NAME_PX))
            .collect();
        let name_area = names
            .iter()
            .map(|n| text_width(n, Weight::Regular, LABEL_PX))
            .fold(0.0, f64::max)
            + 14.0;
        let values: Vec<String> = bars
            .iter()
            .map(|b| {
                format!(
                    "{} · {} {}",
                    thousands(b.scans),
                    thousands(b.orders),
                    text.orders
                )
            })
            .collect();
        let value_width = values
            .iter()
            .map(|v| text_width(v, Weight::Regular, LABEL_PX))
            .fold(0.0, f64::max)
            + 8.0;

        // The axis runs past the longest bar by its label's width, so every value label
        // sits right of its bar and inside the card.
        let plot_width = f64::from(WIDTH - 2 * PAD) - name_area;
        let max = bars.iter().map(|b| b.scans).max().unwrap_or(0).max(1) as f64;
        let x_top = max * plot_width / (plot_width - value_width).max(plot_width / 3.0);
        let (_, step) = nice_scale(Some(x_top as u64));
        let x_ticks = (0..)
            .map(|k| (k * step) as f64)
            .take_while(|t| *t <= x_top)
            .collect();
        let n = bars.len() as f64;
        let centre = |i: usize| n - i as f64 - 0.5;
        let mut chart = ChartBuilder::on(&body)
            .margin_left(PAD)
            .margin_right(PAD)
            .margin_top(8)
            .y_label_area_size(name_area)
            .x_label_area_size(44)
            .build_cartesian_2d(
                Ticked::new(0.0..x_top, x_ticks),
                Ticked::new(0.0..n, (0..bars.len()).map(centre).collect()),
            )?;
        let name_of = |y: &f64| {
            let i = (n - y - 0.5).round();
            names
                .get(i as usize)
                .filter(|_| i >= 0.0)
                .cloned()
                .unwrap_or_default()
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .bold_line_style(GRID)
            .axis_style(AXIS)
            .label_style(font(LABEL_PX, &TEXT))
            .axis_desc_style(font(LABEL_PX, &TEXT))
            .x_label_formatter(&|x| thousands(*x as u64))
            .y_label_formatter(&name_of)
            .x_desc(text.scans.as_str())
            .draw()?;
        // A placement without scans keeps a sliver of a bar, so it is seen (and counted).
        let least = x_top / plot_width * 2.0;
        chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
            let y = centre(i);
            Rectangle::new(
                [(0.0, y - 0.32), ((b.scans as f64).max(least), y + 0.32)],
                BAR_FILL.filled(),
            )
        }))?;
        chart.draw_series(bars.iter().zip(&values).enumerate().map(|(i, (b, v))| {
            EmptyElement::at(((b.scans as f64).max(least), centre(i)))
                + Text::new(
                    v.clone(),
                    (6, 0),
                    font(LABEL_PX, &TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
                )
        }))?;
        Ok(())
    })?;
    Ok(svg)
}

/// Scans by local weekday (rows, Monday at the top) and hour (columns, 0–23): five classes
/// of equal width from white (none) to dark, with their ranges in the legend.
pub fn heatmap(cells: &[[u64; 24]; 7], text: &ChartText) -> Result<String, ChartError> {
    render((WIDTH, HEIGHT), None, |root| {
        let body = titled(root, text)?;
        let (plot, legend) = body.split_horizontally(WIDTH - 150);
        let max = cells.iter().flatten().copied().max().unwrap_or(0);
        let classes = heat_classes(max);
        let day_area = text
            .weekdays
            .iter()
            .map(|d| text_width(d, Weight::Regular, LABEL_PX))
            .fold(0.0, f64::max)
            + 14.0;
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(PAD)
            .margin_top(8)
            .y_label_area_size(day_area)
            .x_label_area_size(44)
            .build_cartesian_2d(
                Ticked::new(0.0..24.0, (0..24).map(|h| f64::from(h) + 0.5).collect()),
                Ticked::new(0.0..7.0, (0..7).map(|d| f64::from(d) + 0.5).collect()),
            )?;
        let weekday = |y: &f64| {
            text.weekdays
                .get(6 - (y.floor() as usize).min(6))
                .cloned()
                .unwrap_or_default()
        };
        chart
            .configure_mesh()
            .disable_mesh()
            // The axis lines would run along the cells' white gaps: drawn in white, unseen.
            .axis_style(WHITE)
            .set_all_tick_mark_size(0)
            .label_style(font(LABEL_PX, &TEXT))
            .axis_desc_style(font(LABEL_PX, &TEXT))
            .x_label_formatter(&|x: &f64| format!("{}", x.floor()))
            .y_label_formatter(&weekday)
            .x_desc(text.hour.as_str())
            .draw()?;
        for (day, hours) in cells.iter().enumerate() {
            let top = 7.0 - day as f64;
            for (hour, scans) in hours.iter().enumerate() {
                let corners = [(hour as f64, top - 1.0), (hour as f64 + 1.0, top)];
                let class = classes.iter().position(|(_, hi)| scans <= hi);
                let style = match class {
                    Some(class) if *scans > 0 => RAMP[class].filled(),
                    _ => EMPTY_CELL_BORDER.stroke_width(1),
                };
                let mut cell = Rectangle::new(corners, style);
                cell.set_margin(1, 1, 1, 1);
                chart.plotting_area().draw(&cell)?;
            }
        }
        heat_legend(&legend, &classes, text)
    })
}

/// Draws into an SVG string of `size`, then outlines its text (so no caller's string
/// reaches the SVG as text either). `bar_id` names the rectangles filled with [`BAR_FILL`].
fn render(
    size: (u32, u32),
    bar_id: Option<&str>,
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE)?;
        draw(&root)?;
        root.present()?;
    }
    if let Some(prefix) = bar_id {
        svg = name_rects(&svg, &BAR_FILL, prefix);
    }
    outline_text(&svg)
}

/// plotters cannot name what it draws; its rectangles of one fill get the ids
/// `{prefix}{index}`, in drawing order, which usvg keeps.
fn name_rects(svg: &str, fill: &RGBColor, prefix: &str) -> String {
    let fill = format!("fill=\"#{:02X}{:02X}{:02X}\"", fill.0, fill.1, fill.2);
    let mut out = String::with_capacity(svg.len() + 1024);
    let mut index = 0;
    for (i, piece) in svg.split("<rect").enumerate() {
        if i > 0 {
            out.push_str("<rect");
            let tag = piece.split('>').next().unwrap_or_default();
            if tag.contains(&fill) {
                out.push_str(&format!(" id=\"{prefix}{index}\""));
                index += 1;
            }
        }
        out.push_str(piece);
    }
    out
}

/// Lays the SVG out with the embedded fonts only and writes it back with every glyph a
/// path.
fn outline_text(svg: &str) -> Result<String, ChartError> {
    let options = usvg::Options {
        font_family: fonts::FAMILY.to_owned(),
        fontdb: fonts::database(),
        font_resolver: fonts::resolver(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)?;
    Ok(tree.to_string(&usvg::WriteOptions::default()))
}

/// Draws the title and returns the area below it.
fn titled<'a>(
    root: &DrawingArea<SVGBackend<'a>, Shift>,
    text: &ChartText,
) -> Result<DrawingArea<SVGBackend<'a>, Shift>, ChartError> {
    root.draw(&Text::new(
        text.title.clone(),
        (PAD as i32, 14),
        font_bold(TITLE_PX, &INK).pos(Pos::new(HPos::Left, VPos::Top)),
    ))?;
    Ok(root.split_vertically(HEADER).1)
}

fn no_data(area: &DrawingArea<SVGBackend, Shift>, text: &ChartText) -> Result<(), ChartError> {
    let (w, h) = area.dim_in_pixel();
    area.draw(&Text::new(
        text.no_data.clone(),
        (w as i32 / 2, h as i32 / 2),
        font(14.0, &AXIS).pos(Pos::new(HPos::Center, VPos::Center)),
    ))?;
    Ok(())
}

/// The panel's name, above its plot's top left corner.
fn panel_label(
    area: &DrawingArea<SVGBackend, Shift>,
    y_area: f64,
    label: &str,
) -> Result<(), ChartError> {
    area.draw(&Text::new(
        label.to_owned(),
        (y_area as i32, 4),
        font_bold(LABEL_PX, &INK).pos(Pos::new(HPos::Left, VPos::Top)),
    ))?;
    Ok(())
}

type DailyChart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<Ticked, Ticked>>;

/// Horizontal grid at the count ticks, vertical at the date ticks; dates only where the
/// panel has an axis label area (the lower one).
fn mesh(chart: &mut DailyChart, date_label: &dyn Fn(&f64) -> String) -> Result<(), ChartError> {
    chart
        .configure_mesh()
        .bold_line_style(GRID)
        .axis_style(AXIS)
        .label_style(font(LABEL_PX, &TEXT))
        .x_label_formatter(date_label)
        .y_label_formatter(&|y| thousands(*y as u64))
        .draw()?;
    Ok(())
}

fn scale_axis(top: u64, step: u64) -> Ticked {
    Ticked::new(
        0.0..top as f64,
        (0..=top / step).map(|k| (k * step) as f64).collect(),
    )
}

/// A linear axis with ticks (grid lines and labels) exactly where the chart puts them:
/// whole days, whole counts, row centres. (plotters' own `with_key_points` loses the
/// label formatting of an `f64` axis.)
struct Ticked {
    scale: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Ticked {
    fn new(range: Range<f64>, ticks: Vec<f64>) -> Self {
        Self {
            scale: range.into(),
            ticks,
        }
    }
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.scale.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.scale.range()
    }
}

/// The heat map's legend: its title, then a swatch and range per class.
fn heat_legend(
    area: &DrawingArea<SVGBackend, Shift>,
    classes: &[(u64, u64)],
    text: &ChartText,
) -> Result<(), ChartError> {
    let x = 12;
    area.draw(&Text::new(
        text.scans.clone(),
        (x, 10),
        font_bold(LABEL_PX, &INK).pos(Pos::new(HPos::Left, VPos::Top)),
    ))?;
    let swatches = std::iter::once((0, 0)).chain(classes.iter().copied());
    for (row, (lo, hi)) in swatches.enumerate() {
        let y = 36 + row as i32 * 26;
        let corners = [(x, y), (x + 18, y + 18)];
        if hi == 0 {
            area.draw(&Rectangle::new(corners, EMPTY_CELL_BORDER.stroke_width(1)))?;
        } else {
            area.draw(&Rectangle::new(corners, RAMP[row - 1].filled()))?;
        }
        let range = if lo == hi {
            thousands(hi)
        } else {
            format!("{}–{}", thousands(lo), thousands(hi))
        };
        area.draw(&Text::new(
            range,
            (x + 26, y + 9),
            font(LABEL_PX, &TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(())
}

/// The heat map's classes above zero as inclusive (low, high) ranges of equal width, at
/// most five and none when nothing was scanned.
fn heat_classes(max: u64) -> Vec<(u64, u64)> {
    let count = max.min(RAMP.len() as u64);
    let mut low = 1;
    (1..=count)
        .map(|k| {
            let high = (max * k).div_ceil(count);
            let class = (low, high);
            low = high + 1;
            class
        })
        .collect()
}

/// An axis from zero to a round number at or above `max` with about four steps of 1, 2 or
/// 5 × 10ⁿ (never below 1: counts have no fractions).
fn nice_scale(max: Option<u64>) -> (u64, u64) {
    let max = max.unwrap_or(0).max(1);
    let raw = max.div_ceil(4);
    let mut magnitude = 1;
    while magnitude * 10 <= raw {
        magnitude *= 10;
    }
    let step = [1, 2, 5, 10]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10 * magnitude);
    (max.div_ceil(step) * step, step)
}

/// Indices of the labelled days: at most eight, a whole number of days, weeks or months
/// apart.
fn date_ticks(days: usize) -> Vec<f64> {
    let step = [1, 2, 3, 7, 14, 30, 61, 91, 182, 365]
        .into_iter()
        .find(|step| days.div_ceil(*step) <= 8)
        .unwrap_or(days.max(1));
    (0..days).step_by(step).map(|i| i as f64).collect()
}

/// `text` cut with "…" to at most `max_px` wide at the label size.
fn shorten(text: &str, max_px: f64) -> String {
    if text_width(text, Weight::Regular, LABEL_PX) <= max_px {
        return text.to_owned();
    }
    let mut kept: String = text.to_owned();
    while !kept.is_empty() && text_width(&format!("{kept}…"), Weight::Regular, LABEL_PX) > max_px
    {
        kept.pop();
    }
    format!("{}…", kept.trim_end())
}

fn text_width(text: &str, weight: Weight, px: f64) -> f64 {
    fonts::width_em(text, weight) * px
}

/// 12345 → "12,345": the grouping both the Korean and the English console use.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// plotters writes `font-size` as the size given / 1.24 (it reserves line spacing), so
/// sizes in pixels are scaled up by that much.
fn font(px: f64, color: &'static RGBColor) -> TextStyle<'static> {
    TextStyle::from((fonts::FAMILY, px * 1.24).into_font()).color(color)
}

fn font_bold(px: f64, color: &'static RGBColor) -> TextStyle<'static> {
    TextStyle::from((fonts::FAMILY, px * 1.24, FontStyle::Bold).into_font()).color(color)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(title: &str) -> ChartText {
        ChartText {
            title: title.to_owned(),
            scans: "Scans".to_owned(),
            orders: "orders".to_owned(),
            hour: "Local hour".to_owned(),
            weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map(str::to_owned),
            no_data: "No scans in this range".to_owned(),
        }
    }

    fn korean(title: &str) -> ChartText {
        ChartText {
            title: title.to_owned(),
            scans: "스캔".to_owned(),
            orders: "주문".to_owned(),
            hour: "시간".to_owned(),
            weekdays: ["월", "화", "수", "목", "금", "토", "일"].map(str::to_owned),
            no_data: "이 기간에 스캔이 없습니다".to_owned(),
        }
    }

    fn days(n: u32) -> Vec<DailyPoint> {
        let start = NaiveDate::from_ymd_opt(2026, 9, 1).expect("a date");
        (0..n)
            .map(|i| {
                let scans = 800 + u64::from((i * 37) % 400) + if i % 7 >= 5 { 500 } else { 0 };
                DailyPoint {
                    date: start + chrono::Days::new(u64::from(i)),
                    scans,
                    orders: scans * u64::from(1 + i % 5) / 100,
                }
            })
            .collect()
    }

    fn sample_bars() -> Vec<PlacementBar> {
        [
            ("서울역 1번 출구 통로 벽면", 12_840, 311),
            ("Gangnam Station, exit 11 corridor", 9_120, 187),
            ("홍대입구역 환승 통로", 4_077, 52),
            (
                "Jamsil, Lotte World Mall connector (north wall, next to the lockers)",
                1_903,
                40,
            ),
            ("삼성역 코엑스 방면", 0, 0),
        ]
        .into_iter()
        .map(|(label, scans, orders)| PlacementBar {
            label: label.to_owned(),
            scans,
            orders,
        })
        .collect()
    }

    fn sample_cells() -> [[u64; 24]; 7] {
        let mut cells = [[0; 24]; 7];
        for (day, hours) in cells.iter_mut().enumerate() {
            for (hour, cell) in hours.iter_mut().enumerate() {
                let rush = match hour {
                    7..=9 => 260,
                    17..=19 => 320,
                    10..=16 => 90,
                    20..=23 => 60,
                    _ => 0,
                };
                *cell = if day >= 5 { rush / 3 } else { rush } + (hour as u64 * 7) % 13;
                if hour < 5 {
                    *cell = 0;
                }
            }
        }
        cells
    }

    /// Parses the chart and checks what every chart must be: SVG, no text, no font lookup.
    fn check(svg: &str) -> usvg::Tree {
        let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).expect("valid SVG");
        assert!(!svg.contains("<text"), "text left as text");
        assert!(!svg.contains("font-family"), "a font is looked up");
        assert!(tree.size().width() >= 800.0);
        tree
    }

    /// Writes the chart and a PNG of it to target/test-artifacts/charts, to be looked at.
    fn artifact(name: &str, svg: &str, tree: &usvg::Tree) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../target/test-artifacts/charts");
        std::fs::create_dir_all(&dir).expect("artifact dir");
        std::fs::write(dir.join(format!("{name}.svg")), svg).expect("write svg");
        let size = tree.size().to_int_size();
        let mut pixmap =
            resvg::tiny_skia::Pixmap::new(size.width(), size.height()).expect("a pixmap");
        resvg::render(
            tree,
            resvg::tiny_skia::Transform::default(),
            &mut pixmap.as_mut(),
        );
        // Opaque white background: premultiplied RGBA is plain RGBA.
        let image = image::RgbaImage::from_raw(size.width(), size.height(), pixmap.take())
            .expect("pixmap size");
        image
            .save(dir.join(format!("{name}.png")))
            .expect("write png");
        // As a black-and-white printer would show it.
        image::DynamicImage::ImageRgba8(image)
            .grayscale()
            .save(dir.join(format!("{name}-grey.png")))
            .expect("write grey png");
    }

    fn bar_ids(svg: &str) -> usize {
        svg.matches(&format!("id=\"{PLACEMENT_BAR_ID}")).count()
    }

    #[test]
    fn daily_chart_outlines_its_text() {
        let svg = daily(&days(30), &text("Scans and orders per day")).expect("chart");
        let parsed = check(&svg);
        artifact("daily", &svg, &parsed);
        let year = daily(&days(366), &korean("일별 스캔과 주문")).expect("chart");
        let parsed = check(&year);
        artifact("daily-year-ko", &year, &parsed);
        let one = daily(&days(1), &text("One day")).expect("chart");
        artifact("daily-one-day", &one, &check(&one));
    }

    #[test]
    fn one_bar_per_placement() {
        let bars = sample_bars();
        let svg = placements(&bars, &korean("게시 위치별 스캔")).expect("chart");
        let parsed = check(&svg);
        assert_eq!(bar_ids(&svg), bars.len());
        artifact("placements-ko", &svg, &parsed);
        let many: Vec<PlacementBar> = (0..50)
            .map(|i| PlacementBar {
                label: format!("Placement {i}"),
                scans: 100 * i,
                orders: i,
            })
            .collect();
        let tall = placements(&many, &text("Scans per placement")).expect("chart");
        let parsed = check(&tall);
        artifact("placements-50", &tall, &parsed);
        assert_eq!(bar_ids(&tall), 50);
        assert!(parsed.size().height() > 360.0);
    }

    #[test]
    fn heatmap_has_a_cell_per_hour_and_weekday() {
        let svg = heatmap(&sample_cells(), &korean("요일·시간대별 스캔")).expect("chart");
        let parsed = check(&svg);
        artifact("heatmap-ko", &svg, &parsed);
        let svg = heatmap(&sample_cells(), &text("Scans by weekday and hour")).expect("chart");
        check(&svg);
    }

    #[test]
    fn hangul_becomes_outlines() {
        let mut words = korean("서울역");
        words.no_data = "데이터 없음".to_owned();
        let with_hangul = placements(&[], &words).expect("chart");
        words.title.clear();
        words.no_data.clear();
        let without = placements(&[], &words).expect("chart");
        check(&with_hangul);
        // Every glyph is a path: the Hangul title and message add drawing, not text.
        assert!(with_hangul.len() > without.len() + 1000);
    }

    #[test]
    fn empty_data_draws() {
        let words = text("Nothing yet");
        check(&daily(&[], &words).expect("chart"));
        let svg = placements(&[], &words).expect("chart");
        artifact("placements-empty", &svg, &check(&svg));
        assert_eq!(bar_ids(&svg), 0);
        check(&heatmap(&[[0; 24]; 7], &words).expect("chart"));
        let zero_bars = [PlacementBar {
            label: "Quiet wall".to_owned(),
            scans: 0,
            orders: 0,
        }];
        let svg = placements(&zero_bars, &words).expect("chart");
        assert_eq!(bar_ids(&svg), 1);
        let zero_days = days(3)
            .into_iter()
            .map(|d| DailyPoint {
                scans: 0,
                orders: 0,
                ..d
            })
            .collect::<Vec<_>>();
        check(&daily(&zero_days, &words).expect("chart"));
    }

    #[test]
    fn helpers() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(12_345_678), "12,345,678");
        assert_eq!(nice_scale(None), (1, 1));
        assert_eq!(nice_scale(Some(3)), (3, 1));
        assert_eq!(nice_scale(Some(1_250)), (1_500, 500));
        assert_eq!(heat_classes(0), vec![]);
        assert_eq!(heat_classes(2), vec![(1, 1), (2, 2)]);
        assert_eq!(
            heat_classes(100),
            vec![(1, 20), (21, 40), (41, 60), (61, 80), (81, 100)]
        );
        assert_eq!(date_ticks(1), vec![0.0]);
        assert_eq!(date_ticks(30).len(), 5);
        assert!(shorten(&"긴 이름 ".repeat(40), 100.0).ends_with('…'));
    }
}
