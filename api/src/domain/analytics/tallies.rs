//! The visit counters of a report (scans, page views, add-to-carts and unique scanners),
//! read from the rollups. Whenever the filters name at most the grouping's own dimension
//! (and always for day rows under one filter), they come from the per-dimension day rows
//! of `analytics_scope_days`: a few rows per key and day, whatever the number of codes.
//! A filter on another dimension than the grouping (`group_by=placement&sku=…`), or two
//! filters at once, needs the per-source day rows instead, which carry every dimension.
//! Hour rows under a channel filter come from the channel's hour rows (`channel_hour`);
//! source rows are the per-source day rows of the channel, a source's own distinct visitors
//! per day summed.
//!
//! A per-source day row names one product, but only a poster's code shows one: a shared
//! link, a shelf, a feed or a direct visit brings visits to many. So whatever crosses
//! channels with products (product rows under a channel filter, channel rows and day rows
//! under a channel and a product filter) is read from the channel's product rows
//! (`channel_product`), with their own distinct visitors (for days before migration
//! 000018 that mixed channels, the poster rows' visitors are the codes' sum, an upper
//! bound); under a product filter, rows by
//! poster or placement take only the poster channel's source rows and the other channels'
//! product rows.
//!
//! Unique scanners of a row are the sum over its days of the distinct visitors of the
//! row's scope. Under a filter on another dimension a row sums its sources' own counts
//! instead: a visitor who scanned two matching codes on one day then counts twice. The
//! totals count the one filter's scope (or the whole retailer's, or the channel's product
//! under those two filters), and sum sources only under other pairs of filters.

use std::collections::BTreeMap;

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::query::GroupBy;
use super::{Dimension, POSTER, Scope, Tally, channel_hour, channel_product};
use crate::db::DbConnection;
use crate::db::schema::{analytics_scope_days, analytics_source_days};
use crate::domain::DomainError;

/// A report's range and filters, with the SKU turned into a product id ("" when the
/// retailer has no such product, which matches nothing).
pub struct Filters<'a> {
    /// The retailer.
    pub retailer_id: &'a str,
    /// First local date, `YYYY-MM-DD`.
    pub from: String,
    /// Last local date, inclusive.
    pub to: String,
    /// Only this channel.
    pub channel: Option<&'a str>,
    /// Only this poster.
    pub poster_id: Option<&'a str>,
    /// Only this placement.
    pub placement_id: Option<&'a str>,
    /// Only this product.
    pub product_id: Option<String>,
}

impl Filters<'_> {
    /// The scopes the filters name.
    fn scopes(&self) -> Vec<Scope> {
        [
            self.channel.map(|c| Scope::new(Dimension::Channel, c)),
            self.poster_id.map(|p| Scope::new(Dimension::Poster, p)),
            self.placement_id
                .map(|p| Scope::new(Dimension::Placement, p)),
            self.product_id
                .as_ref()
                .map(|p| Scope::new(Dimension::Product, p.as_str())),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// The scope of everything the filters let through, when one scope is: the whole
    /// retailer without filters, the filter's scope with one, the channel's product with
    /// those two.
    pub fn single_scope(&self) -> Option<Scope> {
        let mut scopes = self.scopes();
        match (scopes.len(), self.channel, self.product_id.as_deref()) {
            (0, ..) => Some(Scope::new(Dimension::All, "")),
            (1, ..) => scopes.pop(),
            (2, Some(channel), Some(product)) => Some(Scope::new(
                Dimension::ChannelProduct,
                channel_product(channel, product),
            )),
            _ => None,
        }
    }

    /// The filter on `dimension`, if set.
    fn on(&self, dimension: Dimension) -> Option<&str> {
        match dimension {
            Dimension::Channel => self.channel,
            Dimension::Poster => self.poster_id,
            Dimension::Placement => self.placement_id,
            Dimension::Product => self.product_id.as_deref(),
            Dimension::All
            | Dimension::Hour
            | Dimension::ChannelHour
            | Dimension::ChannelProduct => None,
        }
    }

    /// True when no poster or placement filter is set, so visits of other channels than
    /// `poster` (which have neither) may match.
    fn beyond_posters(&self) -> bool {
        self.poster_id.is_none() && self.placement_id.is_none()
    }

    /// True when no filter other than on `dimension` is set.
    fn only_on(&self, dimension: Dimension) -> bool {
        self.scopes()
            .iter()
            .all(|scope| scope.dimension == dimension)
    }
}

/// The dimension whose keys are a grouping's row keys, for the groupings that have one.
pub fn dimension_of(group: GroupBy) -> Option<Dimension> {
    match group {
        GroupBy::Placement => Some(Dimension::Placement),
        GroupBy::Poster => Some(Dimension::Poster),
        GroupBy::Product => Some(Dimension::Product),
        GroupBy::Channel => Some(Dimension::Channel),
        GroupBy::Day | GroupBy::Hour | GroupBy::Source => None,
    }
}

/// The counters of a report: per row key (the dimension's key, a date `YYYY-MM-DD` or an
/// hour `0`–`23`; rows without visits are absent) and for the totals.
#[derive(Debug, Default)]
pub struct Tallies {
    /// Per row key.
    pub rows: BTreeMap<String, Tally>,
    /// The whole filtered range.
    pub totals: Tally,
}

/// Reads the counters of a report grouped by `group` (hour reports take no filter but the
/// channel; source reports always have one).
pub fn read(
    conn: &mut DbConnection,
    filters: &Filters<'_>,
    group: GroupBy,
) -> Result<Tallies, DomainError> {
    match (group, dimension_of(group), filters.single_scope()) {
        (GroupBy::Day, _, Some(scope)) => {
            let rows = scope_days(conn, filters, &scope)?;
            Ok(Tallies {
                totals: Tally::sum(rows.values()),
                rows,
            })
        }
        (GroupBy::Day, _, None) => {
            let rows = source_days(conn, filters)?;
            Ok(Tallies {
                totals: Tally::sum(rows.values()),
                rows,
            })
        }
        (GroupBy::Hour, ..) => hours(conn, filters),
        (_, Some(dimension), _) if filters.only_on(dimension) => {
            let rows = scope_keys(conn, filters, dimension, filters.on(dimension))?;
            let totals = match filters.on(dimension) {
                Some(_) => Tally::sum(rows.values()),
                None => scope_total(conn, filters, &Scope::new(Dimension::All, ""))?,
            };
            Ok(Tallies { rows, totals })
        }
        (GroupBy::Product, ..) if filters.channel.is_some() && filters.beyond_posters() => {
            channel_products(conn, filters, Dimension::Product)
        }
        (GroupBy::Channel, ..) if filters.product_id.is_some() && filters.beyond_posters() => {
            channel_products(conn, filters, Dimension::Channel)
        }
        (_, dimension, single) => {
            let mut sources = sources(conn, filters)?;
            if filters.product_id.is_some() && filters.beyond_posters() {
                // Rows by poster or placement (or a poster's sources): the other channels'
                // visits of the product have no poster, placement or known source.
                sources.retain(|source| source.channel == POSTER);
                let others = channel_product_rows(conn, filters)?
                    .into_iter()
                    .filter(|(channel, ..)| channel != POSTER);
                sources.extend(others.map(|(channel, product, tally)| SourceTally {
                    channel,
                    source_id: String::new(),
                    poster_id: None,
                    placement_id: None,
                    product_id: Some(product),
                    tally,
                }));
            }
            let mut rows: BTreeMap<String, Tally> = BTreeMap::new();
            for source in &sources {
                let key = match (group, dimension) {
                    (GroupBy::Source, _) => source.source_id.as_str(),
                    (_, dimension) => dimension.map_or("", |d| source.key(d)),
                };
                rows.entry(key.to_owned()).or_default().add(source.tally);
            }
            let mut totals = Tally::sum(sources.iter().map(|source| &source.tally));
            if let Some(scope) = single {
                totals.visitors = scope_total(conn, filters, &scope)?.visitors;
            }
            Ok(Tallies { rows, totals })
        }
    }
}

/// The hour rows of the whole retailer or, under a channel filter, of that channel.
fn hours(conn: &mut DbConnection, filters: &Filters<'_>) -> Result<Tallies, DomainError> {
    let Some(channel) = filters.channel else {
        return Ok(Tallies {
            rows: scope_keys(conn, filters, Dimension::Hour, None)?,
            totals: scope_total(conn, filters, &Scope::new(Dimension::All, ""))?,
        });
    };
    // At most 24 sums per channel: every channel's are read and the others dropped.
    let mut sums = scope_keys(conn, filters, Dimension::ChannelHour, None)?;
    let rows = (0..24)
        .filter_map(|hour| Some((hour.to_string(), sums.remove(&channel_hour(channel, hour))?)))
        .collect();
    Ok(Tallies {
        rows,
        totals: scope_total(conn, filters, &Scope::new(Dimension::Channel, channel))?,
    })
}

/// Product rows within a channel, or a product's channel rows (`by`), from the channel
/// product rows: exact distinct visitors per channel and product.
fn channel_products(
    conn: &mut DbConnection,
    filters: &Filters<'_>,
    by: Dimension,
) -> Result<Tallies, DomainError> {
    let rows: BTreeMap<String, Tally> = channel_product_rows(conn, filters)?
        .into_iter()
        .map(|(channel, product, tally)| match by {
            Dimension::Channel => (channel, tally),
            _ => (product, tally),
        })
        .collect();
    let mut totals = Tally::sum(rows.values());
    if let Some(scope) = filters.single_scope() {
        totals.visitors = scope_total(conn, filters, &scope)?.visitors;
    }
    Ok(Tallies { rows, totals })
}

/// The channel product rows the channel and product filters let through, summed over the
/// range: (channel, product id, counters).
fn channel_product_rows(
    conn: &mut DbConnection,
    filters: &Filters<'_>,
) -> Result<Vec<(String, String, Tally)>, DomainError> {
    let product = filters.product_id.as_deref();
    let key = filters
        .channel
        .zip(product)
        .map(|(channel, product)| channel_product(channel, product));
    let sums = scope_keys(conn, filters, Dimension::ChannelProduct, key.as_deref())?;
    Ok(sums
        .into_iter()
        .filter_map(|(key, tally)| {
            let (channel, id) = key.split_once(':')?;
            let wanted =
                filters.channel.is_none_or(|c| c == channel) && product.is_none_or(|p| p == id);
            wanted.then(|| (channel.to_owned(), id.to_owned(), tally))
        })
        .collect())
}

/// The sum over the range of a scope's rows.
fn scope_total(
    conn: &mut DbConnection,
    filters: &Filters<'_>,
    scope: &Scope,
) -> Result<Tally, DomainError> {
    let rows = scope_keys(conn, filters, scope.dimension, Some(&scope.key))?;
    Ok(Tally::sum(rows.values()))
}

fn sum(column: &str) -> diesel::expression::SqlLiteral<BigInt> {
    sql::<BigInt>(&format!("CAST(COALESCE(SUM({column}), 0) AS BIGINT)"))
}

type Sums = (String, i64, i64, i64, i64);

fn tallies_of(rows: Vec<Sums>) -> BTreeMap<String, Tally> {
    rows.into_iter()
        .map(|(key, scans, page_views, add_to_carts, visitors)| {
            (
                key,
                Tally {
                    scans,
                    page_views,
                    add_to_carts,
                    visitors,
                },
            )
        })
        .collect()
}

/// A dimension's keys (or the one `key`) summed over the range.
pub fn scope_keys(
    conn: &mut DbConnection,
    filters: &Filters<'_>,
    dimension: Dimension,
    key: Option<&str>,
) -> Result<BTreeMap<String, Tally>, DomainError> {
    use analytics_scope_days as t;
    let mut query = t::table
        .filter(t::retailer_id.eq(filters.retailer_id))
        .filter(t::dimension.eq(dimension.as_str()))
        .filter(t::local_date.between(&filters.from, &filters.to))
        .group_by(t::scope_key)
        .select((
            t::scope_key,
            sum("scans"),
            sum("page_views"),
            sum("add_to_carts"),
            sum("visitors"),
        ))
        .into_boxed();
    if let Some(key) = key {
        query = query.filter(t::scope_key.eq(key));
    }
    Ok(tallies_of(query.load(conn)?))
}

/// One scope's rows per local date of the range.
fn scope_days(
    conn: &mut DbConnection,
    filters: &Filters<'_>,
    scope: &Scope,
) -> Result<BTreeMap<String, Tally>, DomainError> {
    use analytics_scope_days as t;
    let rows: Vec<Sums> = t::table
        .filter(t::retailer_id.eq(filters.retailer_id))
        .filter(t::dimension.eq(scope.dimension.as_str()))
        .filter(t::local_date.between(&filters.from, &filters.to))
        .filter(t::scope_key.eq(&scope.key))
        .select((
            t::local_date,
            t::scans,
            t::page_views,
            t::add_to_carts,
            t::visitors,
        ))
        .load(conn)?;
    Ok(tallies_of(rows))
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

/// The matching sources' rows summed per local date (days of two filters).
fn source_days(
    conn: &mut DbConnection,
    filters: &Filters<'_>,
) -> Result<BTreeMap<String, Tally>, DomainError> {
    use analytics_source_days as t;
    let query = t::table
        .group_by(t::local_date)
        .select((
            t::local_date,
            sum("scans"),
            sum("page_views"),
            sum("add_to_carts"),
            sum("visitors"),
        ))
        .into_boxed();
    Ok(tallies_of(source_filters!(query, filters).load(conn)?))
}

/// A matching source's sums over the range.
struct SourceTally {
    channel: String,
    source_id: String,
    poster_id: Option<String>,
    placement_id: Option<String>,
    product_id: Option<String>,
    tally: Tally,
}

impl SourceTally {
    /// Its key in `dimension` (see [`Scope::all_of`]).
    fn key(&self, dimension: Dimension) -> &str {
        match dimension {
            Dimension::Channel => &self.channel,
            Dimension::Poster => self.poster_id.as_deref().unwrap_or_default(),
            Dimension::Placement => self.placement_id.as_deref().unwrap_or_default(),
            Dimension::Product => self.product_id.as_deref().unwrap_or_default(),
            Dimension::All
            | Dimension::Hour
            | Dimension::ChannelHour
            | Dimension::ChannelProduct => "",
        }
    }
}

fn sources(
    conn: &mut DbConnection,
    filters: &Filters<'_>,
) -> Result<Vec<SourceTally>, DomainError> {
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
            sum("visitors"),
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
                visitors,
            )| {
                SourceTally {
                    channel,
                    source_id,
                    poster_id,
                    placement_id,
                    product_id,
                    tally: Tally {
                        scans,
                        page_views,
                        add_to_carts,
                        visitors,
                    },
                }
            },
        )
        .collect())
}
