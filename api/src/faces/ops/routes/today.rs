//! `/ops/`: the retailer's slots of today and the next days, empty ones too (the plan
//! as `slots::planned` reads it, creating nothing), with their orders' progress from the
//! operators' order list (`orders::listing`), as the JSON API lists them. A
//! platform admin names the retailer (`?retailer=`) or picks it from the list first. The
//! page has no form, so it reloads itself every 30 seconds (a `Refresh` header) unless
//! switched off (`?refresh=off`).

use std::collections::HashMap;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::FACE;
use crate::app::error::ApiError;
use crate::app::pages::layer::staff_page;
use crate::app::pages::render::html;
use crate::app::pages::staff::{self, StaffFrame};
use crate::app::pages::visitor::Visitor;
use crate::app::retailer_scope::authorized_retailer;
use crate::app::state::AppState;
use crate::domain::accounts::RetailerAccess;
use crate::domain::delivery::calendar::local_date;
use crate::domain::delivery::{slots, zones};
use crate::domain::orders::listing::{self, Filter, FilterText};
use crate::domain::{ids, retailers};
use crate::faces::ops::pages::RetailersPage;
use crate::faces::ops::pages::today::{Refresh, TodayPage};

/// Days shown: today and the next two.
const DAYS: u64 = 3;

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(staff_page("/ops").get(today))
        .service(staff_page("/ops/").get(today));
}

/// Seconds between reloads: new orders show up without a tap.
const REFRESH_SECS: u32 = 30;

#[derive(Debug, Deserialize)]
struct TodayQuery {
    retailer: Option<String>,
    /// `off`: the page does not reload itself (the switch a user needs, WCAG 2.2.1).
    refresh: Option<String>,
}

async fn today(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    query: web::Query<TodayQuery>,
) -> Result<HttpResponse, ApiError> {
    let Some(user) = staff::signed_in(&req, &state).await? else {
        return Ok(staff::to_login(&req, FACE));
    };
    let query = query.into_inner();
    let refresh = query.refresh.as_deref() != Some("off");
    let Some(rid) = query.retailer.or(user.retailer_id.clone()) else {
        let all = state.db(retailers::list).await?;
        let frame = StaffFrame::new(&req, &state, &visitor, true);
        return html(StatusCode::OK, &RetailersPage::new(frame, &all));
    };
    let retailer = authorized_retailer(&state, &user, rid, RetailerAccess::Operate).await?;
    let tz = retailer.tz()?;
    let first = local_date(tz, ids::now());
    let retailer_id = retailer.id.clone();
    let (days, orders, zone_names) = state
        .db(move |conn| {
            let zones = zones::list(conn, &retailer_id)?;
            let mut days = Vec::new();
            let mut orders = Vec::new();
            for date in
                (0..DAYS).filter_map(|offset| first.checked_add_days(chrono::Days::new(offset)))
            {
                let mut plan = Vec::new();
                for details in &zones {
                    plan.extend(slots::planned(conn, &details.zone, tz, date, 1)?);
                }
                plan.sort_by_key(|planned| planned.slot.starts_at);
                days.push((date, plan));
                let text = date.to_string();
                let filter = Filter::parse(FilterText {
                    date: Some(&text),
                    ..FilterText::default()
                })?;
                orders.extend(listing::all(conn, &retailer_id, &filter)?);
            }
            let names: HashMap<String, String> = zones
                .into_iter()
                .map(|details| (details.zone.id, details.zone.name))
                .collect();
            Ok((days, orders, names))
        })
        .await?;
    let mut toggle = vec![("retailer", retailer.id.as_str())];
    if refresh {
        toggle.push(("refresh", "off"));
    }
    let refresh = Refresh {
        on: refresh,
        toggle: format!(
            "/ops/?{}",
            serde_urlencoded::to_string(&toggle).unwrap_or_default()
        ),
    };
    let frame = StaffFrame::new(&req, &state, &visitor, true);
    let reloads = refresh.on;
    let page = TodayPage::new(
        frame,
        (retailer.name, refresh),
        days,
        &orders,
        &zone_names,
        tz,
    );
    let mut answer = html(StatusCode::OK, &page)?;
    if reloads {
        // A header rather than `<meta http-equiv="refresh">`: the page says it reloads
        // and offers the switch that stops it.
        answer
            .headers_mut()
            .insert(header::REFRESH, header::HeaderValue::from(REFRESH_SECS));
    }
    Ok(answer)
}
