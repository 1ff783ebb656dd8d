//! The day's slots and the next days': each slot with its window, zone, orders, units
//! and how far its orders got.

use std::collections::HashMap;

use askama::Template;
use chrono::NaiveDate;
use chrono_tz::Tz;

use super::window;
use crate::app::pages::staff::StaffFrame;
use crate::domain::orders::OrderStatus;
use crate::domain::orders::listing::ListedOrder;
use crate::faces::ops::i18n::ops::{OpsStrings, strings};

/// Whether the page reloads itself, and the link that switches that.
pub struct Refresh {
    /// Reloading.
    pub on: bool,
    /// The page with the other setting.
    pub toggle: String,
}

/// One slot's row.
pub struct SlotRow {
    id: String,
    window: String,
    zone: String,
    orders: usize,
    units: i64,
    picking: usize,
    out: usize,
    delivered: usize,
    failed: usize,
}

/// One day's slots.
pub struct DayView {
    heading: String,
    slots: Vec<SlotRow>,
}

/// The page.
#[derive(Template)]
#[template(path = "ops_today.html")]
pub struct TodayPage {
    frame: StaffFrame,
    s: &'static OpsStrings,
    retailer: String,
    days: Vec<DayView>,
    refreshing: bool,
    toggle: String,
}

impl TodayPage {
    /// The page of `days`, each with its orders in loading order (cancelled ones are
    /// left out: nothing goes in the van for them); `zones` names the zones by id.
    /// `refresh` says whether it reloads itself and where its switch leads.
    pub fn new(
        frame: StaffFrame,
        (retailer, refresh): (String, Refresh),
        days: Vec<(NaiveDate, Vec<ListedOrder>)>,
        zones: &HashMap<String, String>,
        tz: Tz,
    ) -> Self {
        let lang = frame.language();
        let days = days
            .into_iter()
            .map(|(date, orders)| {
                let mut slots: Vec<SlotRow> = Vec::new();
                for listed in orders
                    .iter()
                    .filter(|listed| listed.order.status != OrderStatus::Cancelled)
                {
                    // The list is in slot order, so a slot's orders come together.
                    if slots.last().is_none_or(|row| row.id != listed.slot.id) {
                        slots.push(SlotRow {
                            id: listed.slot.id.clone(),
                            window: window(&listed.slot, tz),
                            zone: zones.get(&listed.slot.zone_id).cloned().unwrap_or_default(),
                            orders: 0,
                            units: 0,
                            picking: 0,
                            out: 0,
                            delivered: 0,
                            failed: 0,
                        });
                    }
                    let Some(row) = slots.last_mut() else {
                        continue;
                    };
                    row.orders += 1;
                    row.units += listed
                        .items
                        .iter()
                        .map(|item| i64::from(item.quantity))
                        .sum::<i64>();
                    match listed.order.status {
                        OrderStatus::Picking => row.picking += 1,
                        OrderStatus::OutForDelivery => row.out += 1,
                        OrderStatus::Delivered => row.delivered += 1,
                        OrderStatus::DeliveryFailed => row.failed += 1,
                        _ => {}
                    }
                }
                DayView {
                    heading: lang.date(date),
                    slots,
                }
            })
            .collect();
        Self {
            s: strings(lang),
            frame,
            retailer,
            days,
            refreshing: refresh.on,
            toggle: refresh.toggle,
        }
    }
}
