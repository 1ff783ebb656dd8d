//! Public identifiers: random and opaque, never sequential.

/// A new random identifier (UUID v4, hyphenated).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A new identifier that sorts by creation time (UUID v7). For append-only tables such as
/// order history and the payment ledger: new rows land at the end of the primary-key index
/// instead of at random places in it.
pub fn new_time_ordered_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// True when `value` has the shape of an id this service issued.
pub fn is_well_formed(value: &str) -> bool {
    uuid::Uuid::try_parse(value).is_ok()
}

/// The current time in UTC, as stored in the database.
pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}
