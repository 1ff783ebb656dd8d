//! View models of the console's pages, one per template.

pub mod catalogue;
pub mod channels;
pub mod delivery;
pub mod feeds;
pub mod orders;
pub mod placements;
pub mod poster_builder;
pub mod posters;
pub mod shelves;
pub mod staff;

use askama::Template;

use crate::app::pages::i18n::staff::StaffStrings;
use crate::app::pages::staff::StaffFrame;
use crate::app::pages::staff_sign_in::{LoginProblem, LoginView};
use crate::domain::accounts::{Principal, Role};
use crate::domain::analytics::report::{Figures, Report};
use crate::domain::money;
use crate::domain::retailers::Retailer;

/// The sign-in form.
#[derive(Template)]
#[template(path = "console_login.html")]
pub struct LoginPage {
    frame: StaffFrame,
    next: String,
    email: String,
    problem: Option<&'static str>,
}

impl LoginView for LoginPage {
    const FACE: &'static str = "/console";

    fn new(frame: StaffFrame, next: String, email: String, problem: Option<LoginProblem>) -> Self {
        let problem = problem.map(|problem| problem.text(frame.t));
        Self {
            frame,
            next,
            email,
            problem,
        }
    }
}

/// The links of a retailer's pages, in the header.
pub struct Nav {
    rid: String,
    current: &'static str,
    platform: bool,
}

impl Nav {
    fn new(user: &Principal, retailer: &Retailer, current: &'static str) -> Self {
        Self {
            rid: retailer.id.clone(),
            current,
            platform: user.role == Role::PlatformAdmin,
        }
    }
}

/// The retailer list a platform admin picks from.
#[derive(Template)]
#[template(path = "console_retailers.html")]
pub struct RetailersPage {
    frame: StaffFrame,
    retailers: Vec<(String, String)>,
}

impl RetailersPage {
    /// The list of `retailers` (id, name).
    pub fn new(frame: StaffFrame, retailers: &[Retailer]) -> Self {
        Self {
            frame,
            retailers: retailers
                .iter()
                .map(|r| (r.id.clone(), r.name.clone()))
                .collect(),
        }
    }
}

/// The dashboard's periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Today, local to the retailer.
    Today,
    /// The last 7 local days, today included.
    Days7,
    /// The last 30 local days, today included.
    Days30,
}

impl Period {
    /// The period of a query value (`today`, `7d`, `30d`).
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "today" => Some(Self::Today),
            "7d" => Some(Self::Days7),
            "30d" => Some(Self::Days30),
            _ => None,
        }
    }

    /// Its query value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Today => "today",
            Self::Days7 => "7d",
            Self::Days30 => "30d",
        }
    }

    /// How many local days it covers.
    pub fn days(self) -> i64 {
        match self {
            Self::Today => 1,
            Self::Days7 => 7,
            Self::Days30 => 30,
        }
    }
}

/// Figures as the page writes them.
pub struct FiguresView {
    scans: i64,
    unique_scanners: i64,
    orders: i64,
    revenue: String,
    conversion: String,
    cost_per_order: String,
}

impl FiguresView {
    fn new(figures: &Figures, currency: &str, frame: &StaffFrame) -> Self {
        let locale = frame.language().locale();
        Self {
            scans: figures.scans,
            unique_scanners: figures.unique_scanners,
            orders: figures.orders,
            revenue: money::format(figures.revenue_minor, currency, locale),
            conversion: figures
                .conversion_rate()
                .map_or(frame.t.not_available.to_owned(), |rate| {
                    format!("{:.1}%", rate * 100.0)
                }),
            cost_per_order: figures
                .cost_per_order_minor()
                .map_or(frame.t.not_available.to_owned(), |cost| {
                    money::format(cost, currency, locale)
                }),
        }
    }
}

/// A placement's row: its name, figures and whether it is the best or worst wall.
pub struct PlacementRow {
    label: String,
    figures: FiguresView,
    mark: Option<(&'static str, &'static str)>,
}

/// A period link.
pub struct PeriodLink {
    label: &'static str,
    value: &'static str,
    current: bool,
}

impl PeriodLink {
    /// The links of every period, `current` marked.
    fn all(t: &StaffStrings, current: Period) -> Vec<Self> {
        [Period::Today, Period::Days7, Period::Days30]
            .into_iter()
            .map(|p| Self {
                label: match p {
                    Period::Today => t.today,
                    Period::Days7 => t.days_7,
                    Period::Days30 => t.days_30,
                },
                value: p.as_str(),
                current: p == current,
            })
            .collect()
    }
}

/// The local dates a report covers, as the page's language writes them.
fn range_of(frame: &StaffFrame, report: &Report) -> String {
    let lang = frame.language();
    if report.query.from == report.query.to {
        lang.date(report.query.to)
    } else {
        format!(
            "{} – {}",
            lang.date(report.query.from),
            lang.date(report.query.to)
        )
    }
}

/// The dashboard.
#[derive(Template)]
#[template(path = "console_dashboard.html")]
pub struct DashboardPage {
    frame: StaffFrame,
    nav: Nav,
    retailer: String,
    read_only: bool,
    period: &'static str,
    periods: Vec<PeriodLink>,
    range: String,
    totals: FiguresView,
    rows: Vec<PlacementRow>,
}

impl DashboardPage {
    /// The dashboard of `report` (grouped by placement) over `period`.
    pub fn new(
        frame: StaffFrame,
        user: &Principal,
        retailer: &Retailer,
        period: Period,
        report: &Report,
    ) -> Self {
        let t = frame.t;
        let currency = report.currency.as_str();
        let mut sorted: Vec<_> = report.rows.iter().collect();
        // Best wall first: most orders, then most scans; the name keeps the order stable.
        sorted.sort_by(|a, b| {
            (b.figures.orders, b.figures.scans)
                .cmp(&(a.figures.orders, a.figures.scans))
                .then_with(|| a.label.cmp(&b.label))
        });
        let last = sorted.len().saturating_sub(1);
        let rows = sorted
            .iter()
            .enumerate()
            .map(|(index, row)| PlacementRow {
                label: if row.key.is_empty() {
                    t.no_placement.to_owned()
                } else {
                    row.label.clone()
                },
                figures: FiguresView::new(&row.figures, currency, &frame),
                mark: match index {
                    _ if last == 0 => None,
                    0 => Some(("best", t.best)),
                    i if i == last => Some(("worst", t.worst)),
                    _ => None,
                },
            })
            .collect();
        let periods = PeriodLink::all(t, period);
        let range = range_of(&frame, report);
        Self {
            totals: FiguresView::new(&report.totals, currency, &frame),
            frame,
            nav: Nav::new(user, retailer, "dashboard"),
            retailer: retailer.name.clone(),
            read_only: user.role == Role::Operator,
            period: period.as_str(),
            periods,
            range,
            rows,
        }
    }
}
