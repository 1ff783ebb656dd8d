//! `GET /v1/retailers/{retailer_id}/analytics`: the scan-to-sale report, as JSON or CSV
//! (`Accept: text/csv`), and `GET …/analytics/chart.svg`: its charts as SVG.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::analytics_output::{ChartWords, chart_svg, csv_download};
use crate::app::error::ApiError;
use crate::app::formats::{self, Representation, negotiate};
use crate::app::retailer_scope::{Read, RetailerScope};
use crate::app::state::AppState;
use crate::app::views::analytics::AnalyticsJson;
use crate::domain::analytics::query::{ReportInput, ReportQuery};
use crate::domain::analytics::report::{self, Report};

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(show).service(chart);
}

/// Scans, unique scanners, page views, add-to-carts, orders, units, revenue, returns and
/// refunds per placement, poster, product, channel, local day, local hour (of the whole
/// retailer or of one channel) or source within one channel: for `poster` the scan code,
/// `share` the sharer's referral code, `embed` the shelf, `feed` the platform (`meta`,
/// `google`); `direct` has the one source `""`.
#[utoipa::path(
    operation_id = "get_analytics",
    tag = "analytics",
    params(("retailer_id" = String, Path, description = "The retailer's id"), ReportInput),
    responses(
        (status = 200, description = "The report: JSON (the default); with `Accept: text/csv`, its rows as CSV \
(`attachment; filename=\"analytics-{from}-{to}-{group_by}.csv\"`, UTF-8 with a BOM) with the columns \
`key,label,scans,unique_scanners,page_views,add_to_carts,orders,units,revenue_minor,currency,returns,refunded_minor,\
conversion_rate,cost_per_order_minor` (nulls empty). Never cached; varies by `Accept`.",
            content((AnalyticsJson = "application/json"), (String = "text/csv"))),
        (status = 422, description = "`validation_failed`: see `errors` (a missing or bad date, `to` before `from` \
or more than 366 days after it, an unknown `group_by` or `channel`, a `poster_id`, `placement_id` or `sku` filter \
with `group_by=hour`, `group_by=source` without `channel`, or `sku` with `group_by=source` under a `channel` \
other than `poster`)"),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/analytics")]
async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
    query: web::Query<ReportInput>,
) -> Result<HttpResponse, ApiError> {
    let query = ReportQuery::parse(&query.into_inner())?;
    let representation = negotiate(&req, &[Representation::Json, Representation::Csv]);
    let retailer = scope.retailer;
    let report: Report = state
        .db(move |conn| report::report(conn, &retailer, &query))
        .await?;
    match representation {
        Representation::Csv => {
            let (name, body) = csv_download(&report)?;
            Ok(formats::ok(representation, Some(&name)).body(body))
        }
        _ => Ok(formats::ok(Representation::Json, None).json(AnalyticsJson::new(&report))),
    }
}

/// Which chart, over which local dates.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct ChartQuery {
    /// `daily` (scans and orders per day), `placements` (a bar per placement) or
    /// `heatmap` (scans per weekday and hour).
    chart: Option<String>,
    /// First local date, `YYYY-MM-DD`.
    #[param(pattern = r"^\s*([0-9]{4}-[0-9]{2}-[0-9]{2})?\s*$")]
    from: Option<String>,
    /// Last local date, inclusive, `YYYY-MM-DD`; at most 366 days from `from`.
    #[param(pattern = r"^\s*([0-9]{4}-[0-9]{2}-[0-9]{2})?\s*$")]
    to: Option<String>,
}

/// A chart of the report over a range, as a standalone SVG with its text outlined.
#[utoipa::path(
    operation_id = "get_analytics_chart",
    tag = "analytics",
    params(("retailer_id" = String, Path, description = "The retailer's id"), ChartQuery),
    responses(
        (status = 200, description = "The chart, `image/svg+xml`. Never cached.",
            content((String = "image/svg+xml"))),
        (status = 422, description = "`validation_failed`: see `errors` (an unknown or missing `chart`, a missing \
or bad date, `to` before `from` or more than 366 days after it)"),
    ),
    security(("bearerAuth" = []))
)]
#[get("/retailers/{retailer_id}/analytics/chart.svg")]
async fn chart(
    state: web::Data<AppState>,
    scope: RetailerScope<Read>,
    query: web::Query<ChartQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let svg = chart_svg(
        &state,
        scope.retailer,
        query.chart.as_deref(),
        query.from,
        query.to,
        ChartWords::english(),
    )
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "image/svg+xml"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(svg))
}
