//! What a report asks: a range of the retailer's local dates, a grouping and filters,
//! checked into [`ReportQuery`] (every problem a field error, 422).

use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use super::{CHANNELS, POSTER};
use crate::domain::{DomainError, FieldError};

/// Longest range a report covers, in days.
pub const MAX_DAYS: i64 = 366;

/// How report rows are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// One row per placement (codes printed without one share the key "").
    Placement,
    /// One row per poster.
    Poster,
    /// One row per product.
    Product,
    /// One row per channel.
    Channel,
    /// One row per local date of the range, zeros included.
    Day,
    /// 24 rows, local hours 0 to 23 summed over the range.
    Hour,
    /// One row per source within the filtered channel: a poster's scan code, a sharer's
    /// referral code, an embedding shelf, a feed's platform (`meta`, `google`).
    Source,
}

impl GroupBy {
    /// The name used in queries and answers.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Placement => "placement",
            Self::Poster => "poster",
            Self::Product => "product",
            Self::Channel => "channel",
            Self::Day => "day",
            Self::Hour => "hour",
            Self::Source => "source",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        [
            Self::Placement,
            Self::Poster,
            Self::Product,
            Self::Channel,
            Self::Day,
            Self::Hour,
            Self::Source,
        ]
        .into_iter()
        .find(|group| group.as_str() == value)
    }
}

/// The query string of a report, as sent; an empty value is no filter.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportInput {
    /// First local date, `YYYY-MM-DD` (required).
    #[param(pattern = r"^\s*([0-9]{4}-[0-9]{2}-[0-9]{2})?\s*$")]
    pub from: Option<String>,
    /// Last local date, inclusive, `YYYY-MM-DD` (required); at most 366 days from `from`.
    #[param(pattern = r"^\s*([0-9]{4}-[0-9]{2}-[0-9]{2})?\s*$")]
    pub to: Option<String>,
    /// `placement`, `poster`, `product`, `channel`, `day` (the default), `hour` (takes
    /// no filter but `channel`) or `source` (requires `channel`; takes `sku` only with
    /// `channel=poster`).
    pub group_by: Option<String>,
    /// Only visits and orders of this channel (`poster`, `share`, `embed`, `feed`,
    /// `direct`).
    pub channel: Option<String>,
    /// Only this poster's codes.
    pub poster_id: Option<String>,
    /// Only this placement's codes.
    pub placement_id: Option<String>,
    /// Only this product (by SKU).
    pub sku: Option<String>,
}

/// A checked report query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportQuery {
    /// First local date.
    pub from: NaiveDate,
    /// Last local date (inclusive).
    pub to: NaiveDate,
    /// The grouping.
    pub group_by: GroupBy,
    /// Channel filter.
    pub channel: Option<String>,
    /// Poster filter.
    pub poster_id: Option<String>,
    /// Placement filter.
    pub placement_id: Option<String>,
    /// Product filter, by SKU.
    pub sku: Option<String>,
}

fn given(value: Option<&String>) -> Option<String> {
    value
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

fn date(field: &str, value: Option<&String>, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    let Some(value) = given(value) else {
        errors.push(FieldError::new(field, "required, as YYYY-MM-DD"));
        return None;
    };
    let parsed = NaiveDate::parse_from_str(&value, "%Y-%m-%d").ok();
    if parsed.is_none() {
        errors.push(FieldError::new(field, "must be a date, YYYY-MM-DD"));
    }
    parsed
}

impl ReportQuery {
    /// Checks a query as sent.
    pub fn parse(input: &ReportInput) -> Result<Self, DomainError> {
        let mut errors = Vec::new();
        let from = date("from", input.from.as_ref(), &mut errors);
        let to = date("to", input.to.as_ref(), &mut errors);
        if let (Some(from), Some(to)) = (from, to) {
            if from > to {
                errors.push(FieldError::new("to", "must not be before from"));
            } else if (to - from).num_days() >= MAX_DAYS {
                errors.push(FieldError::new(
                    "to",
                    format!("a report covers at most {MAX_DAYS} days"),
                ));
            }
        }
        let group_by = match given(input.group_by.as_ref()) {
            None => Some(GroupBy::Day),
            Some(value) => GroupBy::parse(&value).or_else(|| {
                errors.push(FieldError::new(
                    "group_by",
                    "must be placement, poster, product, channel, day, hour or source",
                ));
                None
            }),
        };
        let channel = given(input.channel.as_ref());
        if let Some(channel) = &channel
            && !CHANNELS.contains(&channel.as_str())
        {
            errors.push(FieldError::new(
                "channel",
                format!("must be one of {}", CHANNELS.join(", ")),
            ));
        }
        let query = Self {
            from: from.unwrap_or_default(),
            to: to.unwrap_or_default(),
            group_by: group_by.unwrap_or(GroupBy::Day),
            channel,
            poster_id: given(input.poster_id.as_ref()),
            placement_id: given(input.placement_id.as_ref()),
            sku: given(input.sku.as_ref()),
        };
        // Unique scanners per hour are counted for the whole retailer and per channel only.
        if query.group_by == GroupBy::Hour
            && (query.poster_id.is_some() || query.placement_id.is_some() || query.sku.is_some())
        {
            errors.push(FieldError::new(
                "group_by",
                "hour rows cover the whole retailer or one channel; drop the poster_id, \
                 placement_id and sku filters",
            ));
        }
        // Sources are named within their channel: the same key may mean two sources in two
        // channels.
        if query.group_by == GroupBy::Source && query.channel.is_none() {
            errors.push(FieldError::new(
                "channel",
                "required with group_by=source: sources are listed within one channel",
            ));
        }
        // A shared link, a shelf or a feed brings visits to many products, and its day rows
        // are kept per source, not per product: only a printed code is one product's.
        if query.group_by == GroupBy::Source
            && query.sku.is_some()
            && query
                .channel
                .as_deref()
                .is_some_and(|channel| channel != POSTER)
        {
            errors.push(FieldError::new(
                "sku",
                "with group_by=source only under channel=poster: other channels' sources \
                 are counted across their products",
            ));
        }
        if errors.is_empty() {
            Ok(query)
        } else {
            Err(DomainError::Invalid(errors))
        }
    }

    /// The local dates of the range, in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let (from, to) = (self.from, self.to);
        from.iter_days().take_while(move |day| *day <= to)
    }
}
