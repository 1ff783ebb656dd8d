//! View model of the channels page: every channel's figures over a period, and the
//! sources of the one opened.

use askama::Template;

use super::{FiguresView, Nav, Period, PeriodLink, range_of};
use crate::app::pages::staff::StaffFrame;
use crate::domain::accounts::Principal;
use crate::domain::analytics::CHANNELS;
use crate::domain::analytics::report::{Figures, Report};
use crate::domain::retailers::Retailer;
use crate::faces::console::i18n::channels::{self as strings, ChannelsStrings};

/// A row's figures as the page writes them: the dashboard's, and the visit and cart
/// counters it leaves out.
struct RowFigures {
    page_views: i64,
    add_to_carts: i64,
    units: i64,
    common: FiguresView,
}

impl RowFigures {
    fn new(figures: &Figures, currency: &str, frame: &StaffFrame) -> Self {
        Self {
            page_views: figures.page_views,
            add_to_carts: figures.add_to_carts,
            units: figures.units,
            common: FiguresView::new(figures, currency, frame),
        }
    }
}

/// A channel's or a source's row.
struct Row {
    /// The channel's key (for its link), or the source's.
    key: String,
    label: String,
    figures: RowFigures,
}

/// The sources of the channel opened.
struct Sources {
    /// The channel's name.
    name: String,
    rows: Vec<Row>,
    totals: RowFigures,
}

/// The channels page.
#[derive(Template)]
#[template(path = "console_channels.html")]
pub struct ChannelsPage {
    frame: StaffFrame,
    nav: Nav,
    s: &'static ChannelsStrings,
    retailer: String,
    period: &'static str,
    periods: Vec<PeriodLink>,
    range: String,
    /// The channel opened, for the period links.
    opened: Option<String>,
    channels: Vec<Row>,
    totals: RowFigures,
    sources: Option<Sources>,
}

impl ChannelsPage {
    /// The page of `by_channel` (a report grouped by channel) over `period`, with the
    /// sources of one channel when `by_source` (grouped by source, filtered to it) is
    /// given. Every channel has a row, zeros included.
    pub fn new(
        frame: StaffFrame,
        user: &Principal,
        retailer: &Retailer,
        period: Period,
        by_channel: &Report,
        by_source: Option<&Report>,
    ) -> Self {
        let s = strings::strings(frame.language());
        let currency = by_channel.currency.as_str();
        let zero = Figures::default();
        let channels = CHANNELS
            .iter()
            .map(|channel| {
                let figures = by_channel
                    .rows
                    .iter()
                    .find(|row| row.key == *channel)
                    .map_or(&zero, |row| &row.figures);
                Row {
                    key: (*channel).to_owned(),
                    label: s.channel_name(channel).unwrap_or(channel).to_owned(),
                    figures: RowFigures::new(figures, currency, &frame),
                }
            })
            .collect();
        let sources = by_source.map(|report| {
            let channel = report.query.channel.clone().unwrap_or_default();
            Sources {
                name: s.channel_name(&channel).unwrap_or(&channel).to_owned(),
                rows: report
                    .rows
                    .iter()
                    .map(|row| Row {
                        label: if row.key.is_empty() {
                            s.no_source.to_owned()
                        } else {
                            row.label.clone()
                        },
                        key: row.key.clone(),
                        figures: RowFigures::new(&row.figures, currency, &frame),
                    })
                    .collect(),
                totals: RowFigures::new(&report.totals, currency, &frame),
            }
        });
        Self {
            s,
            nav: Nav::new(user, retailer, "channels"),
            retailer: retailer.name.clone(),
            period: period.as_str(),
            periods: PeriodLink::all(frame.t, period),
            range: range_of(&frame, by_channel),
            opened: by_source.and_then(|report| report.query.channel.clone()),
            channels,
            totals: RowFigures::new(&by_channel.totals, currency, &frame),
            sources,
            frame,
        }
    }
}
