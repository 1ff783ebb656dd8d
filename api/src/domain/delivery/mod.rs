//! Home delivery: zones (postal-code prefixes), weekly slot templates, closed dates, and
//! concrete slots with a hard capacity that checkout books inside its own transaction.

pub mod booking;
pub mod calendar;
pub mod closed_dates;
pub mod slots;
pub mod templates;
pub mod zones;
