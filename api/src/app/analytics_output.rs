//! The scan-to-sale report's downloads, for every face that offers them (the JSON API's
//! `…/analytics` and `…/analytics/chart.svg`, the console's dashboard): the CSV document
//! and the three charts, built from the same domain calls in whichever language the face
//! speaks.

use actix_web::web;

use super::error::ApiError;
use super::state::AppState;
use super::views::analytics::{ANALYTICS_CSV_HEADER, analytics_csv_row};
use crate::documents::charts::{self, ChartText, DailyPoint, PlacementBar};
use crate::documents::csv;
use crate::domain::analytics::query::{ReportInput, ReportQuery};
use crate::domain::analytics::report::{self, Report};
use crate::domain::retailers::Retailer;
use crate::domain::{DomainError, FieldError};

/// One of the report's charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    /// Scans and orders per local day.
    Daily,
    /// A bar per placement.
    Placements,
    /// Scans per weekday and local hour.
    Heatmap,
}

impl Chart {
    /// The chart a query names (`daily`, `placements`, `heatmap`).
    pub fn parse(name: &str) -> Option<Self> {
        match name.trim() {
            "daily" => Some(Self::Daily),
            "placements" => Some(Self::Placements),
            "heatmap" => Some(Self::Heatmap),
            _ => None,
        }
    }

    fn group_by(self) -> &'static str {
        match self {
            Self::Placements => "placement",
            Self::Daily | Self::Heatmap => "day",
        }
    }
}

/// The words of the three charts in one language.
#[derive(Debug, Clone)]
pub struct ChartWords {
    /// Title of the daily chart.
    pub daily_title: String,
    /// Title of the placements chart.
    pub placements_title: String,
    /// Title of the heat map.
    pub heatmap_title: String,
    /// The rest: axes, legends, weekdays, the empty notice (its `title` is replaced).
    pub common: ChartText,
}

impl ChartWords {
    /// The English words the JSON API draws with.
    pub fn english() -> Self {
        Self {
            daily_title: "Scans and orders per day".into(),
            placements_title: "Scans and orders per placement".into(),
            heatmap_title: "Scans by weekday and hour".into(),
            common: ChartText {
                title: String::new(),
                scans: "Scans".into(),
                orders: "Orders".into(),
                hour: "Hour".into(),
                weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map(str::to_owned),
                no_data: "No scans in this period".into(),
            },
        }
    }

    fn text(&self, chart: Chart) -> ChartText {
        let title = match chart {
            Chart::Daily => &self.daily_title,
            Chart::Placements => &self.placements_title,
            Chart::Heatmap => &self.heatmap_title,
        };
        ChartText {
            title: title.clone(),
            ..self.common.clone()
        }
    }
}

/// What a chart is drawn from.
enum ChartData {
    Heatmap(Box<[[u64; 24]; 7]>),
    Report(Chart, Box<Report>),
}

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or_default()
}

fn draw(data: ChartData, words: &ChartWords) -> Result<String, charts::ChartError> {
    match data {
        ChartData::Heatmap(cells) => charts::heatmap(&cells, &words.text(Chart::Heatmap)),
        ChartData::Report(Chart::Placements, report) => {
            let bars: Vec<PlacementBar> = report
                .rows
                .iter()
                .map(|row| PlacementBar {
                    label: row.label.clone(),
                    scans: count(row.figures.scans),
                    orders: count(row.figures.orders),
                })
                .collect();
            charts::placements(&bars, &words.text(Chart::Placements))
        }
        ChartData::Report(kind, report) => {
            let points: Vec<DailyPoint> = report
                .query
                .days()
                .zip(&report.rows)
                .map(|(date, row)| DailyPoint {
                    date,
                    scans: count(row.figures.scans),
                    orders: count(row.figures.orders),
                })
                .collect();
            charts::daily(&points, &words.text(kind))
        }
    }
}

/// A chart (named as sent, `None` when missing) of the retailer's report over local dates
/// `from` to `to`, as a standalone SVG with its text outlined. An unknown chart or bad
/// dates are one `Invalid` naming every bad field.
pub async fn chart_svg(
    state: &AppState,
    retailer: Retailer,
    chart: Option<&str>,
    from: Option<String>,
    to: Option<String>,
    words: ChartWords,
) -> Result<String, ApiError> {
    let kind = chart
        .and_then(Chart::parse)
        .ok_or_else(|| FieldError::new("chart", "must be daily, placements or heatmap"));
    let parsed = ReportQuery::parse(&ReportInput {
        from,
        to,
        group_by: Some(kind.as_ref().map_or("day", |kind| kind.group_by()).into()),
        ..ReportInput::default()
    });
    let (kind, query) = match (kind, parsed) {
        (Ok(kind), Ok(parsed)) => (kind, parsed),
        (kind, parsed) => {
            let mut errors: Vec<FieldError> = kind.err().into_iter().collect();
            if let Err(DomainError::Invalid(more)) = parsed {
                errors.extend(more);
            }
            return Err(DomainError::Invalid(errors).into());
        }
    };
    let data = state
        .db(move |conn| match kind {
            Chart::Heatmap => Ok(ChartData::Heatmap(Box::new(report::weekday_hours(
                conn, &retailer, &query,
            )?))),
            Chart::Daily | Chart::Placements => Ok(ChartData::Report(
                kind,
                Box::new(report::report(conn, &retailer, &query)?),
            )),
        })
        .await?;
    // Drawing and outlining text take a while: off the async workers, with no
    // connection held.
    let svg = web::block(move || draw(data, &words))
        .await
        .map_err(|e| DomainError::internal(anyhow::anyhow!("chart task: {e}")))?
        .map_err(DomainError::internal)?;
    Ok(svg)
}

/// A report's rows as a CSV download: its file name and body.
pub fn csv_download(report: &Report) -> Result<(String, Vec<u8>), DomainError> {
    let body = csv::document(
        &ANALYTICS_CSV_HEADER,
        report
            .rows
            .iter()
            .map(|row| analytics_csv_row(row, &report.currency)),
    )?;
    let name = format!(
        "analytics-{}-{}-{}.csv",
        report.query.from,
        report.query.to,
        report.query.group_by.as_str()
    );
    Ok((name, body))
}
