//! The placement form's view model: the fields as typed (times local to the retailer,
//! the cost in its currency) and each error beside its field.

use askama::Template;
use chrono_tz::Tz;

use super::Nav;
use super::posters::{Area, local};
use crate::app::pages::render::FieldErrors;
use crate::app::pages::staff::StaffFrame;
use crate::domain::FieldError;
use crate::domain::accounts::Principal;
use crate::domain::money;
use crate::domain::posters::Poster;
use crate::domain::posters::placements::Placement;
use crate::domain::retailers::Retailer;

/// The placement form's fields as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct PlacementFields {
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Site (station).
    #[serde(default)]
    pub site: String,
    /// Spot within the site.
    #[serde(default)]
    pub spot: String,
    /// City.
    #[serde(default)]
    pub city: String,
    /// Latitude as typed.
    #[serde(default)]
    pub latitude: String,
    /// Longitude as typed.
    #[serde(default)]
    pub longitude: String,
    /// Local start, `YYYY-MM-DDTHH:MM`.
    #[serde(default)]
    pub starts_at: String,
    /// Local end, `YYYY-MM-DDTHH:MM`.
    #[serde(default)]
    pub ends_at: String,
    /// Cost as typed, in the retailer's currency.
    #[serde(default)]
    pub cost: String,
}

impl PlacementFields {
    /// The fields of a stored placement, times local to `tz`, the cost in `currency`.
    pub fn of(placement: &Placement, tz: Tz, currency: &str) -> Self {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let number = |value: Option<f64>| value.map(|v| v.to_string()).unwrap_or_default();
        Self {
            name: placement.name.clone(),
            site: text(&placement.site),
            spot: text(&placement.spot),
            city: text(&placement.city),
            latitude: number(placement.latitude),
            longitude: number(placement.longitude),
            starts_at: local(placement.starts_at, tz)
                .format("%Y-%m-%dT%H:%M")
                .to_string(),
            ends_at: local(placement.ends_at, tz)
                .format("%Y-%m-%dT%H:%M")
                .to_string(),
            cost: placement
                .cost_minor
                .map(|cost| money::plain_amount(cost, currency))
                .unwrap_or_default(),
        }
    }
}

/// The placement form (new or edit).
#[derive(Template)]
#[template(path = "console_placement_form.html")]
pub struct PlacementPage {
    frame: StaffFrame,
    nav: Nav,
    area: Area,
    poster_id: String,
    poster_title: String,
    editing: bool,
    action: String,
    fields: PlacementFields,
    /// The campaign window's inputs: (field, label, value).
    window: [(&'static str, &'static str, String); 2],
    time_zone: String,
    cost_label: String,
    errors: FieldErrors,
}

impl PlacementPage {
    /// The form for `poster` with `fields`, and the errors of a refused save.
    pub fn new(
        frame: StaffFrame,
        user: &Principal,
        retailer: &Retailer,
        poster: &Poster,
        placement_id: Option<&str>,
        fields: PlacementFields,
        errors: &[FieldError],
    ) -> Self {
        let (area, nav) = Area::new(&frame, user, retailer);
        let p = area.p;
        let action = match placement_id {
            Some(id) => format!("{}/{}/placements/{id}/edit", area.base, poster.id),
            None => format!("{}/{}/placements/new", area.base, poster.id),
        };
        Self {
            errors: FieldErrors::worded(errors, |error| match error.field.as_str() {
                "name" => p.err_name,
                "site" | "spot" | "city" => p.err_text,
                "latitude" | "longitude" => p.err_coordinate,
                "starts_at" if error.message == DATE_UNREADABLE => p.err_date,
                "ends_at" if error.message == DATE_UNREADABLE => p.err_date,
                "starts_at" | "ends_at" => p.err_window,
                "cost_minor" => p.err_cost,
                _ => p.invalid,
            }),
            poster_id: poster.id.clone(),
            poster_title: poster.title.clone(),
            editing: placement_id.is_some(),
            action,
            window: [
                ("starts_at", p.starts_at, fields.starts_at.clone()),
                ("ends_at", p.ends_at, fields.ends_at.clone()),
            ],
            fields,
            time_zone: retailer.time_zone.clone(),
            cost_label: format!("{} ({})", p.cost, retailer.currency),
            frame,
            nav,
            area,
        }
    }
}

/// The message of a date and time the form could not read (the console's own check,
/// before the domain's).
pub const DATE_UNREADABLE: &str = "not a date and time";
