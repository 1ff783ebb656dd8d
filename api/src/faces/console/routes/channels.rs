//! `/console/r/{rid}/channels`: every channel's visits, carts and sales over today, 7 or
//! 30 days, and with `channel=…` the sources of that channel (links, no form). Both
//! tables are the JSON API's analytics reports (`group_by=channel`, and `group_by=source`
//! with the channel filter), from the same domain calls; an unknown channel is the
//! report's 422.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::dashboard::{PeriodQuery, dates, report_input};
use super::{Scope, retailer_scope};
use crate::app::error::ApiError;
use crate::app::pages::layer::staff_page;
use crate::app::pages::render::html;
use crate::app::pages::staff::StaffFrame;
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::domain::analytics::query::{ReportInput, ReportQuery};
use crate::domain::analytics::report;
use crate::faces::console::pages::channels::ChannelsPage;

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(staff_page("/console/r/{rid}/channels").get(show));
}

/// The channel whose sources are shown, if any.
#[derive(Debug, Deserialize)]
struct ChannelQuery {
    channel: Option<String>,
}

async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    rid: web::Path<String>,
    period: web::Query<PeriodQuery>,
    opened: web::Query<ChannelQuery>,
) -> Result<HttpResponse, ApiError> {
    let (user, retailer) = match retailer_scope(&req, &state, rid.into_inner()).await? {
        Scope::Granted(user, retailer) => (user, retailer),
        Scope::Answer(answer) => return Ok(answer),
    };
    let period = period.period();
    let (from, to) = dates(&retailer, period)?;
    let by_channel = ReportQuery::parse(&report_input(from, to, "channel"))?;
    let by_source = match opened.into_inner().channel {
        Some(channel) => Some(ReportQuery::parse(&ReportInput {
            channel: Some(channel),
            ..report_input(from, to, "source")
        })?),
        None => None,
    };
    let for_reports = retailer.clone();
    let (by_channel, by_source) = state
        .db(move |conn| {
            let sources = by_source
                .map(|query| report::report(conn, &for_reports, &query))
                .transpose()?;
            Ok((report::report(conn, &for_reports, &by_channel)?, sources))
        })
        .await?;
    let frame = StaffFrame::new(&req, &state, &visitor, true);
    html(
        StatusCode::OK,
        &ChannelsPage::new(
            frame,
            &user,
            &retailer,
            period,
            &by_channel,
            by_source.as_ref(),
        ),
    )
}
