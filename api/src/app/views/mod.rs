//! JSON shapes sent to clients, built from domain types.

pub mod analytics;
pub mod operator;
pub mod shopping;

use serde::Serialize;
use utoipa::ToSchema;

use crate::app::urls::PublicUrls;
use crate::domain::catalog::Product;
use crate::domain::delivery::calendar;
use crate::domain::delivery::slots::Availability;
use crate::domain::money::Money;
use crate::domain::posters::placements::Placement;
use crate::domain::posters::{Poster, SlotView};
use crate::domain::scans::ResolvedScan;

/// The product JSON of the contract.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Product)]
pub struct ProductView {
    sku: String,
    gtin: Option<String>,
    name: String,
    description: String,
    price: Money,
    stock_on_hand: i64,
    reserved: i64,
    available: i64,
    active: bool,
    image_url: Option<String>,
    updated_at: String,
    /// The product's share code: 8 characters of Crockford base32, stable across edits.
    #[schema(pattern = "^[0-9A-HJKMNP-TV-Z]{8}$")]
    share_code: String,
    /// `{public_base_url}/p/{share_code}`: the product's canonical page on every channel.
    #[schema(format = "uri")]
    share_url: String,
}

impl ProductView {
    /// The view of `product`, priced in `currency`.
    pub fn new(urls: &PublicUrls, product: Product, currency: &str) -> Self {
        Self {
            available: product.available(),
            image_url: product.image_key.as_deref().map(|key| urls.image_url(key)),
            share_url: urls.share_url(&product.share_code),
            price: Money {
                amount_minor: product.price_minor,
                currency: currency.to_owned(),
            },
            updated_at: product
                .updated_at
                .and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            sku: product.sku,
            gtin: product.gtin,
            name: product.name,
            description: product.description,
            stock_on_hand: product.stock_on_hand,
            reserved: product.reserved,
            active: product.active,
            share_code: product.share_code,
        }
    }
}

/// A product's place on a poster, with its scan code, as listed on posters and placements.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PosterSlot)]
pub struct SlotJson {
    /// 0-based place in reading order.
    position: i32,
    sku: String,
    /// The product's name.
    name: String,
    /// 8 characters of Crockford base32.
    #[schema(pattern = "^[0-9A-HJKMNP-TV-Z]{8}$")]
    code: String,
    /// `{public_base_url}/s/{code}`.
    #[schema(format = "uri")]
    url: String,
    /// The URL in upper case, as the QR code encodes it (alphanumeric mode).
    qr_payload: String,
    /// The price printed on the poster.
    printed_price: Money,
}

impl SlotJson {
    /// Views of `slots`, priced in `currency`.
    pub fn list(urls: &PublicUrls, slots: Vec<SlotView>, currency: &str) -> Vec<Self> {
        slots
            .into_iter()
            .map(|slot| Self {
                url: urls.scan_url(&slot.code),
                qr_payload: urls.qr_payload(&slot.code),
                printed_price: Money {
                    amount_minor: slot.printed_price_minor,
                    currency: currency.to_owned(),
                },
                position: slot.position,
                sku: slot.sku,
                name: slot.name,
                code: slot.code,
            })
            .collect()
    }
}

/// `time` (UTC) as RFC 3339 to the second, as every JSON timestamp.
pub fn rfc3339(time: chrono::NaiveDateTime) -> String {
    time.and_utc()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A poster with the slots of its current version.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Poster)]
pub struct PosterJson {
    id: String,
    title: String,
    /// `A0`–`A4` or `WIDTHxHEIGHTmm`.
    page_size: String,
    /// `auto` or `ROWSxCOLUMNS`.
    layout: String,
    /// Intended scan distance in metres.
    scan_distance_m: f64,
    /// Starts at 1; each revision adds one.
    version: i32,
    /// When it was retired; its codes still resolve, its campaigns are over.
    #[schema(format = DateTime)]
    retired_at: Option<String>,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime)]
    updated_at: String,
    /// The current version's slots; absent in lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    slots: Option<Vec<SlotJson>>,
}

impl PosterJson {
    /// The poster alone (for listings) or with its slots.
    pub fn new(poster: Poster, slots: Option<Vec<SlotJson>>) -> Self {
        Self {
            scan_distance_m: f64::from(poster.scan_distance_mm) / 1000.0,
            retired_at: poster.retired_at.map(rfc3339),
            created_at: rfc3339(poster.created_at),
            updated_at: rfc3339(poster.updated_at),
            id: poster.id,
            title: poster.title,
            page_size: poster.page_size,
            layout: poster.layout,
            version: poster.version,
            slots,
        }
    }
}

/// A placement, optionally with its slots.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Placement)]
pub struct PlacementJson {
    id: String,
    poster_id: String,
    name: String,
    /// Site (station).
    site: Option<String>,
    /// Spot within the site.
    spot: Option<String>,
    city: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    /// Campaign start.
    #[schema(format = DateTime)]
    starts_at: String,
    /// Campaign end.
    #[schema(format = DateTime)]
    ends_at: String,
    /// True while the campaign runs and the poster is not retired.
    campaign_active: bool,
    /// What the campaign costs, minor units of the retailer's currency.
    cost_minor: Option<i64>,
    /// This placement's codes; absent in lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    slots: Option<Vec<SlotJson>>,
}

impl PlacementJson {
    /// The view of `placement` on `poster`.
    pub fn new(poster: &Poster, placement: Placement, slots: Option<Vec<SlotJson>>) -> Self {
        Self {
            campaign_active: poster.campaign_active(Some(&placement), crate::domain::ids::now()),
            starts_at: rfc3339(placement.starts_at),
            ends_at: rfc3339(placement.ends_at),
            id: placement.id,
            poster_id: placement.poster_id,
            name: placement.name,
            site: placement.site,
            spot: placement.spot,
            city: placement.city,
            latitude: placement.latitude,
            longitude: placement.longitude,
            cost_minor: placement.cost_minor,
            slots,
        }
    }
}

/// The scan JSON of the contract.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Scan)]
pub struct ScanJson {
    /// The code in canonical form (upper case).
    code: String,
    product: ScannedProductJson,
    retailer: NamedRef,
    poster: PosterRef,
    /// Null for a code of the poster design itself.
    placement: Option<NamedRef>,
    /// While true, a product added by this scan costs the lower of printed and current
    /// price.
    campaign_active: bool,
}

/// The product behind a scanned code.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ScannedProduct)]
struct ScannedProductJson {
    sku: String,
    name: String,
    description: String,
    /// The current price.
    price: Money,
    /// The price the poster printed, when it differs from the current one.
    printed_price: Option<Money>,
    #[schema(format = "uri")]
    image_url: Option<String>,
    /// It can be ordered now: on sale, with units available.
    in_stock: bool,
    /// It is on sale (active and not deleted), in stock or not.
    available: bool,
}

/// A resource's id and name.
#[derive(Debug, Serialize, ToSchema)]
struct NamedRef {
    id: String,
    name: String,
}

/// A poster's id and title.
#[derive(Debug, Serialize, ToSchema)]
struct PosterRef {
    id: String,
    title: String,
}

impl ScanJson {
    /// The answer to a scan of `scan` at `now`.
    pub fn new(urls: &PublicUrls, scan: &ResolvedScan, now: chrono::NaiveDateTime) -> Self {
        let currency = &scan.retailer.currency;
        let money = |amount_minor| Money {
            amount_minor,
            currency: currency.clone(),
        };
        Self {
            code: scan.code.clone(),
            product: ScannedProductJson {
                sku: scan.product.sku.clone(),
                name: scan.product.name.clone(),
                description: scan.product.description.clone(),
                price: money(scan.product.price_minor),
                printed_price: scan.printed_price_if_different().map(money),
                image_url: scan
                    .product
                    .image_key
                    .as_deref()
                    .map(|key| urls.image_url(key)),
                in_stock: scan.in_stock(),
                available: scan.product_available(),
            },
            retailer: NamedRef {
                id: scan.retailer.id.clone(),
                name: scan.retailer.name.clone(),
            },
            poster: PosterRef {
                id: scan.poster.id.clone(),
                title: scan.poster.title.clone(),
            },
            placement: scan.placement.as_ref().map(|p| NamedRef {
                id: p.id.clone(),
                name: p.name.clone(),
            }),
            campaign_active: scan.campaign_active(now),
        }
    }
}

/// A delivery slot with its availability, as shoppers and operators see it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Slot)]
pub struct SlotAvailabilityJson {
    id: String,
    zone_id: String,
    /// The slot's date in the retailer's time zone.
    #[schema(format = Date)]
    local_date: String,
    /// UTC.
    #[schema(format = DateTime)]
    starts_at: String,
    /// UTC.
    #[schema(format = DateTime)]
    ends_at: String,
    /// RFC 3339 with the retailer's offset.
    #[schema(format = DateTime)]
    local_start: String,
    /// RFC 3339 with the retailer's offset.
    #[schema(format = DateTime)]
    local_end: String,
    fee: Money,
    /// Orders it can take.
    capacity: i32,
    /// Places left.
    remaining: i32,
    /// An order placed now may book it.
    bookable: bool,
    /// Its date is closed.
    closed: bool,
    /// Its template changed or went away after it was booked; kept for its bookings.
    detached: bool,
}

/// Delivery slots, by start.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SlotList)]
pub struct SlotListJson {
    slots: Vec<SlotAvailabilityJson>,
}

impl SlotListJson {
    /// The list of `slots`.
    pub fn new(slots: Vec<SlotAvailabilityJson>) -> Self {
        Self { slots }
    }
}

impl SlotAvailabilityJson {
    /// The view of `availability`, local times in `tz`.
    pub fn new(availability: Availability, tz: chrono_tz::Tz, currency: &str) -> Self {
        let slot = availability.slot;
        Self {
            starts_at: rfc3339(slot.starts_at),
            ends_at: rfc3339(slot.ends_at),
            local_start: calendar::local_rfc3339(tz, slot.starts_at),
            local_end: calendar::local_rfc3339(tz, slot.ends_at),
            fee: Money {
                amount_minor: slot.fee_minor,
                currency: currency.to_owned(),
            },
            capacity: slot.capacity,
            remaining: availability.remaining,
            bookable: availability.bookable,
            closed: availability.closed,
            detached: slot.detached,
            id: slot.id,
            zone_id: slot.zone_id,
            local_date: slot.local_date,
        }
    }
}
