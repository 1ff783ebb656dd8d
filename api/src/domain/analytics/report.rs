//! Reports: the rollups of a range of local dates, grouped and filtered. A report reads
//! per-source sums over the range (one row per code, whatever the range's length), the
//! unique-scanner counts of the scopes it needs, and the attributed order lines (few
//! next to scans), and groups them here.
//!
//! Unique scanners of a row are the sum over its days of the distinct visitors of the
//! row's scope (its placement, poster, product or channel; `all` or the filter's
//! dimension for day rows and totals). When a filter on another dimension than the
//! grouping applies (`group_by=placement&sku=…`), the row sums the scopes of its
//! matching sources instead: a visitor who scanned two matching codes on one day then
//! counts twice.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::date_key;
use super::query::{GroupBy, ReportQuery};
use crate::db::DbConnection;
use crate::db::schema::{
    analytics_hours, analytics_order_lines, analytics_source_days, analytics_uniques, placements,
    posters, products,
};
use crate::domain::DomainError;
use crate::domain::retailers::Retailer;

/// Order statuses that never count as orders (the payment failed, or the order ended).
const NOT_ORDERS: [&str; 3] = ["payment_failed", "expired", "cancelled"];

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

/// A source's sums over the range.
struct SourceSums {
    channel: String,
    source_id: String,
    poster_id: Option<String>,
    placement_id: Option<String>,
    product_id: Option<String>,
    scans: i64,
    page_views: i64,
    add_to_carts: i64,
}

impl SourceSums {
    fn scope(&self) -> String {
        format!("source:{}:{}", self.channel, self.source_id)
    }
}

/// An attributed order line.
struct Line {
    order_id: String,
    channel: String,
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

/// The filters, with the SKU turned into a product id ("" when the retailer has no such
/// product, which matches nothing).
struct Filters<'a> {
    retailer_id: &'a str,
    from: String,
    to: String,
    channel: Option<&'a str>,
    poster_id: Option<&'a str>,
    placement_id: Option<&'a str>,
    product_id: Option<String>,
}

impl Filters<'_> {
    /// The one filter's scope, when exactly one filter is set.
    fn single_scope(&self) -> Option<String> {
        let scopes: Vec<String> = [
            self.channel.map(|c| format!("channel:{c}")),
            self.poster_id.map(|p| format!("poster:{p}")),
            self.placement_id.map(|p| format!("placement:{p}")),
            self.product_id.as_ref().map(|p| format!("product:{p}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        match scopes.as_slice() {
            [] => Some("all".to_owned()),
            [one] => Some(one.clone()),
            _ => None,
        }
    }

    /// True when no filter other than on `group`'s own dimension is set.
    fn only_on(&self, group: GroupBy) -> bool {
        (self.channel.is_none() || group == GroupBy::Channel)
            && (self.poster_id.is_none() || group == GroupBy::Poster)
            && (self.placement_id.is_none() || group == GroupBy::Placement)
            && (self.product_id.is_none() || group == GroupBy::Product)
    }
}

fn sum(column: &str) -> diesel::expression::SqlLiteral<BigInt> {
    sql::<BigInt>(&format!("CAST(COALESCE(SUM({column}), 0) AS BIGINT)"))
}

macro_rules! source_filters {
    ($query:expr, $filters:expr) => {{
        let filters = $filters;
        let mut query = $query
            .filter(analytics_source_days::retailer_id.eq(filters.retailer_id))
            .filter(analytics_source_days::local_date.between(&filters.from, &filters.to));
        if let Some(channel) = filters.channel {
            query = query.filter(analytics_source_days::channel.eq(channel));
        }
        if let Some(poster) = filters.poster_id {
            query = query.filter(analytics_source_days::poster_id.eq(poster));
        }
        if let Some(placement) = filters.placement_id {
            query = query.filter(analytics_source_days::placement_id.eq(placement));
        }
        if let Some(product) = &filters.product_id {
            query = query.filter(analytics_source_days::product_id.eq(product));
        }
        query
    }};
}

fn source_sums(
    conn: &mut DbConnection,
    filters: &Filters<'_>,
) -> Result<Vec<SourceSums>, DomainError> {
    use analytics_source_days as t;
    let query = t::table
        .group_by((
            t::channel,
            t::source_id,
            t::poster_id,
            t::placement_id,
            t::product_id,
        ))
        .select((
            t::channel,
            t::source_id,
            t::poster_id,
            t::placement_id,
            t::product_id,
            sum("scans"),
            sum("page_views"),
            sum("add_to_carts"),
        ))
        .into_boxed();
    type Row = (
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        i64,
        i64,
        i64,
    );
    let rows: Vec<Row> = source_filters!(query, filters).load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(
                channel,
                source_id,
                poster_id,
                placement_id,
                product_id,
                scans,
                page_views,
                add_to_carts,
            )| {
                SourceSums {
                    channel,
                    source_id,
                    poster_id,
                    placement_id,
                    product_id,
                    scans,
                    page_views,
                    add_to_carts,
                }
            },
        )
        .collect())
}

/// (scans, page views, add-to-carts) per local date.
fn daily_sums(
    conn: &mut DbConnection,
    filters: &Filters<'_>,
) -> Result<HashMap<String, (i64, i64, i64)>, DomainError> {
    use analytics_source_days as t;
    let query = t::table
        .group_by(t::local_date)
        .select((
            t::local_date,
            sum("scans"),
            sum("page_views"),
            sum("add_to_carts"),
        ))
        .into_boxed();
    let rows: Vec<(String, i64, i64, i64)> = source_filters!(query, filters).load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(d, s, p, a)| (d, (s, p, a)))
        .collect())
}

/// (scans, page views, add-to-carts) per local hour, over the whole retailer.
fn hourly_sums(
    conn: &mut DbConnection,
    filters: &Filters<'_>,
) -> Result<HashMap<i32, (i64, i64, i64)>, DomainError> {
    use analytics_hours as t;
    let rows: Vec<(i32, i64, i64, i64)> = t::table
        .filter(t::retailer_id.eq(filters.retailer_id))
        .filter(t::local_date.between(&filters.from, &filters.to))
        .group_by(t::local_hour)
        .select((
            t::local_hour,
            sum("scans"),
            sum("page_views"),
            sum("add_to_carts"),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(h, s, p, a)| (h, (s, p, a)))
        .collect())
}

/// Visitors per (local date, scope) of the given scopes.
fn uniques(
    conn: &mut DbConnection,
    filters: &Filters<'_>,
    scopes: &BTreeSet<String>,
) -> Result<Vec<(String, String, i64)>, DomainError> {
    use analytics_uniques as t;
    if scopes.is_empty() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    // Bounded IN lists keep far below either backend's parameter limit.
    let scopes: Vec<&String> = scopes.iter().collect();
    for chunk in scopes.chunks(1000) {
        let rows: Vec<(String, String, i64)> = t::table
            .filter(t::retailer_id.eq(filters.retailer_id))
            .filter(t::scope.eq_any(chunk.iter().copied()))
            .filter(t::local_date.between(&filters.from, &filters.to))
            .select((t::local_date, t::scope, t::visitors))
            .load(conn)?;
        found.extend(rows);
    }
    Ok(found)
}

fn order_lines(conn: &mut DbConnection, filters: &Filters<'_>) -> Result<Vec<Line>, DomainError> {
    use crate::db::schema::orders;
    use analytics_order_lines as t;
    let mut query = t::table
        .inner_join(orders::table.on(orders::id.eq(t::order_id)))
        .filter(t::retailer_id.eq(filters.retailer_id))
        .filter(orders::status.ne_all(NOT_ORDERS))
        .filter(
            t::local_date
                .between(&filters.from, &filters.to)
                .or(t::returned_local_date.between(&filters.from, &filters.to)),
        )
        .select((
            t::order_id,
            t::channel,
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
            poster_id: row.2,
            placement_id: row.3,
            product_id: row.4,
            local_date: row.5,
            local_hour: row.6,
            units: row.7,
            revenue_minor: row.8,
            returned_local_date: row.9,
            refunded_minor: row.10,
        })
        .collect())
}

/// The key of a grouping for something with these attributes.
fn key_of(
    group: GroupBy,
    channel: &str,
    poster: Option<&str>,
    placement: Option<&str>,
    product: Option<&str>,
) -> String {
    match group {
        GroupBy::Placement => placement.unwrap_or_default().to_owned(),
        GroupBy::Poster => poster.unwrap_or_default().to_owned(),
        GroupBy::Product => product.unwrap_or_default().to_owned(),
        GroupBy::Channel => channel.to_owned(),
        GroupBy::Day | GroupBy::Hour => String::new(),
    }
}

/// Accumulates figures and the placements they concern.
#[derive(Default)]
struct Group {
    figures: Figures,
    orders: BTreeSet<String>,
    returns: BTreeSet<String>,
    placements: BTreeSet<Option<String>>,
    sources: BTreeSet<String>,
}

impl Group {
    fn add_source(&mut self, source: &SourceSums) {
        self.figures.scans += source.scans;
        self.figures.page_views += source.page_views;
        self.figures.add_to_carts += source.add_to_carts;
        self.placements.insert(source.placement_id.clone());
        self.sources.insert(source.scope());
    }

    /// Adds an order line confirmed (or returned) between the local dates `from` and
    /// `to`, and at `count_hour` when given (hour rows count no returns).
    fn add_line(&mut self, line: &Line, (from, to): (&str, &str), count_hour: Option<i32>) {
        let in_range = |date: &str| from <= date && date <= to;
        if in_range(&line.local_date) && count_hour.is_none_or(|h| h == line.local_hour) {
            self.orders.insert(line.order_id.clone());
            self.figures.units += line.units;
            self.figures.revenue_minor += line.revenue_minor;
            self.placements.insert(line.placement_id.clone());
        }
        if count_hour.is_none()
            && let Some(returned) = &line.returned_local_date
            && in_range(returned)
        {
            self.returns.insert(line.order_id.clone());
            self.figures.refunded_minor += line.refunded_minor;
        }
    }

    fn finish(mut self, costs: &HashMap<String, Option<i64>>, with_cost: bool) -> Figures {
        self.figures.orders = self.orders.len() as i64;
        self.figures.returns = self.returns.len() as i64;
        self.figures.cost_minor = if with_cost && !self.placements.is_empty() {
            self.placements
                .iter()
                .map(|placement| {
                    placement
                        .as_ref()
                        .and_then(|p| costs.get(p).copied().flatten())
                })
                .sum::<Option<i64>>()
        } else {
            None
        };
        self.figures
    }
}

/// Sums the visitors of `scopes` from loaded unique counts, optionally of one date.
fn visitors(
    counts: &[(String, String, i64)],
    scopes: &BTreeSet<String>,
    date: Option<&str>,
) -> i64 {
    counts
        .iter()
        .filter(|(d, scope, _)| scopes.contains(scope) && date.is_none_or(|date| date == d))
        .map(|(_, _, visitors)| visitors)
        .sum()
}

fn one(scope: String) -> BTreeSet<String> {
    BTreeSet::from([scope])
}

/// The report of `query` for `retailer`.
pub fn report(
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
    let sources = source_sums(conn, &filters)?;
    let lines = order_lines(conn, &filters)?;
    let costs: HashMap<String, Option<i64>> = placements::table
        .inner_join(posters::table)
        .filter(posters::retailer_id.eq(&retailer.id))
        .select((placements::id, placements::cost_minor))
        .load::<(String, Option<i64>)>(conn)?
        .into_iter()
        .collect();

    let mut totals = Group::default();
    for source in &sources {
        totals.add_source(source);
    }
    for line in &lines {
        totals.add_line(line, (&filters.from, &filters.to), None);
    }
    let total_scopes = filters
        .single_scope()
        .map_or_else(|| totals.sources.clone(), one);

    let group = query.group_by;
    let (rows, counts) = match group {
        GroupBy::Day => {
            let daily = daily_sums(conn, &filters)?;
            let counts = uniques(conn, &filters, &total_scopes)?;
            let rows = query
                .days()
                .map(|day| {
                    let key = date_key(day);
                    let mut row = Group::default();
                    if let Some((scans, page_views, add_to_carts)) = daily.get(&key) {
                        row.figures.scans = *scans;
                        row.figures.page_views = *page_views;
                        row.figures.add_to_carts = *add_to_carts;
                    }
                    for line in &lines {
                        row.add_line(line, (&key, &key), None);
                    }
                    // Whatever the filters, a day's scanners are those of the totals'
                    // scopes on that day.
                    row.figures.unique_scanners = visitors(&counts, &total_scopes, Some(&key));
                    ReportRow {
                        label: key.clone(),
                        key,
                        figures: row.finish(&costs, false),
                    }
                })
                .collect();
            (rows, counts)
        }
        GroupBy::Hour => {
            let hourly = hourly_sums(conn, &filters)?;
            let scopes: BTreeSet<String> = (0..24).map(|h| format!("hour:{h}")).collect();
            let counts = uniques(
                conn,
                &filters,
                &scopes
                    .iter()
                    .cloned()
                    .chain(total_scopes.iter().cloned())
                    .collect(),
            )?;
            let rows = (0..24)
                .map(|hour: i32| {
                    let mut row = Group::default();
                    if let Some((scans, page_views, add_to_carts)) = hourly.get(&hour) {
                        row.figures.scans = *scans;
                        row.figures.page_views = *page_views;
                        row.figures.add_to_carts = *add_to_carts;
                    }
                    for line in &lines {
                        row.add_line(line, (&filters.from, &filters.to), Some(hour));
                    }
                    row.figures.unique_scanners =
                        visitors(&counts, &one(format!("hour:{hour}")), None);
                    ReportRow {
                        key: hour.to_string(),
                        label: format!("{hour:02}:00"),
                        figures: row.finish(&costs, false),
                    }
                })
                .collect();
            (rows, counts)
        }
        GroupBy::Placement | GroupBy::Poster | GroupBy::Product | GroupBy::Channel => {
            let mut groups: BTreeMap<String, Group> = BTreeMap::new();
            for source in &sources {
                let key = key_of(
                    group,
                    &source.channel,
                    source.poster_id.as_deref(),
                    source.placement_id.as_deref(),
                    source.product_id.as_deref(),
                );
                groups.entry(key).or_default().add_source(source);
            }
            for line in &lines {
                let key = key_of(
                    group,
                    &line.channel,
                    line.poster_id.as_deref(),
                    line.placement_id.as_deref(),
                    Some(&line.product_id),
                );
                groups
                    .entry(key)
                    .or_default()
                    .add_line(line, (&filters.from, &filters.to), None);
            }
            let own_scope = |key: &str| -> Option<String> {
                let prefix = match group {
                    GroupBy::Placement => "placement",
                    GroupBy::Poster => "poster",
                    GroupBy::Product => "product",
                    _ => "channel",
                };
                (!key.is_empty() && filters.only_on(group)).then(|| format!("{prefix}:{key}"))
            };
            let row_scopes: BTreeMap<String, BTreeSet<String>> = groups
                .iter()
                .map(|(key, g)| {
                    (
                        key.clone(),
                        own_scope(key).map_or_else(|| g.sources.clone(), one),
                    )
                })
                .collect();
            let wanted: BTreeSet<String> = row_scopes
                .values()
                .flatten()
                .chain(total_scopes.iter())
                .cloned()
                .collect();
            let counts = uniques(conn, &filters, &wanted)?;
            let labels = labels(conn, retailer, group, groups.keys())?;
            // Products are known by SKU outside; rollups keep the id, which never changes.
            let skus: HashMap<String, String> = if group == GroupBy::Product {
                products::table
                    .filter(products::retailer_id.eq(&retailer.id))
                    .filter(products::id.eq_any(groups.keys()))
                    .select((products::id, products::sku))
                    .load(conn)?
                    .into_iter()
                    .collect()
            } else {
                HashMap::new()
            };
            let mut rows: Vec<ReportRow> = groups
                .into_iter()
                .map(|(key, mut g)| {
                    g.figures.unique_scanners = visitors(&counts, &row_scopes[&key], None);
                    ReportRow {
                        label: labels.get(&key).cloned().unwrap_or_else(|| key.clone()),
                        figures: g.finish(&costs, true),
                        key: skus.get(&key).cloned().unwrap_or(key),
                    }
                })
                .collect();
            rows.sort_by(|a, b| a.label.cmp(&b.label).then_with(|| a.key.cmp(&b.key)));
            (rows, counts)
        }
    };
    totals.figures.unique_scanners = visitors(&counts, &total_scopes, None);
    Ok(Report {
        query: query.clone(),
        time_zone: retailer.time_zone.clone(),
        currency: retailer.currency.clone(),
        rows,
        totals: totals.finish(&costs, true),
    })
}

/// Names of the keys of a grouping: placement names, poster titles, product names,
/// channel names.
fn labels<'k>(
    conn: &mut DbConnection,
    retailer: &Retailer,
    group: GroupBy,
    keys: impl Iterator<Item = &'k String>,
) -> Result<HashMap<String, String>, DomainError> {
    let keys: Vec<&String> = keys.collect();
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
        GroupBy::Channel | GroupBy::Day | GroupBy::Hour => keys
            .iter()
            .map(|key| {
                let mut name = key.to_string();
                if let Some(first) = name.get_mut(..1) {
                    first.make_ascii_uppercase();
                }
                ((*key).clone(), name)
            })
            .collect(),
    };
    if keys.iter().any(|key| key.is_empty()) {
        let none = match group {
            GroupBy::Placement => "No placement",
            GroupBy::Poster => "No poster",
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
    use analytics_hours as t;
    let rows: Vec<(String, i32, i64)> = t::table
        .filter(t::retailer_id.eq(&retailer.id))
        .filter(t::local_date.between(date_key(query.from), date_key(query.to)))
        .group_by((t::local_date, t::local_hour))
        .select((t::local_date, t::local_hour, sum("scans")))
        .load(conn)?;
    let mut grid = [[0u64; 24]; 7];
    for (date, hour, scans) in rows {
        let (Ok(day), Ok(hour)) = (
            NaiveDate::parse_from_str(&date, "%Y-%m-%d"),
            usize::try_from(hour),
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
