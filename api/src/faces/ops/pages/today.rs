//! The day's slots and the next days': every planned slot with its window, zone,
//! orders, units and how far its orders got.

use std::collections::HashMap;

use askama::Template;
use chrono::NaiveDate;
use chrono_tz::Tz;

use super::window;
use crate::app::pages::staff::StaffFrame;
use crate::domain::delivery::slots::Planned;
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
    /// Its page; none while the slot is only planned (not stored yet).
    link: Option<String>,
    window: String,
    zone: String,
    orders: usize,
    units: i64,
    picking: usize,
    out: usize,
    delivered: usize,
    failed: usize,
}

impl SlotRow {
    fn new(planned: &Planned, zone: String, tz: Tz) -> Self {
        Self {
            link: planned.stored.then(|| planned.slot.id.clone()),
            window: window(&planned.slot, tz),
            zone,
            orders: 0,
            units: 0,
            picking: 0,
            out: 0,
            delivered: 0,
            failed: 0,
        }
    }

    fn count(&mut self, listed: &ListedOrder) {
        self.orders += 1;
        self.units += listed
            .items
            .iter()
            .map(|item| i64::from(item.quantity))
            .sum::<i64>();
        match listed.order.status {
            OrderStatus::Picking => self.picking += 1,
            OrderStatus::OutForDelivery => self.out += 1,
            OrderStatus::Delivered => self.delivered += 1,
            OrderStatus::DeliveryFailed => self.failed += 1,
            _ => {}
        }
    }
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
    /// The page of `days`, each with its planned slots by start (empty ones too: the
    /// operator sees the whole plan), counting the `orders` booked in them (cancelled
    /// ones are left out: nothing goes in the van for them); `zones` names the zones by
    /// id. `refresh` says whether it reloads itself and where its switch leads.
    pub fn new(
        frame: StaffFrame,
        (retailer, refresh): (String, Refresh),
        days: Vec<(NaiveDate, Vec<Planned>)>,
        orders: &[ListedOrder],
        zones: &HashMap<String, String>,
        tz: Tz,
    ) -> Self {
        let lang = frame.language();
        let mut booked: HashMap<&str, Vec<&ListedOrder>> = HashMap::new();
        for listed in orders
            .iter()
            .filter(|listed| listed.order.status != OrderStatus::Cancelled)
        {
            booked
                .entry(listed.slot.id.as_str())
                .or_default()
                .push(listed);
        }
        let days = days
            .into_iter()
            .map(|(date, plan)| DayView {
                heading: lang.date(date),
                slots: plan
                    .iter()
                    .map(|planned| {
                        let zone = zones
                            .get(&planned.slot.zone_id)
                            .cloned()
                            .unwrap_or_default();
                        let mut row = SlotRow::new(planned, zone, tz);
                        if planned.stored {
                            for listed in booked.get(planned.slot.id.as_str()).into_iter().flatten()
                            {
                                row.count(listed);
                            }
                        }
                        row
                    })
                    .collect(),
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
