//! Scan-to-sale analytics: which wall sells. Visits (scans, product page views) are
//! applied to rollups as the scan writer stores them, add-to-carts in the cart's write and
//! attributed order lines in the order's confirmation, so a report reads a few thousand
//! rollup rows, never raw events.
//!
//! Everything is keyed by source, a pair (channel, source id), and by the product shown:
//! a `poster` source is a scan code, one product's, while a sharer's code, a shelf or a
//! feed's platform brings visits to many ([`Dimension::ChannelProduct`] keeps them apart).
//! Dates and hours are the retailer's local ones, fixed when the event is written.

pub mod attribution;
pub mod orders;
pub mod query;
pub mod report;
pub mod rollup;
pub mod tallies;

use std::net::IpAddr;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime, TimeZone, Timelike};
use chrono_tz::Tz;

use crate::domain::DomainError;
use crate::domain::retailers::Retailer;
use crate::domain::scans::ResolvedScan;

/// The channel of visits from a printed code.
pub const POSTER: &str = "poster";

/// Every channel a report may filter on: `poster` now; the social-channels work adds
/// visits of the others, as rows.
pub const CHANNELS: [&str; 5] = [POSTER, SHARE, EMBED, FEED, DIRECT];

/// The channel of visits through a link a customer shared (the source is their referral
/// code).
pub const SHARE: &str = "share";

/// The channel of visits through a retailer's embedded shelf (the source is the shelf).
pub const EMBED: &str = "embed";

/// The channel of visits through a catalogue feed's links.
pub const FEED: &str = "feed";

/// The channel of visits to a product's own page through no known link.
pub const DIRECT: &str = "direct";

/// Where a visit came from and what it is attributed to. Built once per scan cache fill
/// and shared by every event of that code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The retailer.
    pub retailer_id: String,
    /// Its time zone, in which the visit's day and hour are taken.
    pub tz: Tz,
    /// One of [`CHANNELS`].
    pub channel: &'static str,
    /// The source within the channel (for `poster`, the code).
    pub source_id: String,
    /// The poster, if any.
    pub poster_id: Option<String>,
    /// The placement, if any; only visits of the `poster` channel have one (which is what
    /// lets a report tell a channel's placement costs).
    pub placement_id: Option<String>,
    /// The product shown.
    pub product_id: Option<String>,
}

impl Source {
    /// The source of a scanned code.
    pub fn of_scan(scan: &ResolvedScan) -> Result<Self, DomainError> {
        Ok(Self {
            retailer_id: scan.retailer.id.clone(),
            tz: scan.retailer.tz()?,
            channel: POSTER,
            source_id: scan.code.clone(),
            poster_id: Some(scan.poster.id.clone()),
            placement_id: scan.placement.as_ref().map(|p| p.id.clone()),
            product_id: Some(scan.product.id.clone()),
        })
    }

    /// The source of a visit to `product`'s own page through `channel` (one of
    /// [`CHANNELS`] other than `poster`), from `source_id` within it: no poster, no
    /// placement.
    pub fn of_product_page(
        retailer: &Retailer,
        product_id: &str,
        channel: &'static str,
        source_id: &str,
    ) -> Result<Self, DomainError> {
        Ok(Self {
            retailer_id: retailer.id.clone(),
            tz: retailer.tz()?,
            channel,
            source_id: source_id.to_owned(),
            poster_id: None,
            placement_id: None,
            product_id: Some(product_id.to_owned()),
        })
    }
}

/// What a report groups by and counts unique scanners in. Each visit adds to one row per
/// dimension and local day in `analytics_scope_days`; its source's own row is the
/// per-source day row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    /// The whole retailer (key `""`): day rows and unfiltered totals.
    All,
    /// The channel.
    Channel,
    /// The poster (`""` for visits without one).
    Poster,
    /// The placement (`""` for codes without one).
    Placement,
    /// The product (`""` for visits without one).
    Product,
    /// The local hour of day, `0` to `23`.
    Hour,
    /// The channel and local hour, as `{channel}:{hour}` (`feed:13`): the hour rows of a
    /// report filtered to a channel.
    ChannelHour,
    /// The channel and product, as `{channel}:{product id}`: the product rows of a report
    /// filtered to a channel and the channel rows of one filtered to a product. A source
    /// of another channel than `poster` brings visits to many products, so its own day
    /// row cannot tell them apart.
    ChannelProduct,
}

impl Dimension {
    /// Its name as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Channel => "channel",
            Self::Poster => "poster",
            Self::Placement => "placement",
            Self::Product => "product",
            Self::Hour => "hour",
            Self::ChannelHour => "channel_hour",
            Self::ChannelProduct => "channel_product",
        }
    }
}

/// A dimension and one of its keys: the row a visit adds to, and the set of visits whose
/// distinct scanners a report counts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Scope {
    /// The dimension.
    pub dimension: Dimension,
    /// The key within it.
    pub key: String,
}

impl Scope {
    /// The scope of a dimension and key.
    pub fn new(dimension: Dimension, key: impl Into<String>) -> Self {
        Self {
            dimension,
            key: key.into(),
        }
    }

    /// The scopes a visit from `source` at local `hour` counts in, one per dimension.
    pub fn all_of(source: &Source, hour: u32) -> [Self; 8] {
        let id = |id: &Option<String>| id.clone().unwrap_or_default();
        [
            Self::new(Dimension::All, ""),
            Self::new(Dimension::Channel, source.channel),
            Self::new(Dimension::Poster, id(&source.poster_id)),
            Self::new(Dimension::Placement, id(&source.placement_id)),
            Self::new(Dimension::Product, id(&source.product_id)),
            Self::new(Dimension::Hour, hour.to_string()),
            Self::new(Dimension::ChannelHour, channel_hour(source.channel, hour)),
            Self::new(
                Dimension::ChannelProduct,
                channel_product(source.channel, &id(&source.product_id)),
            ),
        ]
    }
}

/// The key of a channel's hour in [`Dimension::ChannelHour`].
pub fn channel_hour(channel: &str, hour: u32) -> String {
    format!("{channel}:{hour}")
}

/// The key of a channel's product in [`Dimension::ChannelProduct`] (`""` for visits
/// without a product); channel names hold no `:`, so the first one splits it.
pub fn channel_product(channel: &str, product_id: &str) -> String {
    format!("{channel}:{product_id}")
}

/// Visit counters: what a rollup row holds, what a batch adds to it, and what a report
/// sums over rows.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Resolutions of codes.
    pub scans: i64,
    /// Rendered product pages.
    pub page_views: i64,
    /// Cart lines created from a source.
    pub add_to_carts: i64,
    /// Distinct scanners per day, summed over the days.
    pub visitors: i64,
}

impl Tally {
    /// Adds `other` to these counters.
    pub fn add(&mut self, other: Self) {
        self.scans += other.scans;
        self.page_views += other.page_views;
        self.add_to_carts += other.add_to_carts;
        self.visitors += other.visitors;
    }

    /// The sum of `tallies`.
    pub fn sum<'a>(tallies: impl IntoIterator<Item = &'a Self>) -> Self {
        let mut total = Self::default();
        for tally in tallies {
            total.add(*tally);
        }
        total
    }
}

/// One visit as the request that made it queues it: the request path only clones an
/// `Arc` and the user agent; hashing and local time are the writer's work.
#[derive(Debug, Clone)]
pub struct Visit {
    /// Where it came from.
    pub source: Arc<Source>,
    /// When (UTC).
    pub at: NaiveDateTime,
    /// True when an HTML product page was rendered for it.
    pub page_view: bool,
    /// The client's address (see `crate::app::client_address`); only its keyed hash is
    /// stored.
    pub client: IpAddr,
    /// The `User-Agent` header; only its class and the keyed hash are stored.
    pub user_agent: Option<String>,
}

impl Visit {
    /// True for the resolution of a printed code: only those are scans (and scan event
    /// rows); a visit through another channel is a page view of the product's own page.
    pub fn is_scan(&self) -> bool {
        self.source.channel == POSTER
    }
}

/// The local date and hour of a UTC time in `tz`.
pub fn local_date_hour(tz: Tz, at: NaiveDateTime) -> (NaiveDate, u32) {
    let local = tz.from_utc_datetime(&at).naive_local();
    (local.date(), local.hour())
}

/// A date as stored in the rollups (`YYYY-MM-DD`, which sorts as it compares).
pub fn date_key(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}
