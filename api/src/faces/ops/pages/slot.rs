//! A slot: its orders in loading order with the ways to reach the door, its pick list,
//! and its bag labels.

use askama::Template;
use base64::Engine;
use chrono_tz::Tz;
use shelf_generator::qr::Symbol;
use shelf_generator::spec::ErrorCorrection;

use super::{address_lines, map_url, slot_title, slot_when, tel_url};
use crate::app::pages::staff::StaffFrame;
use crate::app::urls::PublicUrls;
use crate::domain::DomainError;
use crate::domain::delivery::slots::Slot;
use crate::domain::orders::OrderStatus;
use crate::domain::orders::listing::ListedOrder;
use crate::domain::orders::pick_list::PickList;
use crate::faces::ops::i18n::ops::{OpsStrings, strings};

/// One order of the slot, as the driver needs it.
pub struct StopView {
    id: String,
    number: String,
    status: &'static str,
    address: Vec<String>,
    map: String,
    tel: String,
    phone: String,
    items: Vec<(i32, String)>,
}

/// One product of the pick list.
pub struct PickRow {
    sku: String,
    name: String,
    quantity: i64,
    photo: Option<String>,
}

/// The slot's page.
#[derive(Template)]
#[template(path = "ops_slot.html")]
pub struct SlotPage {
    frame: StaffFrame,
    s: &'static OpsStrings,
    id: String,
    title: String,
    stops: Vec<StopView>,
    pick: Vec<PickRow>,
}

/// The orders of a slot that go in the van: all but cancelled ones.
fn loaded(orders: Vec<ListedOrder>) -> impl Iterator<Item = ListedOrder> {
    orders
        .into_iter()
        .filter(|listed| listed.order.status != OrderStatus::Cancelled)
}

impl SlotPage {
    /// The page of `slot` in `zone`, with its `orders` in loading order and its pick
    /// `list`.
    pub fn new(
        frame: StaffFrame,
        (slot, zone, tz): (&Slot, &str, Tz),
        orders: Vec<ListedOrder>,
        list: PickList,
    ) -> Self {
        let lang = frame.language();
        Self {
            s: strings(lang),
            id: slot.id.clone(),
            title: slot_title(lang, slot, tz, zone),
            stops: loaded(orders)
                .map(|listed| StopView {
                    status: lang.order_status(listed.order.status),
                    address: address_lines(&listed.address),
                    map: map_url(&listed.address),
                    tel: tel_url(&listed.address.phone),
                    phone: listed.address.phone,
                    items: listed
                        .items
                        .into_iter()
                        .map(|item| (item.quantity, item.name))
                        .collect(),
                    id: listed.order.id,
                    number: listed.order.number,
                })
                .collect(),
            pick: list
                .lines
                .into_iter()
                .map(|line| PickRow {
                    photo: line.image_key.map(|key| format!("/media/{key}")),
                    sku: line.sku,
                    name: line.name,
                    quantity: line.quantity,
                })
                .collect(),
            frame,
        }
    }
}

/// One bag label.
pub struct LabelView {
    number: String,
    address: Vec<String>,
    items: i64,
    qr: String,
}

/// The printable sheet of a slot's bag labels.
#[derive(Template)]
#[template(path = "ops_labels.html")]
pub struct LabelsPage {
    frame: StaffFrame,
    s: &'static OpsStrings,
    id: String,
    title: String,
    when: String,
    zone: String,
    labels: Vec<LabelView>,
}

impl LabelsPage {
    /// The labels of the `orders` in `slot` of `zone` that still go out (a delivered,
    /// returned or failed order's bag is gone or waits for a new slot); each QR code opens
    /// the order's operator page.
    pub fn new(
        frame: StaffFrame,
        (slot, zone, tz): (&Slot, &str, Tz),
        orders: Vec<ListedOrder>,
        urls: &PublicUrls,
    ) -> Result<Self, DomainError> {
        let lang = frame.language();
        let labels = orders
            .into_iter()
            .filter(|listed| listed.order.status.awaits_delivery())
            .map(|listed| {
                Ok(LabelView {
                    qr: qr_image(&urls.ops_order_url(&listed.order.id))?,
                    number: listed.order.number,
                    address: address_lines(&listed.address),
                    items: listed
                        .items
                        .iter()
                        .map(|item| i64::from(item.quantity))
                        .sum(),
                })
            })
            .collect::<Result<_, DomainError>>()?;
        Ok(Self {
            s: strings(lang),
            id: slot.id.clone(),
            title: slot_title(lang, slot, tz, zone),
            when: slot_when(lang, slot, tz),
            zone: zone.to_owned(),
            labels,
            frame,
        })
    }
}

/// A QR code of `url` as an SVG image's data URI (the page's policy admits `data:`
/// images, and an image prints as sharply as the page), encoded as the posters' codes
/// are.
fn qr_image(url: &str) -> Result<String, DomainError> {
    let symbol = Symbol::encode(url, ErrorCorrection::M, "url").map_err(DomainError::internal)?;
    let side = symbol.size_with_quiet_zone();
    let margin = (side - symbol.size) as f64 / 2.0;
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{}\"/></svg>",
        symbol.path_data(margin, margin, 1.0)
    );
    Ok(format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    ))
}
