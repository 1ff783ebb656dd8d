//! `/console/r/{rid}/`: the scan-to-sale dashboard for today, 7 or 30 days (links, no
//! form), with the report's charts (`charts/{chart}.svg`) and its CSV
//! (`analytics.csv`) served by the console itself from the same core functions as the
//! JSON API's `…/analytics` routes.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Duration, NaiveDate, TimeZone};
use serde::Deserialize;

use super::{Scope, retailer_scope};
use crate::app::analytics_output::{ChartWords, chart_svg, csv_download};
use crate::app::error::ApiError;
use crate::app::pages::layer::staff_page;
use crate::app::pages::render::html;
use crate::app::pages::staff::StaffFrame;
use crate::app::pages::visitor::Visitor;
use crate::app::state::AppState;
use crate::documents::charts::ChartText;
use crate::domain::analytics::query::{ReportInput, ReportQuery};
use crate::domain::analytics::report;
use crate::domain::ids;
use crate::domain::retailers::Retailer;
use crate::faces::console::pages::{DashboardPage, Period};

pub(super) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(staff_page("/console/r/{rid}/").get(dashboard))
        .service(staff_page("/console/r/{rid}/charts/{chart}.svg").get(chart))
        .service(staff_page("/console/r/{rid}/analytics.csv").get(csv));
}

/// The `period` of a dashboard's (or the channels page's) query; 7 days unless known.
#[derive(Debug, Deserialize)]
pub(super) struct PeriodQuery {
    period: Option<String>,
}

impl PeriodQuery {
    pub(super) fn period(&self) -> Period {
        self.period
            .as_deref()
            .and_then(Period::parse)
            .unwrap_or(Period::Days7)
    }
}

/// The local dates a period covers at the retailer, ending today.
pub(super) fn dates(
    retailer: &Retailer,
    period: Period,
) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let today = retailer.tz()?.from_utc_datetime(&ids::now()).date_naive();
    Ok((today - Duration::days(period.days() - 1), today))
}

/// The unfiltered report of the local dates `from` to `to`, grouped by `group_by`.
pub(super) fn report_input(from: NaiveDate, to: NaiveDate, group_by: &str) -> ReportInput {
    ReportInput {
        from: Some(from.to_string()),
        to: Some(to.to_string()),
        group_by: Some(group_by.into()),
        ..ReportInput::default()
    }
}

async fn dashboard(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    rid: web::Path<String>,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, ApiError> {
    let (user, retailer) = match retailer_scope(&req, &state, rid.into_inner()).await? {
        Scope::Granted(user, retailer) => (user, retailer),
        Scope::Answer(answer) => return Ok(answer),
    };
    let period = query.period();
    let (from, to) = dates(&retailer, period)?;
    let report_query = ReportQuery::parse(&report_input(from, to, "placement"))?;
    let for_report = retailer.clone();
    let report = state
        .db(move |conn| report::report(conn, &for_report, &report_query))
        .await?;
    let frame = StaffFrame::new(&req, &state, &visitor, true);
    html(
        StatusCode::OK,
        &DashboardPage::new(frame, &user, &retailer, period, &report),
    )
}

/// The charts' words in the page's language.
fn words(lang: crate::app::pages::i18n::Lang) -> ChartWords {
    let t = lang.staff();
    ChartWords {
        daily_title: t.chart_daily.into(),
        placements_title: t.chart_placements.into(),
        heatmap_title: t.chart_heatmap.into(),
        common: ChartText {
            title: String::new(),
            scans: t.scans.into(),
            orders: t.orders.into(),
            hour: t.hour.into(),
            weekdays: t.weekdays.map(str::to_owned),
            no_data: t.no_scans.into(),
        },
    }
}

async fn chart(
    req: HttpRequest,
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, ApiError> {
    let (rid, chart) = path.into_inner();
    let retailer = match retailer_scope(&req, &state, rid).await? {
        Scope::Granted(_, retailer) => retailer,
        Scope::Answer(answer) => return Ok(answer),
    };
    let (from, to) = dates(&retailer, query.period())?;
    let svg = chart_svg(
        &state,
        retailer,
        Some(&chart),
        Some(from.to_string()),
        Some(to.to_string()),
        words(visitor.lang()),
    )
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "image/svg+xml"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(svg))
}

async fn csv(
    req: HttpRequest,
    state: web::Data<AppState>,
    rid: web::Path<String>,
    query: web::Query<PeriodQuery>,
) -> Result<HttpResponse, ApiError> {
    let retailer = match retailer_scope(&req, &state, rid.into_inner()).await? {
        Scope::Granted(_, retailer) => retailer,
        Scope::Answer(answer) => return Ok(answer),
    };
    let (from, to) = dates(&retailer, query.period())?;
    let report_query = ReportQuery::parse(&report_input(from, to, "placement"))?;
    let report = state
        .db(move |conn| report::report(conn, &retailer, &report_query))
        .await?;
    let (name, body) = csv_download(&report)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body))
}
