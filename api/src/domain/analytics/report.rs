//! Reports: the rollups of a range of local dates, grouped and filtered. A report joins
//! the visit counters of its rows ([`super::tallies`]) with the attributed order lines
//! of the range (few next to scans) and the costs of the placements concerned.
//!
//! A placement's cost belongs to the placement: placement and poster rows, the `poster`
//! channel's row and the totals show a cost per order, product rows and any report
//! filtered to a product do not (a wall's cost is not split among its products), nor do
//! source rows (nor a code's among the codes of its wall). The
//! placements a row concerns are those of its key that had visits or attributed orders
//! in the range. A row some of whose visits or orders came from codes printed without a
//! placement has no known cost.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;

use super::Tally;
use super::query::{GroupBy, ReportQuery};
use super::tallies::{self, Filters};
use super::{Dimension, EMBED, FEED, POSTER, date_key};
use crate::db::DbConnection;
use crate::db::schema::{analytics_order_lines, placements, posters, products, shelves};
use crate::domain::DomainError;
use crate::domain::orders::OrderStatus;
use crate::domain::retailers::Retailer;

/// The figures of a row or of the totals.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    /// Resolutions of codes.
    pub scans: i64,
    /// Distinct scanners per local day, summed over the days.
    pub unique_scanners: i64,
    /// Rendered product pages.
    pub page_views: i64,
    /// Cart lines created from a source.
    pub add_to_carts: i64,
    /// Distinct orders with an attributed line, on their confirmation day.
    pub orders: i64,
    /// Units of attributed lines.
    pub units: i64,
    /// Their value at the price charged, minor units.
    pub revenue_minor: i64,
    /// Distinct orders returned, on the day of the return.
    pub returns: i64,
    /// Refunded for the attributed lines of those, minor units.
    pub refunded_minor: i64,
    /// What the placements concerned cost, when every one of them has a cost.
    pub cost_minor: Option<i64>,
}

impl Figures {
    /// Orders per unique scanner, to four decimals; none without scanners.
    pub fn conversion_rate(&self) -> Option<f64> {
        (self.unique_scanners > 0).then(|| {
            let rate = self.orders as f64 / self.unique_scanners as f64;
            (rate * 10_000.0).round() / 10_000.0
        })
    }

    /// The cost divided by the orders, rounded to the minor unit; none without orders or
    /// a known cost.
    pub fn cost_per_order_minor(&self) -> Option<i64> {
        let cost = self.cost_minor?;
        (self.orders > 0).then(|| (cost + self.orders / 2) / self.orders)
    }
}

/// One row of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    /// The group: a placement or poster id (`""` for codes without one), a product's
    /// SKU, a channel, a date (`YYYY-MM-DD`) or an hour (`0` to `23`).
    pub key: String,
    /// What people read: a name, a title, the date, or the hour as `13:00`.
    pub label: String,
    /// Its figures.
    pub figures: Figures,
}

/// A report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The query it answers.
    pub query: ReportQuery,
    /// The retailer's time zone, in which dates and hours are local.
    pub time_zone: String,
    /// The currency of every amount.
    pub currency: String,
    /// Its rows.
    pub rows: Vec<ReportRow>,
    /// The whole filtered range.
    pub totals: Figures,
}

/// An attributed order line.
struct Line {
    order_id: String,
    channel: String,
    source_id: String,
    poster_id: Option<String>,
    placement_id: Option<String>,
    product_id: String,
    local_date: String,
    local_hour: i32,
    units: i64,
    revenue_minor: i64,
    returned_local_date: Option<String>,
    refunded_minor: i64,
}

fn order_lines(conn: &mut DbConnection, filters: &Filters<'_>) -> Result<Vec<Line>, DomainError> {
    use crate::db::schema::orders;
    use analytics_order_lines as t;
    let mut query = t::table
        .inner_join(orders::table.on(orders::id.eq(t::order_id)))
        .filter(t::retailer_id.eq(filters.retailer_id))
        .filter(orders::status.eq_any(OrderStatus::SALES))
        .filter(
            t::local_date
                .between(&filters.from, &filters.to)
                .or(t::returned_local_date.between(&filters.from, &filters.to)),
        )
        .select((
            t::order_id,
            t::channel,
            t::source_id,
            t::poster_id,
            t::placement_id,
            t::product_id,
            t::local_date,
            t::local_hour,
            t::units,
            t::revenue_minor,
            t::returned_local_date,
            t::refunded_minor,
        ))
        .into_boxed();
    if let Some(channel) = filters.channel {
        query = query.filter(t::channel.eq(channel));
    }
    if let Some(poster) = filters.poster_id {
        query = query.filter(t::poster_id.eq(poster));
    }
    if let Some(placement) = filters.placement_id {
        query = query.filter(t::placement_id.eq(placement));
    }
    if let Some(product) = &filters.product_id {
        query = query.filter(t::product_id.eq(product));
    }
    type Row = (
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        String,
        String,
        i32,
        i64,
        i64,
        Option<String>,
        i64,
    );
    let rows: Vec<Row> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .map(|row| Line {
            order_id: row.0,
            channel: row.1,
            source_id: row.2,
            poster_id: row.3,
            placement_id: row.4,
            product_id: row.5,
            local_date: row.6,
            local_hour: row.7,
            units: row.8,
            revenue_minor: row.9,
            returned_local_date: row.10,
            refunded_minor: row.11,
        })
        .collect())
}

/// What the attributed order lines add to a row.
#[derive(Default)]
struct Sales {
    orders: BTreeSet<String>,
    units: i64,
    revenue_minor: i64,
    returns: BTreeSet<String>,
    refunded_minor: i64,
    /// Whether a counted line came from a code printed without a placement.
    unplaced: bool,
}

impl Sales {
    /// Adds a line confirmed (or returned) between the local dates `from` and `to`, and at
    /// `hour` when given (hour rows count no returns).
    fn add(&mut self, line: &Line, (from, to): (&str, &str), hour: Option<i32>) {
        let in_range = |date: &str| from <= date && date <= to;
        if in_range(&line.local_date) && hour.is_none_or(|h| h == line.local_hour) {
            self.orders.insert(line.order_id.clone());
            self.units += line.units;
            self.revenue_minor += line.revenue_minor;
            self.unplaced |= line.placement_id.is_none();
        }
        if hour.is_none()
            && let Some(returned) = &line.returned_local_date
            && in_range(returned)
        {
            self.returns.insert(line.order_id.clone());
            self.refunded_minor += line.refunded_minor;
        }
    }

    fn figures(&self, tally: Tally, cost_minor: Option<i64>) -> Figures {
        Figures {
            scans: tally.scans,
            unique_scanners: tally.visitors,
            page_views: tally.page_views,
            add_to_carts: tally.add_to_carts,
            orders: self.orders.len() as i64,
            units: self.units,
            revenue_minor: self.revenue_minor,
            returns: self.returns.len() as i64,
            refunded_minor: self.refunded_minor,
            cost_minor,
        }
    }
}

/// The row key of a line in a grouping by a dimension or by source.
fn line_key(line: &Line, group: GroupBy) -> &str {
    match group {
        GroupBy::Channel => &line.channel,
        GroupBy::Poster => line.poster_id.as_deref().unwrap_or_default(),
        GroupBy::Placement => line.placement_id.as_deref().unwrap_or_default(),
        GroupBy::Product => &line.product_id,
        GroupBy::Source => &line.source_id,
        GroupBy::Day | GroupBy::Hour => "",
    }
}

/// The placements of the range and what they cost.
struct Costs {
    /// Placement id → (its poster, its cost when known).
    placements: HashMap<String, (String, Option<i64>)>,
    /// Placements with visits or attributed orders in the range, and their visits.
    active: BTreeMap<String, Tally>,
    /// False when the report concerns a product, whose share of a wall's cost is unknown.
    apply: bool,
}

impl Costs {
    fn load(
        conn: &mut DbConnection,
        retailer: &Retailer,
        filters: &Filters<'_>,
        lines: &[Line],
    ) -> Result<Self, DomainError> {
        let placements = placements::table
            .inner_join(posters::table)
            .filter(posters::retailer_id.eq(&retailer.id))
            .select((
                placements::id,
                placements::poster_id,
                placements::cost_minor,
            ))
            .load::<(String, String, Option<i64>)>(conn)?
            .into_iter()
            .map(|(id, poster, cost)| (id, (poster, cost)))
            .collect();
        let mut active = tallies::scope_keys(conn, filters, Dimension::Placement, None)?;
        active.remove("");
        for placement in lines.iter().filter_map(|line| line.placement_id.as_ref()) {
            active.entry(placement.clone()).or_default();
        }
        Ok(Self {
            placements,
            active,
            apply: filters.product_id.is_none(),
        })
    }

    /// What the active placements matching the filters and `row` (a dimension and key;
    /// none for the totals) cost, when every one of them has a cost and they account for
    /// all of the row's visits (`tally`) and orders (`sales`): otherwise some came from
    /// codes printed without a placement, whose cost is unknown.
    fn of(
        &self,
        filters: &Filters<'_>,
        row: Option<(Dimension, &str)>,
        tally: Tally,
        sales: &Sales,
    ) -> Option<i64> {
        if !self.apply || row.is_some_and(|(d, _)| d == Dimension::Product) {
            return None;
        }
        let poster_of = |placement: &str| self.placements.get(placement).map(|(p, _)| p.as_str());
        let matches = |placement: &str, dimension: Dimension, key: &str| match dimension {
            Dimension::Placement => placement == key,
            Dimension::Poster => poster_of(placement) == Some(key),
            Dimension::Channel => key == POSTER,
            Dimension::All
            | Dimension::Hour
            | Dimension::ChannelHour
            | Dimension::ChannelProduct
            | Dimension::Product => true,
        };
        let wanted = |placement: &str| {
            [
                (Dimension::Channel, filters.channel),
                (Dimension::Poster, filters.poster_id),
                (Dimension::Placement, filters.placement_id),
            ]
            .into_iter()
            .chain(row.map(|(dimension, key)| (dimension, Some(key))))
            .all(|(dimension, key)| key.is_none_or(|key| matches(placement, dimension, key)))
        };
        let concerned: Vec<(&String, &Tally)> =
            self.active.iter().filter(|(p, _)| wanted(p)).collect();
        let placed: i64 = concerned
            .iter()
            .map(|(_, visits)| visits.scans + visits.add_to_carts)
            .sum();
        if concerned.is_empty() || sales.unplaced || tally.scans + tally.add_to_carts > placed {
            return None;
        }
        concerned
            .into_iter()
            .map(|(placement, _)| self.placements.get(placement).and_then(|(_, cost)| *cost))
            .sum()
    }
}

/// The report of `query` for `retailer`, its rows and totals read in one snapshot (the
/// scan writers commit while it reads).
pub fn report(
    conn: &mut DbConnection,
    retailer: &Retailer,
    query: &ReportQuery,
) -> Result<Report, DomainError> {
    crate::db::read_snapshot(conn, |conn| read_report(conn, retailer, query))
}

fn read_report(
    conn: &mut DbConnection,
    retailer: &Retailer,
    query: &ReportQuery,
) -> Result<Report, DomainError> {
    let product_id = match &query.sku {
        Some(sku) => Some(
            products::table
                .filter(products::retailer_id.eq(&retailer.id))
                .filter(products::sku.eq(sku))
                .select(products::id)
                .first::<String>(conn)
                .optional()?
                .ok_or_else(|| {
                    DomainError::invalid("sku", "no product of this retailer has this SKU")
                })?,
        ),
        None => None,
    };
    check_filter_targets(conn, retailer, query)?;
    let filters = Filters {
        retailer_id: &retailer.id,
        from: date_key(query.from),
        to: date_key(query.to),
        channel: query.channel.as_deref(),
        poster_id: query.poster_id.as_deref(),
        placement_id: query.placement_id.as_deref(),
        product_id,
    };
    let group = query.group_by;
    let tallies = tallies::read(conn, &filters, group)?;
    let lines = order_lines(conn, &filters)?;
    let costs = Costs::load(conn, retailer, &filters, &lines)?;
    let range = (filters.from.as_str(), filters.to.as_str());

    let mut totals = Sales::default();
    for line in &lines {
        totals.add(line, range, None);
    }
    let tally = |key: &str| tallies.rows.get(key).copied().unwrap_or_default();
    let rows = match (group, tallies::dimension_of(group)) {
        (GroupBy::Day, _) => query
            .days()
            .map(|day| {
                let key = date_key(day);
                let mut sales = Sales::default();
                for line in &lines {
                    sales.add(line, (&key, &key), None);
                }
                ReportRow {
                    label: key.clone(),
                    figures: sales.figures(tally(&key), None),
                    key,
                }
            })
            .collect(),
        (GroupBy::Hour, _) => (0..24)
            .map(|hour: i32| {
                let key = hour.to_string();
                let mut sales = Sales::default();
                for line in &lines {
                    sales.add(line, range, Some(hour));
                }
                ReportRow {
                    label: format!("{hour:02}:00"),
                    figures: sales.figures(tally(&key), None),
                    key,
                }
            })
            .collect(),
        (_, dimension) => {
            let mut sales: BTreeMap<String, Sales> = tallies
                .rows
                .keys()
                .map(|key| (key.clone(), Sales::default()))
                .collect();
            for line in &lines {
                sales
                    .entry(line_key(line, group).to_owned())
                    .or_default()
                    .add(line, range, None);
            }
            let labels = labels(conn, retailer, query, sales.keys())?;
            // Products are known by SKU outside; rollups keep the id, which never changes.
            let skus: HashMap<String, String> = if group == GroupBy::Product {
                products::table
                    .filter(products::retailer_id.eq(&retailer.id))
                    .filter(products::id.eq_any(sales.keys()))
                    .select((products::id, products::sku))
                    .load(conn)?
                    .into_iter()
                    .collect()
            } else {
                HashMap::new()
            };
            let mut rows: Vec<ReportRow> = sales
                .iter()
                .map(|(key, sales)| ReportRow {
                    label: labels.get(key).cloned().unwrap_or_else(|| key.clone()),
                    // A source's share of its placement's cost is not split out.
                    figures: sales.figures(
                        tally(key),
                        dimension.and_then(|dimension| {
                            costs.of(&filters, Some((dimension, key)), tally(key), sales)
                        }),
                    ),
                    key: skus.get(key).cloned().unwrap_or_else(|| key.clone()),
                })
                .collect();
            rows.sort_by(|a, b| a.label.cmp(&b.label).then_with(|| a.key.cmp(&b.key)));
            rows
        }
    };
    Ok(Report {
        query: query.clone(),
        time_zone: retailer.time_zone.clone(),
        currency: retailer.currency.clone(),
        rows,
        totals: totals.figures(
            tallies.totals,
            costs.of(&filters, None, tallies.totals, &totals),
        ),
    })
}

/// A channel's or a feed platform's name: its key, capitalized.
fn capitalized(key: &str) -> String {
    let mut name = key.to_owned();
    if let Some(first) = name.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    name
}

/// Names of the keys of a query's grouping: placement names, poster titles, product names,
/// channel names; a source is its code, its shelf's name or its feed platform's name.
fn labels<'k>(
    conn: &mut DbConnection,
    retailer: &Retailer,
    query: &ReportQuery,
    keys: impl Iterator<Item = &'k String>,
) -> Result<HashMap<String, String>, DomainError> {
    let keys: Vec<&String> = keys.collect();
    let group = query.group_by;
    let mut names: HashMap<String, String> = match group {
        GroupBy::Placement => placements::table
            .inner_join(posters::table)
            .filter(posters::retailer_id.eq(&retailer.id))
            .filter(placements::id.eq_any(keys.iter().copied()))
            .select((placements::id, placements::name))
            .load(conn)?
            .into_iter()
            .collect(),
        GroupBy::Poster => posters::table
            .filter(posters::retailer_id.eq(&retailer.id))
            .filter(posters::id.eq_any(keys.iter().copied()))
            .select((posters::id, posters::title))
            .load(conn)?
            .into_iter()
            .collect(),
        GroupBy::Product => products::table
            .filter(products::retailer_id.eq(&retailer.id))
            .filter(products::id.eq_any(keys.iter().copied()))
            .select((products::id, products::name))
            .load(conn)?
            .into_iter()
            .collect(),
        GroupBy::Source if query.channel.as_deref() == Some(EMBED) => shelves::table
            .filter(shelves::retailer_id.eq(&retailer.id))
            .filter(shelves::id.eq_any(keys.iter().copied()))
            .select((shelves::id, shelves::name))
            .load(conn)?
            .into_iter()
            .collect(),
        // Codes are read as printed; a row without a label shows its key.
        GroupBy::Source if query.channel.as_deref() != Some(FEED) => HashMap::new(),
        GroupBy::Channel | GroupBy::Day | GroupBy::Hour | GroupBy::Source => keys
            .iter()
            .map(|key| ((*key).clone(), capitalized(key)))
            .collect(),
    };
    if keys.iter().any(|key| key.is_empty()) {
        let none = match group {
            GroupBy::Placement => "No placement",
            GroupBy::Poster => "No poster",
            GroupBy::Source => "No source",
            _ => "None",
        };
        names.insert(String::new(), none.to_owned());
    }
    Ok(names)
}

/// A filter naming a poster or placement the retailer does not have is a mistake to
/// report (422), not a question whose answer is zero.
fn check_filter_targets(
    conn: &mut DbConnection,
    retailer: &Retailer,
    query: &ReportQuery,
) -> Result<(), DomainError> {
    if let Some(poster_id) = &query.poster_id {
        let known: i64 = posters::table
            .filter(posters::retailer_id.eq(&retailer.id))
            .filter(posters::id.eq(poster_id))
            .count()
            .get_result(conn)?;
        if known == 0 {
            return Err(DomainError::invalid(
                "poster_id",
                "no poster of this retailer has this id",
            ));
        }
    }
    if let Some(placement_id) = &query.placement_id {
        let known: i64 = placements::table
            .inner_join(posters::table)
            .filter(posters::retailer_id.eq(&retailer.id))
            .filter(placements::id.eq(placement_id))
            .count()
            .get_result(conn)?;
        if known == 0 {
            return Err(DomainError::invalid(
                "placement_id",
                "no placement of this retailer has this id",
            ));
        }
    }
    Ok(())
}

/// Scans per weekday (Monday first) and local hour over the range, for the heat map.
pub fn weekday_hours(
    conn: &mut DbConnection,
    retailer: &Retailer,
    query: &ReportQuery,
) -> Result<[[u64; 24]; 7], DomainError> {
    use crate::db::schema::analytics_scope_days as t;
    let rows: Vec<(String, String, i64)> = t::table
        .filter(t::retailer_id.eq(&retailer.id))
        .filter(t::dimension.eq(Dimension::Hour.as_str()))
        .filter(t::local_date.between(date_key(query.from), date_key(query.to)))
        .select((t::local_date, t::scope_key, t::scans))
        .load(conn)?;
    let mut grid = [[0u64; 24]; 7];
    for (date, hour, scans) in rows {
        let (Ok(day), Ok(hour)) = (
            NaiveDate::parse_from_str(&date, "%Y-%m-%d"),
            hour.parse::<usize>(),
        ) else {
            continue;
        };
        if hour < 24 {
            grid[day.weekday().num_days_from_monday() as usize][hour] +=
                u64::try_from(scans).unwrap_or_default();
        }
    }
    Ok(grid)
}
