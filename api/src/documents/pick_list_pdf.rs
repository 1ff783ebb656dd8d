//! The printable pick list: A4 pages drawn as SVG with the shelf-generator's embedded fonts
//! and text fitting, converted to PDF by the generator (the one PDF stack). A row per
//! product: a tick box, the quantity, name, SKU and GTIN, and the orders its units go to,
//! laid out in columns; a product with more orders than a page holds continues on the
//! next page.

use std::fmt::Write as _;

use chrono::{NaiveDateTime, TimeZone as _};
use chrono_tz::Tz;
use shelf_generator::fonts::{self, Weight};
use shelf_generator::text::{self, Fitted, TextStyle};

use crate::app::views::operator::pick_order_text;
use crate::domain::DomainError;
use crate::domain::orders::pick_list::{PickLine, PickList};
use crate::domain::retailers::Retailer;

const PAGE_W: f64 = 210.0;
const PAGE_H: f64 = 297.0;
const MARGIN: f64 = 12.0;
const CONTENT_W: f64 = PAGE_W - 2.0 * MARGIN;

const BOX_SIDE: f64 = 4.5;
const QTY_RIGHT: f64 = MARGIN + 21.0;
const PRODUCT_X: f64 = MARGIN + 25.0;
const PRODUCT_W: f64 = 84.0;
const ORDERS_X: f64 = PRODUCT_X + PRODUCT_W + 4.0;
const ORDERS_W: f64 = PAGE_W - MARGIN - ORDERS_X;
/// Space between two order columns.
const ORDERS_GAP: f64 = 3.0;

/// Top of a line to its baseline, in em: Noto's accented capitals reach 0.93 em.
const ASCENT: f64 = 0.93;
/// Height of a capital, in em: digits set beside the tick box line up with its top.
const CAP: f64 = 0.72;
/// Line pitch, in em.
const LINE: f64 = 1.25;
/// Space above and below a row's contents.
const PAD: f64 = 2.0;

const TITLE: TextStyle = TextStyle {
    weight: Weight::Bold,
    size_mm: 6.0,
    min_size_mm: 4.0,
    max_lines: 1,
};
const SUBTITLE: TextStyle = TextStyle {
    weight: Weight::Regular,
    size_mm: 3.4,
    min_size_mm: 2.6,
    max_lines: 1,
};
const NAME: TextStyle = TextStyle {
    weight: Weight::Bold,
    size_mm: 3.6,
    min_size_mm: 3.0,
    max_lines: 2,
};
const CODES: TextStyle = TextStyle {
    weight: Weight::Regular,
    size_mm: 2.8,
    min_size_mm: 2.2,
    max_lines: 1,
};
const QTY_SIZE: f64 = 5.0;
const ORDER_SIZE: f64 = 3.0;
const HEAD_SIZE: f64 = 2.8;
const FOOTER_SIZE: f64 = 2.6;

/// Where the heading ends and the table header row starts.
const TABLE_TOP: f64 = MARGIN + 18.0;
const TABLE_HEAD_H: f64 = 6.0;
const BODY_TOP: f64 = TABLE_TOP + TABLE_HEAD_H;
const BODY_BOTTOM: f64 = PAGE_H - MARGIN - 6.0;

/// The pick list as an A4 PDF, local times in the retailer's zone, stamped `printed_at`.
pub fn render(
    list: &PickList,
    retailer: &Retailer,
    printed_at: NaiveDateTime,
) -> Result<Vec<u8>, DomainError> {
    let tz = retailer.tz()?;
    let heading = Heading::new(list, retailer, tz, printed_at);
    let bodies = paginate(list.lines.iter().map(Row::new).collect());
    let total = bodies.len();
    let pages: Vec<String> = bodies
        .iter()
        .enumerate()
        .map(|(index, body)| page(&heading, body, index, total))
        .collect();
    shelf_generator::svg_pages_to_pdf(&heading.title, &pages, (PAGE_W, PAGE_H))
        .map_err(DomainError::internal)
}

/// What every page's top says.
struct Heading {
    title: String,
    scope: String,
    summary: String,
}

impl Heading {
    fn new(list: &PickList, retailer: &Retailer, tz: Tz, printed_at: NaiveDateTime) -> Self {
        let local = |utc: NaiveDateTime| tz.from_utc_datetime(&utc);
        let mut scope = match (&list.slot, list.date) {
            (Some(slot), _) => format!(
                "Slot {} {}–{}",
                slot.local_date,
                local(slot.starts_at).format("%H:%M"),
                local(slot.ends_at).format("%H:%M")
            ),
            (None, Some(date)) => format!("Date {date}"),
            (None, None) => String::new(),
        };
        if let Some(zone) = &list.zone {
            let _ = write!(scope, " · {}", zone.name);
        }
        Self {
            title: format!("Pick list · {}", retailer.name),
            scope,
            summary: format!(
                "{} orders · {} units · {} products · printed {}",
                list.order_count,
                list.units(),
                list.lines.len(),
                local(printed_at).format("%Y-%m-%d %H:%M")
            ),
        }
    }
}

/// One product's row, or the continuation of one whose orders did not fit a page.
struct Row {
    /// Empty on continuations.
    quantity: String,
    name: Fitted,
    codes: Fitted,
    /// Order entries, laid out `columns` to a line.
    orders: Vec<Vec<String>>,
    columns: usize,
}

impl Row {
    /// The row of `line`, with every order entry laid out in columns.
    fn new(line: &PickLine) -> Self {
        let entries: Vec<String> = line.orders.iter().map(pick_order_text).collect();
        let widest = entries
            .iter()
            .map(|e| fonts::width_em(e, Weight::Regular) * ORDER_SIZE)
            .fold(0.0, f64::max);
        let columns = (((ORDERS_W + ORDERS_GAP) / (widest + ORDERS_GAP)).floor() as usize).max(1);
        let codes = match &line.gtin {
            Some(gtin) => format!("{} · GTIN {gtin}", line.sku),
            None => line.sku.clone(),
        };
        Self {
            quantity: line.quantity.to_string(),
            name: text::fit(&line.name, &NAME, PRODUCT_W),
            codes: text::fit(&codes, &CODES, PRODUCT_W),
            orders: entries.chunks(columns).map(<[String]>::to_vec).collect(),
            columns,
        }
    }

    /// This row cut after `lines` lines of orders, and the rest as its continuation
    /// (product repeated, no tick box, no quantity).
    fn split_off(mut self, lines: usize) -> (Self, Self) {
        let rest = Self {
            quantity: String::new(),
            name: self.name.clone(),
            codes: self.codes.clone(),
            orders: self.orders.split_off(lines),
            columns: self.columns,
        };
        (self, rest)
    }

    /// The product column's height (name and codes, or the quantity beside them).
    fn product_height(&self) -> f64 {
        (block_height(&self.name) + block_height(&self.codes)).max(QTY_SIZE)
    }

    fn height(&self) -> f64 {
        let orders = self.orders.len() as f64 * LINE * ORDER_SIZE;
        2.0 * PAD + self.product_height().max(orders)
    }

    fn draw(&self, svg: &mut Svg, top: f64) {
        let height = self.height();
        if !self.quantity.is_empty() {
            svg.rect_outline(MARGIN, top + PAD, BOX_SIDE, BOX_SIDE);
            let baseline = top + PAD + CAP * QTY_SIZE;
            svg.text(
                QTY_RIGHT,
                baseline,
                QTY_SIZE,
                Weight::Bold,
                "end",
                &self.quantity,
            );
        }
        let after_name = svg.lines(PRODUCT_X, top + PAD, &self.name, NAME.weight);
        svg.lines(PRODUCT_X, after_name, &self.codes, CODES.weight);
        let column_w = (ORDERS_W + ORDERS_GAP) / self.columns as f64;
        for (k, line) in self.orders.iter().enumerate() {
            let baseline = top + PAD + ASCENT * ORDER_SIZE + k as f64 * LINE * ORDER_SIZE;
            for (c, entry) in line.iter().enumerate() {
                let x = ORDERS_X + c as f64 * column_w;
                svg.text(x, baseline, ORDER_SIZE, Weight::Regular, "start", entry);
            }
        }
        svg.hline(top + height, "#c4c7c5");
    }
}

fn block_height(fitted: &Fitted) -> f64 {
    fitted.lines.len() as f64 * LINE * fitted.size_mm
}

/// Fewest lines of orders worth cutting a row for at the foot of a page.
const MIN_SPLIT_LINES: usize = 3;

/// Rows onto pages: each page's rows with their tops; always at least one page. A row
/// that does not fit moves to the next page, or, when its orders fill the rest of this
/// one, is cut and continues there.
fn paginate(rows: Vec<Row>) -> Vec<Vec<(f64, Row)>> {
    let mut pages: Vec<Vec<(f64, Row)>> = vec![Vec::new()];
    let mut y = BODY_TOP;
    let mut fresh = true;
    for mut row in rows {
        loop {
            let room = BODY_BOTTOM - y;
            let fitting = ((room - 2.0 * PAD) / (LINE * ORDER_SIZE)).floor().max(0.0) as usize;
            let height = row.height();
            if height <= room || (fresh && fitting == 0) {
                y += height;
                fresh = false;
                if let Some(page) = pages.last_mut() {
                    page.push((y - height, row));
                }
                break;
            }
            if fitting >= MIN_SPLIT_LINES
                && fitting < row.orders.len()
                && row.product_height() + 2.0 * PAD <= room
            {
                let (head, rest) = row.split_off(fitting);
                if let Some(page) = pages.last_mut() {
                    page.push((y, head));
                }
                row = rest;
            }
            pages.push(Vec::new());
            y = BODY_TOP;
            fresh = true;
        }
    }
    pages
}

fn page(heading: &Heading, rows: &[(f64, Row)], index: usize, total: usize) -> String {
    let mut svg = Svg::new();
    let title = text::fit(&heading.title, &TITLE, CONTENT_W);
    let after_title = svg.lines(MARGIN, MARGIN, &title, TITLE.weight);
    let scope = text::fit(&heading.scope, &SUBTITLE, CONTENT_W);
    let after_scope = svg.lines(MARGIN, after_title + 0.5, &scope, SUBTITLE.weight);
    let summary = text::fit(&heading.summary, &SUBTITLE, CONTENT_W);
    svg.lines(MARGIN, after_scope, &summary, SUBTITLE.weight);

    svg.band(TABLE_TOP, TABLE_HEAD_H, "#e8eaed");
    let head_baseline = TABLE_TOP + TABLE_HEAD_H / 2.0 + 0.36 * HEAD_SIZE;
    for (x, anchor, label) in [
        (QTY_RIGHT, "end", "Qty"),
        (PRODUCT_X, "start", "Product · SKU · GTIN"),
        (ORDERS_X, "start", "Orders"),
    ] {
        svg.text(x, head_baseline, HEAD_SIZE, Weight::Bold, anchor, label);
    }
    if rows.is_empty() {
        svg.text(
            MARGIN,
            BODY_TOP + PAD + ASCENT * NAME.size_mm,
            NAME.size_mm,
            Weight::Regular,
            "start",
            "Nothing to pick.",
        );
    }
    for (top, row) in rows {
        row.draw(&mut svg, *top);
    }
    svg.text(
        PAGE_W - MARGIN,
        PAGE_H - MARGIN,
        FOOTER_SIZE,
        Weight::Regular,
        "end",
        &format!("{}/{}", index + 1, total),
    );
    svg.finish()
}

/// An A4 page's SVG source, in millimetres.
struct Svg {
    out: String,
}

impl Svg {
    fn new() -> Self {
        let mut out = String::new();
        let _ = write!(
            out,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{PAGE_W}mm" height="{PAGE_H}mm" viewBox="0 0 {PAGE_W} {PAGE_H}" font-family="{}, {}" fill="#202124">"##,
            fonts::FAMILY,
            fonts::FALLBACK_FAMILY
        );
        Self { out }
    }

    fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }

    fn text(&mut self, x: f64, baseline: f64, size: f64, weight: Weight, anchor: &str, text: &str) {
        let _ = write!(
            self.out,
            r#"<text x="{x:.2}" y="{baseline:.2}" font-size="{size:.2}" font-weight="{}" text-anchor="{anchor}" xml:space="preserve">{}</text>"#,
            weight.css(),
            escape(text)
        );
    }

    /// Fitted lines whose first line's top is at `top`; returns where the block ends.
    fn lines(&mut self, x: f64, top: f64, fitted: &Fitted, weight: Weight) -> f64 {
        let size = fitted.size_mm;
        for (k, line) in fitted.lines.iter().enumerate() {
            let baseline = top + ASCENT * size + k as f64 * LINE * size;
            self.text(x, baseline, size, weight, "start", line);
        }
        top + block_height(fitted)
    }

    fn rect_outline(&mut self, x: f64, y: f64, w: f64, h: f64) {
        let _ = write!(
            self.out,
            r##"<rect x="{x:.2}" y="{y:.2}" width="{w:.2}" height="{h:.2}" fill="none" stroke="#202124" stroke-width="0.3"/>"##
        );
    }

    fn band(&mut self, y: f64, h: f64, fill: &str) {
        let _ = write!(
            self.out,
            r#"<rect x="{MARGIN}" y="{y:.2}" width="{CONTENT_W}" height="{h:.2}" fill="{fill}"/>"#
        );
    }

    fn hline(&mut self, y: f64, stroke: &str) {
        let _ = write!(
            self.out,
            r#"<line x1="{MARGIN}" y1="{y:.2}" x2="{}" y2="{y:.2}" stroke="{stroke}" stroke-width="0.2"/>"#,
            PAGE_W - MARGIN
        );
    }
}

/// Text as XML character data, through askama's escaper (the one the pages use).
fn escape(text: &str) -> String {
    match askama::filters::escape(text, askama::filters::Html) {
        Ok(escaped) => escaped.to_string(),
        Err(never) => match never {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::orders::pick_list::PickOrder;

    fn line(orders: usize) -> PickLine {
        PickLine {
            sku: "MILK".into(),
            gtin: Some("8801115114154".into()),
            name: "서울우유 1L <fresh> & cold".into(),
            image_key: None,
            quantity: orders as i64,
            orders: (0..orders)
                .map(|i| PickOrder {
                    order_id: format!("o{i}"),
                    number: format!("7Q2K-{i:04}"),
                    quantity: 1,
                })
                .collect(),
        }
    }

    #[test]
    fn long_rows_fill_the_page_and_continue_on_the_next() {
        let pages = paginate(vec![
            Row::new(&line(3)),
            Row::new(&line(1000)),
            Row::new(&line(2)),
        ]);
        assert!(pages.len() > 2, "1,000 orders take pages");
        // The long row starts under the short one instead of leaving page 1 empty.
        assert_eq!(pages[0].len(), 2);
        let rows: Vec<&Row> = pages.iter().flatten().map(|(_, row)| row).collect();
        let quantities: Vec<&str> = rows.iter().map(|row| row.quantity.as_str()).collect();
        assert_eq!(quantities.first(), Some(&"3"));
        assert_eq!(quantities[1], "1000");
        assert_eq!(quantities.last(), Some(&"2"));
        assert!(
            quantities[2..quantities.len() - 1]
                .iter()
                .all(|q| q.is_empty())
        );
        for (top, row) in pages.iter().flatten() {
            assert!(top + row.height() <= BODY_BOTTOM + 1e-9);
        }
        let entries: usize = rows.iter().flat_map(|r| &r.orders).map(Vec::len).sum();
        assert_eq!(entries, 1005);
        assert_eq!(
            paginate(Vec::new()).len(),
            1,
            "an empty list still prints a page"
        );
    }

    #[test]
    fn text_is_escaped() {
        let mut svg = Svg::new();
        svg.text(0.0, 0.0, 1.0, Weight::Bold, "start", "<fresh> & \"cold\"");
        let source = svg.finish();
        assert!(
            source.contains("&#60;fresh&#62; &#38; &#34;cold&#34;"),
            "{source}"
        );
    }
}
