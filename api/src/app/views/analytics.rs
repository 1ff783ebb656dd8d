//! The analytics report as JSON and CSV (the same rows).

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::analytics::report::{Figures, Report, ReportRow};

/// An amount of money in the retailer's currency.
#[derive(Debug, Serialize, ToSchema)]
pub struct MoneyJson {
    /// Minor units (won, cents).
    amount_minor: i64,
    /// ISO 4217.
    #[schema(example = "KRW")]
    currency: String,
}

impl MoneyJson {
    fn new(amount_minor: i64, currency: &str) -> Self {
        Self {
            amount_minor,
            currency: currency.to_owned(),
        }
    }
}

/// The figures of a row, or of the totals.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AnalyticsRow)]
pub struct AnalyticsRowJson {
    /// The group: a placement or poster id (`""` for codes without one), a product's SKU,
    /// a channel, a local date, a local hour (`0`–`23`) or a source within the channel (a
    /// scan code, a referral code, a shelf id, `meta`/`google`; `""` for `direct`); `""`
    /// for the totals.
    key: String,
    /// A placement's name, a poster's title, a product's name, a channel, the date, the
    /// hour (`13:00`) or a source's name (a shelf's name, `Meta`; else its key, `No source`
    /// for `""`); `Total` for the totals.
    label: String,
    /// Code resolutions.
    scans: i64,
    /// Distinct scanners per local day (a keyed hash of the day's salt, retailer, client
    /// address and user agent), summed over the days.
    unique_scanners: i64,
    /// Rendered product pages.
    page_views: i64,
    /// Cart lines created from a source.
    add_to_carts: i64,
    /// Orders confirmed (and not cancelled, expired or failed) with an attributed line,
    /// on the local day of confirmation.
    orders: i64,
    /// Units of the attributed lines.
    units: i64,
    /// Their value at the price charged.
    revenue: MoneyJson,
    /// Orders returned, on the local day of the return.
    returns: i64,
    /// Refunded for their attributed lines, on that day.
    refunded: MoneyJson,
    /// `orders / unique_scanners`, to four decimals; null without scanners.
    conversion_rate: Option<f64>,
    /// The cost of the placements concerned divided by the orders; null without orders
    /// or when a placement concerned has no cost (and for day, hour and source rows).
    cost_per_order: Option<MoneyJson>,
}

impl AnalyticsRowJson {
    fn new(key: &str, label: &str, figures: &Figures, currency: &str) -> Self {
        Self {
            key: key.to_owned(),
            label: label.to_owned(),
            scans: figures.scans,
            unique_scanners: figures.unique_scanners,
            page_views: figures.page_views,
            add_to_carts: figures.add_to_carts,
            orders: figures.orders,
            units: figures.units,
            revenue: MoneyJson::new(figures.revenue_minor, currency),
            returns: figures.returns,
            refunded: MoneyJson::new(figures.refunded_minor, currency),
            conversion_rate: figures.conversion_rate(),
            cost_per_order: figures
                .cost_per_order_minor()
                .map(|amount| MoneyJson::new(amount, currency)),
        }
    }
}

/// A scan-to-sale report.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AnalyticsReport)]
pub struct AnalyticsJson {
    /// First local date.
    #[schema(format = Date)]
    from: String,
    /// Last local date (inclusive).
    #[schema(format = Date)]
    to: String,
    /// The retailer's IANA time zone, in which dates and hours are local.
    #[schema(example = "Asia/Seoul")]
    time_zone: String,
    /// `placement`, `poster`, `product`, `channel`, `day`, `hour` or `source`.
    group_by: String,
    /// The groups.
    rows: Vec<AnalyticsRowJson>,
    /// The whole filtered range.
    totals: AnalyticsRowJson,
}

impl AnalyticsJson {
    /// The view of a report.
    pub fn new(report: &Report) -> Self {
        let currency = &report.currency;
        Self {
            from: report.query.from.to_string(),
            to: report.query.to.to_string(),
            time_zone: report.time_zone.clone(),
            group_by: report.query.group_by.as_str().to_owned(),
            rows: report
                .rows
                .iter()
                .map(|row| AnalyticsRowJson::new(&row.key, &row.label, &row.figures, currency))
                .collect(),
            totals: AnalyticsRowJson::new("", "Total", &report.totals, currency),
        }
    }
}

/// The CSV columns of a report (its rows, in order).
pub const ANALYTICS_CSV_HEADER: [&str; 14] = [
    "key",
    "label",
    "scans",
    "unique_scanners",
    "page_views",
    "add_to_carts",
    "orders",
    "units",
    "revenue_minor",
    "currency",
    "returns",
    "refunded_minor",
    "conversion_rate",
    "cost_per_order_minor",
];

/// A row under [`ANALYTICS_CSV_HEADER`]; empty cells for nulls.
pub fn analytics_csv_row(row: &ReportRow, currency: &str) -> [String; 14] {
    let figures = &row.figures;
    [
        row.key.clone(),
        row.label.clone(),
        figures.scans.to_string(),
        figures.unique_scanners.to_string(),
        figures.page_views.to_string(),
        figures.add_to_carts.to_string(),
        figures.orders.to_string(),
        figures.units.to_string(),
        figures.revenue_minor.to_string(),
        currency.to_owned(),
        figures.returns.to_string(),
        figures.refunded_minor.to_string(),
        figures
            .conversion_rate()
            .map(|rate| rate.to_string())
            .unwrap_or_default(),
        figures
            .cost_per_order_minor()
            .map(|cost| cost.to_string())
            .unwrap_or_default(),
    ]
}
