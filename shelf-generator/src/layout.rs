//! Page geometry: header, shelves, footer, and for each product its cell, photo, QR card
//! and shelf-edge label. Millimetres throughout, origin at the top-left of the bleed box.
//!
//! The QR card's size is fixed by the scan distance; everything else adapts around it. The
//! grid (products per shelf × shelves) is the one that gives the biggest photos while every
//! card fits; when no grid holds all products, they flow onto several pages.

/// An axis-aligned rectangle in millimetres.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// A rectangle from its top-left corner and size.
    pub const fn new(x: f64, y: f64, w: f64, h: f64) -> Self {
        Self { x, y, w, h }
    }

    /// Right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// The rectangle shrunk by `dx` left and right and `dy` top and bottom.
    pub fn inset(&self, dx: f64, dy: f64) -> Self {
        Self::new(
            self.x + dx,
            self.y + dy,
            (self.w - 2.0 * dx).max(0.0),
            (self.h - 2.0 * dy).max(0.0),
        )
    }

    /// The largest square standing on this rectangle's bottom edge, centred.
    pub fn standing_square(&self) -> Self {
        let side = self.w.min(self.h);
        Self::new(
            self.x + (self.w - side) / 2.0,
            self.bottom() - side,
            side,
            side,
        )
    }

    /// Whether `other` lies inside this rectangle (with `tolerance` mm of slack).
    pub fn contains(&self, other: &Rect, tolerance: f64) -> bool {
        other.x >= self.x - tolerance
            && other.y >= self.y - tolerance
            && other.right() <= self.right() + tolerance
            && other.bottom() <= self.bottom() + tolerance
    }
}

/// The QR card's height is the code's side plus a caption strip of this share of it.
pub const CARD_CAPTION: f64 = 0.13;
/// A photo narrower than this share of the code would make the code dominate the shelf.
const MIN_PHOTO_PER_CODE: f64 = 0.55;

/// What the layout needs to know.
#[derive(Debug, Clone, Copy)]
pub struct LayoutInput {
    /// Trimmed page size.
    pub trim: (f64, f64),
    /// Bleed on every side.
    pub bleed: f64,
    /// Safe margin inside the trim.
    pub margin: f64,
    /// Side of the QR code including its quiet zone.
    pub code: f64,
    /// Number of products.
    pub products: usize,
    /// Products per shelf, if fixed by the spec.
    pub columns: Option<u32>,
    /// Shelves per page, if fixed by the spec.
    pub rows: Option<u32>,
}

/// The parts of every page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// The whole bleed box (the SVG canvas).
    pub bleed_box: Rect,
    /// The finished poster.
    pub trim: Rect,
    /// Header band, bleeding off the top.
    pub header: Rect,
    /// Header content area (inside the margins).
    pub header_content: Rect,
    /// Footer band, bleeding off the bottom.
    pub footer: Rect,
    /// Area holding the shelves.
    pub shelves: Rect,
}

/// Sizes shared by all cells, derived from the code size and the cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    /// Products per shelf.
    pub columns: usize,
    /// Shelves per page.
    pub rows: usize,
    /// Pages.
    pub pages: usize,
    /// Cell width.
    pub cell_w: f64,
    /// Shelf height (product zone + board + edge strip).
    pub row_h: f64,
    /// Side of the code including quiet zone.
    pub code: f64,
    /// Shelf-edge label height.
    pub label_h: f64,
    /// Visible top surface of a shelf board.
    pub board_h: f64,
    /// Shelf-edge strip holding the labels.
    pub strip_h: f64,
    /// Side of the largest square photo a cell holds.
    pub photo: f64,
    /// Height of the photo box (the room above the board); taller products use it.
    pub photo_h: f64,
    /// Horizontal padding inside a cell.
    pub gap: f64,
}

/// One shelf: its board and edge strip.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shelf {
    /// Top surface of the board, on which products stand.
    pub board: Rect,
    /// Front edge strip holding the labels.
    pub strip: Rect,
}

/// Where the parts of one product go.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    /// Page index.
    pub page: usize,
    /// Shelf index on the page.
    pub row: usize,
    /// Position on the shelf.
    pub column: usize,
    /// The photo's box beside the card, from the board up to the shelf above; the product
    /// stands on its bottom edge.
    pub photo: Rect,
    /// The card standing beside the photo, holding the code.
    pub card: Rect,
    /// The code including its quiet zone (top of the card).
    pub code: Rect,
    /// The shelf-edge label.
    pub label: Rect,
    /// Name and subtitle area of the label.
    pub text: Rect,
    /// Price panel of the label.
    pub price: Rect,
}

/// A laid-out poster.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Page parts.
    pub frame: Frame,
    /// Shared sizes.
    pub metrics: Metrics,
    /// Shelves of one page (the same on every page).
    pub shelves: Vec<Shelf>,
    /// One cell per product, in spec order.
    pub cells: Vec<Cell>,
}

/// Why no layout exists.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NoFit {
    /// The fixed grid leaves cells too small for a code of this size; `max_code` would fit.
    CellsTooSmall {
        /// Largest code side (quiet zone included) the grid could hold.
        max_code: f64,
    },
    /// Not even one product per page fits; `max_code` would.
    PageTooSmall {
        /// Largest code side (quiet zone included) one cell per page could hold.
        max_code: f64,
    },
}

/// The page frame for a trim size, bleed and margin.
pub fn frame(trim: (f64, f64), bleed: f64, margin: f64) -> Frame {
    let (w, h) = trim;
    let header_h = (0.085 * h).clamp(24.0, 120.0);
    let footer_h = (0.032 * h).clamp(9.0, 40.0);
    let trim_rect = Rect::new(bleed, bleed, w, h);
    let header = Rect::new(0.0, 0.0, w + 2.0 * bleed, bleed + header_h);
    let footer = Rect::new(0.0, bleed + h - footer_h, w + 2.0 * bleed, footer_h + bleed);
    let header_content = Rect::new(
        bleed + margin,
        bleed + margin * 0.5,
        w - 2.0 * margin,
        header_h - margin * 0.5,
    );
    let top = header.bottom() + margin * 0.6;
    let shelves = Rect::new(bleed + margin, top, w - 2.0 * margin, footer.y - top);
    Frame {
        bleed_box: Rect::new(0.0, 0.0, w + 2.0 * bleed, h + 2.0 * bleed),
        trim: trim_rect,
        header,
        header_content,
        footer,
        shelves,
    }
}

/// Cell sizes for a grid, or `None` when a card of side `code` does not fit.
fn metrics(shelves: &Rect, code: f64, columns: usize, rows: usize) -> Option<Metrics> {
    let cell_w = shelves.w / columns as f64;
    let row_h = shelves.h / rows as f64;
    let gap = (0.04 * cell_w).clamp(1.5, 8.0);
    let label_h = (0.38 * code).clamp(12.0, 70.0);
    let board_h = 0.22 * label_h;
    let strip_h = 1.16 * label_h;
    let top_pad = 0.04 * row_h;
    let zone_h = row_h - board_h - strip_h - top_pad;
    let card_h = code * (1.0 + CARD_CAPTION);
    let photo = (cell_w - 3.0 * gap - code).min(zone_h);
    let fits = card_h <= zone_h && photo >= MIN_PHOTO_PER_CODE * code;
    fits.then_some(Metrics {
        columns,
        rows,
        pages: 1,
        cell_w,
        row_h,
        code,
        label_h,
        board_h,
        strip_h,
        photo,
        photo_h: zone_h,
        gap,
    })
}

/// The largest code side a grid can hold (bisection over [`metrics`]).
fn max_code(shelves: &Rect, columns: usize, rows: usize) -> f64 {
    let (mut lo, mut hi) = (0.0, shelves.w.max(shelves.h));
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        if metrics(shelves, mid, columns, rows).is_some() {
            lo = mid
        } else {
            hi = mid
        }
    }
    lo
}

/// Lays out `input.products` products, paginating when one page cannot hold them all.
pub fn layout(input: &LayoutInput) -> Result<Layout, NoFit> {
    let frame = frame(input.trim, input.bleed, input.margin);
    let n = input.products.max(1);
    let metrics = match (input.columns, input.rows) {
        (Some(c), Some(r)) => {
            let (c, r) = (c.max(1) as usize, r.max(1) as usize);
            let mut m = metrics(&frame.shelves, input.code, c, r).ok_or(NoFit::CellsTooSmall {
                max_code: max_code(&frame.shelves, c, r),
            })?;
            m.pages = n.div_ceil(c * r);
            m
        }
        (columns, rows) => best_grid(&frame.shelves, input.code, n, columns, rows)?,
    };
    let shelves = (0..metrics.rows)
        .map(|row| shelf(&frame, &metrics, row))
        .collect();
    let per_page = metrics.columns * metrics.rows;
    let cells = (0..input.products)
        .map(|i| {
            cell(
                &frame,
                &metrics,
                i / per_page,
                (i % per_page) / metrics.columns,
                i % metrics.columns,
            )
        })
        .collect();
    Ok(Layout {
        frame,
        metrics,
        shelves,
        cells,
    })
}

/// Of all grids that fit (honouring a fixed column or row count), the one with the
/// biggest photos for the products of one page; products are spread evenly over the
/// fewest pages that hold them.
fn best_grid(
    shelves: &Rect,
    code: f64,
    n: usize,
    columns: Option<u32>,
    rows: Option<u32>,
) -> Result<Metrics, NoFit> {
    let range = |fixed: Option<u32>| match fixed {
        Some(k) => (k.max(1) as usize)..=(k.max(1) as usize),
        None => 1..=n,
    };
    let grids = || range(columns).flat_map(move |c| range(rows).map(move |r| (c, r)));
    // A free dimension must not leave a whole shelf or column empty.
    let minimal = |c: usize, r: usize, per_page: usize| {
        c * r >= per_page
            && (columns.is_some() || (c - 1) * r < per_page)
            && (rows.is_some() || c * (r - 1) < per_page)
    };
    let capacity = grids()
        .filter(|&(c, r)| metrics(shelves, code, c, r).is_some())
        .map(|(c, r)| (c * r).min(n))
        .max()
        .ok_or_else(|| NoFit::PageTooSmall {
            max_code: grids()
                .take(1)
                .map(|(c, r)| max_code(shelves, c, r))
                .fold(0.0, f64::max),
        })?;
    let pages = n.div_ceil(capacity);
    let per_page = n.div_ceil(pages);
    grids()
        .filter(|&(c, r)| minimal(c, r, per_page))
        .filter_map(|(c, r)| metrics(shelves, code, c, r))
        .max_by(|a, b| {
            let empty = |m: &Metrics| (m.columns * m.rows - per_page) as f64;
            // Photo size first; among near-equal ones, the grid with fewer empty cells.
            (a.photo - 0.5 * empty(a)).total_cmp(&(b.photo - 0.5 * empty(b)))
        })
        .map(|m| Metrics { pages, ..m })
        .ok_or(NoFit::PageTooSmall {
            max_code: max_code(shelves, 1, 1),
        })
}

fn shelf(frame: &Frame, m: &Metrics, row: usize) -> Shelf {
    let row_bottom = frame.shelves.y + (row + 1) as f64 * m.row_h;
    let strip = Rect::new(
        frame.shelves.x,
        row_bottom - m.strip_h,
        frame.shelves.w,
        m.strip_h,
    );
    let board = Rect::new(
        frame.shelves.x,
        strip.y - m.board_h,
        frame.shelves.w,
        m.board_h,
    );
    Shelf { board, strip }
}

fn cell(frame: &Frame, m: &Metrics, page: usize, row: usize, column: usize) -> Cell {
    let shelf = shelf(frame, m, row);
    let x = frame.shelves.x + column as f64 * m.cell_w;
    // Products stand a little behind the board's front edge.
    let floor = shelf.board.y + 0.55 * shelf.board.h;
    let card = Rect::new(
        x + m.cell_w - m.gap - m.code,
        floor - m.code * (1.0 + CARD_CAPTION),
        m.code,
        m.code * (1.0 + CARD_CAPTION),
    );
    let code = Rect::new(card.x, card.y, m.code, m.code);
    let room = card.x - m.gap - (x + m.gap);
    let photo = Rect::new(x + m.gap, floor - m.photo_h, room, m.photo_h);
    let label = Rect::new(
        x + m.gap,
        shelf.strip.y + (m.strip_h - m.label_h) / 2.0,
        m.cell_w - 2.0 * m.gap,
        m.label_h,
    );
    let price_w = 0.42 * label.w;
    let pad = 0.07 * m.label_h;
    let price = Rect::new(label.right() - price_w, label.y, price_w, label.h);
    let text = Rect::new(
        label.x + pad,
        label.y + pad,
        label.w - price_w - 2.0 * pad,
        label.h - 2.0 * pad,
    );
    Cell {
        page,
        row,
        column,
        photo,
        card,
        code,
        label,
        text,
        price,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(products: usize, code: f64) -> LayoutInput {
        LayoutInput {
            trim: (594.0, 841.0),
            bleed: 3.0,
            margin: 12.0,
            code,
            products,
            columns: None,
            rows: None,
        }
    }

    #[test]
    fn cells_stay_inside_the_trim_and_apart() {
        let layout = layout(&input(48, 48.0)).expect("48 products fit an A1");
        assert_eq!(layout.metrics.pages, 1);
        assert!(layout.metrics.columns * layout.metrics.rows >= 48);
        for cell in &layout.cells {
            for part in [cell.photo, cell.card, cell.label, cell.text, cell.price] {
                assert!(
                    layout.frame.shelves.contains(&part, 1e-9),
                    "{part:?} outside the shelves"
                );
            }
            assert!(cell.photo.right() <= cell.card.x, "photo and card overlap");
            assert!(cell.text.right() <= cell.price.x);
        }
    }

    #[test]
    fn paginates_when_one_page_cannot_hold_all() {
        let layout = layout(&input(81, 120.0)).expect("fits on several pages");
        assert!(layout.metrics.pages > 1);
        assert_eq!(layout.cells.len(), 81);
        assert_eq!(
            layout.cells.last().map(|c| c.page),
            Some(layout.metrics.pages - 1)
        );
    }

    #[test]
    fn refuses_codes_too_big_for_the_grid_or_the_page() {
        let fixed = LayoutInput {
            columns: Some(8),
            rows: Some(8),
            ..input(64, 60.0)
        };
        let Err(NoFit::CellsTooSmall { max_code }) = layout(&fixed) else {
            panic!("8×8 cannot hold 60 mm codes")
        };
        assert!(max_code < 60.0 && max_code > 20.0, "{max_code}");
        assert!(
            layout(&LayoutInput {
                code: max_code * 0.99,
                ..fixed
            })
            .is_ok()
        );
        assert!(matches!(
            layout(&input(1, 900.0)),
            Err(NoFit::PageTooSmall { .. })
        ));
    }
}
