//! View models of the delivery settings: the zone list with its new-zone form, a zone's
//! page (its name and postal codes, its weekly slots by weekday and the slot form) and its
//! month calendar of closed dates. Fields are kept as typed so that a refused form shows
//! them again, each error beside its field.

use askama::Template;
use chrono::{Datelike, Days, Months, NaiveDate};

use super::Nav;
use crate::app::pages::i18n::Lang;
use crate::app::pages::render::FieldErrors;
use crate::app::pages::staff::StaffFrame;
use crate::domain::accounts::{Principal, Role};
use crate::domain::catalog::input::PriceInput;
use crate::domain::delivery::calendar::minute_text;
use crate::domain::delivery::templates::{SlotTemplate, TemplateInput};
use crate::domain::delivery::zones::{self, ZoneDetails, ZoneInput};
use crate::domain::retailers::Retailer;
use crate::domain::{DomainError, FieldError, money};
use crate::faces::console::i18n::delivery::{self, DeliveryStrings};

/// What every delivery page shows besides the staff frame and the header's links.
pub struct Area {
    d: &'static DeliveryStrings,
    retailer: String,
    /// `/console/r/{rid}/delivery`, the base of the area's links.
    base: String,
    read_only: bool,
}

impl Area {
    fn new(frame: &StaffFrame, user: &Principal, retailer: &Retailer) -> (Self, Nav) {
        let area = Self {
            d: delivery::strings(frame.language()),
            retailer: retailer.name.clone(),
            base: format!("/console/r/{}/delivery", retailer.id),
            read_only: user.role == Role::Operator,
        };
        (area, Nav::new(user, retailer, "delivery"))
    }
}

/// The zone form's fields as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ZoneFields {
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Postal codes or prefixes, separated by commas or spaces.
    #[serde(default)]
    pub postal_codes: String,
}

impl ZoneFields {
    /// The fields of a stored zone.
    pub fn of(details: &ZoneDetails) -> Self {
        Self {
            name: details.zone.name.clone(),
            postal_codes: details.postal_codes.join(", "),
        }
    }

    /// The input the domain checks: the codes split as people separate them, so that
    /// `04, 05 06` is three prefixes.
    pub fn input(&self) -> ZoneInput {
        ZoneInput {
            name: self.name.clone(),
            postal_codes: self
                .postal_codes
                .split(|c: char| c == ',' || c == ';' || c == '、' || c.is_whitespace())
                .filter(|code| !code.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }
}

/// The zone errors of a refused save, worded in the page's language.
fn zone_errors(errors: &[FieldError], d: &'static DeliveryStrings) -> FieldErrors {
    FieldErrors::worded(errors, |error| match error.field.as_str() {
        "name" => d.err_name,
        "postal_codes" if error.message.starts_with(zones::TAKEN) => d.err_postal_taken,
        "postal_codes" => d.err_postal_codes,
        _ => d.invalid,
    })
}

/// The message of a slot that overlaps another on its weekday, as the console files it
/// beside the start field.
pub const OVERLAP: &str = "overlaps another slot";

/// The message of a field the console could not read as a number or amount.
const UNREADABLE: &str = "unreadable";

/// The slot form's fields as typed.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct TemplateFields {
    /// ISO weekday, `1` (Monday) to `7`.
    #[serde(default)]
    pub weekday: String,
    /// Local start, `HH:MM`.
    #[serde(default)]
    pub start: String,
    /// Local end, `HH:MM`.
    #[serde(default)]
    pub end: String,
    /// Orders per slot.
    #[serde(default)]
    pub capacity: String,
    /// Fee as typed, in the retailer's currency.
    #[serde(default)]
    pub fee: String,
    /// Prior notice in minutes; empty for none.
    #[serde(default)]
    pub prior_notice_minutes: String,
    /// Same-day cutoff, `HH:MM`; empty for none.
    #[serde(default)]
    pub same_day_cutoff: String,
}

impl Default for TemplateFields {
    /// A new slot's suggestion: Monday evening, ten orders, free.
    fn default() -> Self {
        Self {
            weekday: "1".into(),
            start: "18:00".into(),
            end: "20:00".into(),
            capacity: "10".into(),
            fee: "0".into(),
            prior_notice_minutes: "0".into(),
            same_day_cutoff: String::new(),
        }
    }
}

impl TemplateFields {
    /// The fields of a stored template, the fee in `currency`.
    pub fn of(template: &SlotTemplate, currency: &str) -> Self {
        Self {
            weekday: template.weekday.to_string(),
            start: minute_text(template.start_minute),
            end: minute_text(template.end_minute),
            capacity: template.capacity.to_string(),
            fee: money::plain_amount(template.fee_minor, currency),
            prior_notice_minutes: template.prior_notice_minutes.to_string(),
            same_day_cutoff: template
                .same_day_cutoff_minute
                .map(minute_text)
                .unwrap_or_default(),
        }
    }

    /// The input of the typed fields, or every field error: those the console finds
    /// reading numbers and the fee, and those the domain finds in the rest.
    pub fn input(&self, currency: &str) -> Result<TemplateInput, DomainError> {
        let mut errors = Vec::new();
        let mut number = |field: &str, value: &str, empty: Option<i32>| {
            let value = value.trim();
            let parsed = match value {
                "" => empty,
                typed => typed.parse::<i32>().ok(),
            };
            if parsed.is_none() {
                errors.push(FieldError::new(field, UNREADABLE));
            }
            // What could not be read stands aside as 0 while the domain checks the rest.
            parsed.unwrap_or(0)
        };
        let weekday = number("weekday", &self.weekday, None);
        let capacity = number("capacity", &self.capacity, None);
        let prior_notice_minutes =
            number("prior_notice_minutes", &self.prior_notice_minutes, Some(0));
        let fee = money::parse_amount(&self.fee, currency);
        if fee.is_none() {
            errors.push(FieldError::new("fee.amount_minor", UNREADABLE));
        }
        let input = TemplateInput {
            weekday,
            start: self.start.trim().to_owned(),
            end: self.end.trim().to_owned(),
            capacity,
            fee: PriceInput {
                amount_minor: fee.unwrap_or(0),
                currency: None,
            },
            prior_notice_minutes,
            same_day_cutoff: Some(self.same_day_cutoff.trim().to_owned())
                .filter(|cutoff| !cutoff.is_empty()),
        };
        if let Err(DomainError::Invalid(found)) = input.check(currency) {
            // A field read as a stand-in (an unreadable weekday is 0) keeps its own error.
            let fresh: Vec<FieldError> = found
                .into_iter()
                .filter(|error| !errors.iter().any(|seen| seen.field == error.field))
                .collect();
            errors.extend(fresh);
        }
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(DomainError::Invalid(errors))
        }
    }
}

/// The slot errors of a refused save, worded in the page's language.
fn template_errors(errors: &[FieldError], d: &'static DeliveryStrings) -> FieldErrors {
    FieldErrors::worded(errors, |error| match error.field.as_str() {
        "start" if error.message == OVERLAP => d.err_overlap,
        "start" | "same_day_cutoff" => d.err_time,
        "end" if error.message.contains("after") => d.err_end,
        "end" => d.err_time,
        "capacity" => d.err_capacity,
        "fee.amount_minor" => d.err_fee,
        "prior_notice_minutes" => d.err_prior_notice,
        "weekday" => d.err_weekday,
        _ => d.invalid,
    })
}

/// A zone's row in the list.
pub struct ZoneRow {
    id: String,
    name: String,
    postal_codes: String,
    slots: i64,
    next_closed: Vec<String>,
}

/// A zone in the list: its details, how many weekly slots it has and its next closed
/// dates.
pub type ZoneSummary = (ZoneDetails, i64, Vec<NaiveDate>);

/// The retailer's zones and the new-zone form.
#[derive(Template)]
#[template(path = "console_delivery.html")]
pub struct ZonesPage {
    frame: StaffFrame,
    nav: Nav,
    area: Area,
    rows: Vec<ZoneRow>,
    fields: ZoneFields,
    errors: FieldErrors,
}

impl ZonesPage {
    /// The list of `zones`, and the new-zone form with `fields` and the errors of a
    /// refused save.
    pub fn new(
        frame: StaffFrame,
        user: &Principal,
        retailer: &Retailer,
        zones: Vec<ZoneSummary>,
        fields: ZoneFields,
        errors: &[FieldError],
    ) -> Self {
        let (area, nav) = Area::new(&frame, user, retailer);
        let lang = frame.language();
        let rows = zones
            .into_iter()
            .map(|(details, slots, closed)| ZoneRow {
                id: details.zone.id,
                name: details.zone.name,
                postal_codes: details.postal_codes.join(", "),
                slots,
                next_closed: closed.into_iter().map(|date| lang.date(date)).collect(),
            })
            .collect();
        Self {
            errors: zone_errors(errors, area.d),
            frame,
            nav,
            area,
            rows,
            fields,
        }
    }
}

/// A weekly slot's row.
pub struct SlotRow {
    id: String,
    start: String,
    end: String,
    capacity: i32,
    fee: String,
    prior_notice: i32,
    cutoff: String,
    /// The slot named for the buttons' accessible names: `Monday 18:00–20:00`.
    label: String,
}

/// A weekday's table of slots.
pub struct WeekdayTable {
    number: i32,
    name: &'static str,
    rows: Vec<SlotRow>,
}

/// The slot form: adding, or editing the slot `editing`.
pub struct SlotForm {
    action: String,
    editing: Option<String>,
    fields: TemplateFields,
    errors: FieldErrors,
    weekdays: Vec<(String, &'static str)>,
    fee_label: String,
}

/// Which form of a zone's page a refused save came from.
pub enum Refused<'a> {
    /// Nothing was refused.
    Nothing,
    /// The zone's name and codes, as typed.
    Zone(ZoneFields, &'a [FieldError]),
    /// A slot (new when the id is `None`), as typed.
    Slot(Option<String>, TemplateFields, &'a [FieldError]),
}

/// A zone's page.
#[derive(Template)]
#[template(path = "console_delivery_zone.html")]
pub struct ZonePage {
    frame: StaffFrame,
    nav: Nav,
    area: Area,
    zone_base: String,
    zone_name: String,
    fields: ZoneFields,
    errors: FieldErrors,
    days: Vec<WeekdayTable>,
    form: SlotForm,
}

impl ZonePage {
    /// The page of `zone` and its active `templates`; `edit` is the slot whose values fill
    /// the slot form; `refused` the form a refused save shows again.
    pub fn new(
        frame: StaffFrame,
        user: &Principal,
        retailer: &Retailer,
        zone: &ZoneDetails,
        templates: &[SlotTemplate],
        edit: Option<&SlotTemplate>,
        refused: Refused<'_>,
    ) -> Self {
        let (area, nav) = Area::new(&frame, user, retailer);
        let d = area.d;
        let currency = retailer.currency.as_str();
        let locale = frame.language().locale();
        let zone_base = format!("{}/zones/{}", area.base, zone.zone.id);
        let days = (1..=7)
            .map(|number| {
                let name = d.weekdays[(number - 1) as usize];
                let rows = templates
                    .iter()
                    .filter(|t| t.weekday == number)
                    .map(|t| {
                        let (start, end) = (minute_text(t.start_minute), minute_text(t.end_minute));
                        SlotRow {
                            id: t.id.clone(),
                            label: format!("{name} {start}–{end}"),
                            start,
                            end,
                            capacity: t.capacity,
                            fee: money::format(t.fee_minor, currency, locale),
                            prior_notice: t.prior_notice_minutes,
                            cutoff: t
                                .same_day_cutoff_minute
                                .map_or(d.none.to_owned(), minute_text),
                        }
                    })
                    .collect();
                WeekdayTable { number, name, rows }
            })
            .collect();
        let (fields, zone_errs, slot) = match refused {
            Refused::Nothing => (ZoneFields::of(zone), FieldErrors::default(), None),
            Refused::Zone(fields, errors) => (fields, zone_errors(errors, d), None),
            Refused::Slot(id, fields, errors) => (
                ZoneFields::of(zone),
                FieldErrors::default(),
                Some((id, fields, template_errors(errors, d))),
            ),
        };
        let (editing, slot_fields, slot_errors) = match slot {
            Some(refused) => refused,
            None => match edit {
                Some(t) => (
                    Some(t.id.clone()),
                    TemplateFields::of(t, currency),
                    FieldErrors::default(),
                ),
                None => (None, TemplateFields::default(), FieldErrors::default()),
            },
        };
        let form = SlotForm {
            action: match &editing {
                Some(id) => format!("{zone_base}/templates/{id}"),
                None => format!("{zone_base}/templates"),
            },
            editing,
            fields: slot_fields,
            errors: slot_errors,
            weekdays: (1..=7)
                .map(|n: usize| (n.to_string(), d.weekdays[n - 1]))
                .collect(),
            fee_label: format!("{} ({currency})", d.fee),
        };
        Self {
            zone_name: zone.zone.name.clone(),
            zone_base,
            fields,
            errors: zone_errs,
            days,
            form,
            frame,
            nav,
            area,
        }
    }
}

/// One date of the calendar.
pub struct DayCell {
    iso: String,
    day: u32,
    closed: bool,
    today: bool,
    /// The button that changes it (its action, visible text and accessible name); none
    /// for past dates and for operators.
    button: Option<(&'static str, &'static str, String)>,
}

/// A zone's month of closed dates.
#[derive(Template)]
#[template(path = "console_delivery_calendar.html")]
pub struct CalendarPage {
    frame: StaffFrame,
    nav: Nav,
    area: Area,
    zone_base: String,
    zone_name: String,
    title: String,
    previous: String,
    next: String,
    weekdays: [&'static str; 7],
    /// Monday-first weeks; `None` pads the days of other months.
    weeks: Vec<Vec<Option<DayCell>>>,
}

/// The first day of the month `YYYY-MM`, if it is one.
pub fn month_of(text: &str) -> Option<NaiveDate> {
    let (year, month) = text.split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)
}

/// A month's title in `lang`: `December 2026`, `2026년 12월`.
fn month_title(d: &DeliveryStrings, first: NaiveDate) -> String {
    d.month_title
        .replace("{month}", d.months[first.month0() as usize])
        .replace("{year}", &first.year().to_string())
}

impl CalendarPage {
    /// The month starting `first` of `zone`, with its `closed` dates; `today` is the
    /// retailer's local date.
    pub fn new(
        frame: StaffFrame,
        user: &Principal,
        retailer: &Retailer,
        zone: &ZoneDetails,
        first: NaiveDate,
        closed: &[NaiveDate],
        today: NaiveDate,
    ) -> Self {
        let (area, nav) = Area::new(&frame, user, retailer);
        let d = area.d;
        let lang: Lang = frame.language();
        let next_first = first + Months::new(1);
        let previous_first = first - Months::new(1);
        let days = next_first.signed_duration_since(first).num_days();
        let lead = first.weekday().num_days_from_monday() as usize;
        let mut cells: Vec<Option<DayCell>> = (0..lead).map(|_| None).collect();
        cells.extend((0..days).map(|offset| {
            let date = first + Days::new(offset as u64);
            let is_closed = closed.contains(&date);
            let button = (!area.read_only && date >= today).then(|| {
                let (action, text, name) = if is_closed {
                    ("reopen", d.reopen, d.reopen_date)
                } else {
                    ("close", d.close, d.close_date)
                };
                (action, text, name.replace("{date}", &lang.date(date)))
            });
            Some(DayCell {
                iso: date.to_string(),
                day: date.day(),
                closed: is_closed,
                today: date == today,
                button,
            })
        }));
        while !cells.len().is_multiple_of(7) {
            cells.push(None);
        }
        let mut weeks = Vec::new();
        let mut cells = cells.into_iter().peekable();
        while cells.peek().is_some() {
            weeks.push(cells.by_ref().take(7).collect());
        }
        Self {
            zone_base: format!("{}/zones/{}", area.base, zone.zone.id),
            zone_name: zone.zone.name.clone(),
            title: month_title(d, first),
            previous: previous_first.format("%Y-%m").to_string(),
            next: next_first.format("%Y-%m").to_string(),
            weekdays: frame.t.weekdays,
            weeks,
            frame,
            nav,
            area,
        }
    }
}
