//! Applying visits to the rollups, in the transaction that stores their scan events. A
//! batch is aggregated in memory first, so a flush makes one upsert per rollup key, not
//! per event, in key order (two nodes flushing at once lock rows in the same order).
//!
//! Unique scanners: a visitor is the keyed hash HMAC-SHA256(salt of the local day,
//! retailer | client address | user agent). The salt is random per local date, shared by
//! every node through `analytics_day_salts` and deleted by the sweeper once the date is
//! past in every time zone, with the day's marks; neither the address nor the user agent
//! is stored. A mark per (day, scope, hash) is inserted if absent, and each new mark adds
//! one to its scope's count of the day.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::upsert::excluded;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::{Source, Visit, date_key, local_date_hour};
use crate::db::DbConnection;
use crate::db::schema::{
    analytics_day_salts, analytics_hours, analytics_source_days, analytics_uniques,
    analytics_visitor_marks,
};
use crate::domain::DomainError;

/// Marks remembered per process before the memory is cleared (about 100 bytes each).
const MARK_MEMORY: usize = 200_000;

/// A visitor's keyed hash.
type VisitorHash = [u8; 32];

/// (retailer, local date, scope, visitor): one unique scanner in one scope on one day.
type Mark = (String, String, String, VisitorHash);

/// What a writer remembers between flushes: the salts of recent days and the marks it
/// already wrote, which need no second insert. Only what committed is remembered.
#[derive(Debug, Default)]
pub struct Rollups {
    salts: HashMap<String, [u8; 32]>,
    marks: HashSet<Mark>,
}

/// What one batch adds to [`Rollups`] once its transaction commits.
#[derive(Debug, Default)]
pub struct Staged {
    salts: Vec<(String, [u8; 32])>,
    marks: Vec<Mark>,
}

impl Rollups {
    /// Remembers what a committed batch wrote.
    pub fn commit(&mut self, staged: Staged) {
        if self.marks.len() + staged.marks.len() > MARK_MEMORY {
            self.marks.clear();
        }
        if self.salts.len() > 8 {
            self.salts.clear();
        }
        self.salts.extend(staged.salts);
        self.marks.extend(staged.marks);
    }
}

/// Counters of one rollup row.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    scans: i64,
    page_views: i64,
    add_to_carts: i64,
}

#[derive(Insertable)]
#[diesel(table_name = analytics_source_days)]
#[diesel(treat_none_as_default_value = false)]
struct SourceDayRow<'a> {
    retailer_id: &'a str,
    local_date: String,
    channel: &'a str,
    source_id: &'a str,
    poster_id: Option<&'a str>,
    placement_id: Option<&'a str>,
    product_id: Option<&'a str>,
    scans: i64,
    page_views: i64,
    add_to_carts: i64,
}

#[derive(Insertable)]
#[diesel(table_name = analytics_hours)]
struct HourRow<'a> {
    retailer_id: &'a str,
    local_date: String,
    local_hour: i32,
    channel: &'a str,
    poster_id: &'a str,
    placement_id: &'a str,
    scans: i64,
    page_views: i64,
    add_to_carts: i64,
}

fn upsert_source_day(conn: &mut DbConnection, row: &SourceDayRow<'_>) -> QueryResult<usize> {
    use analytics_source_days::dsl as t;
    crate::on_backend!(conn, |inner| diesel::insert_into(t::analytics_source_days)
        .values(row)
        .on_conflict((t::retailer_id, t::local_date, t::channel, t::source_id))
        .do_update()
        .set((
            t::scans.eq(t::scans + excluded(t::scans)),
            t::page_views.eq(t::page_views + excluded(t::page_views)),
            t::add_to_carts.eq(t::add_to_carts + excluded(t::add_to_carts)),
        ))
        .execute(inner))
}

fn upsert_hour(conn: &mut DbConnection, row: &HourRow<'_>) -> QueryResult<usize> {
    use analytics_hours::dsl as t;
    crate::on_backend!(conn, |inner| diesel::insert_into(t::analytics_hours)
        .values(row)
        .on_conflict((
            t::retailer_id,
            t::local_date,
            t::local_hour,
            t::channel,
            t::poster_id,
            t::placement_id,
        ))
        .do_update()
        .set((
            t::scans.eq(t::scans + excluded(t::scans)),
            t::page_views.eq(t::page_views + excluded(t::page_views)),
            t::add_to_carts.eq(t::add_to_carts + excluded(t::add_to_carts)),
        ))
        .execute(inner))
}

/// Counts one add-to-cart of `source` at `at`, in the caller's (the cart write's)
/// transaction.
pub fn count_add_to_cart(
    conn: &mut DbConnection,
    source: &Source,
    at: NaiveDateTime,
) -> Result<(), DomainError> {
    let (date, hour) = local_date_hour(source.tz, at);
    let counts = Counts {
        add_to_carts: 1,
        ..Counts::default()
    };
    write_counts(conn, source, date, hour, counts)?;
    Ok(())
}

fn write_counts(
    conn: &mut DbConnection,
    source: &Source,
    date: NaiveDate,
    hour: u32,
    counts: Counts,
) -> QueryResult<()> {
    upsert_source_day(conn, &source_day_row(source, date, counts))?;
    upsert_hour(conn, &hour_row(source, date, hour, counts))?;
    Ok(())
}

fn source_day_row(source: &Source, date: NaiveDate, counts: Counts) -> SourceDayRow<'_> {
    SourceDayRow {
        retailer_id: &source.retailer_id,
        local_date: date_key(date),
        channel: source.channel,
        source_id: &source.source_id,
        poster_id: source.poster_id.as_deref(),
        placement_id: source.placement_id.as_deref(),
        product_id: source.product_id.as_deref(),
        scans: counts.scans,
        page_views: counts.page_views,
        add_to_carts: counts.add_to_carts,
    }
}

fn hour_row(source: &Source, date: NaiveDate, hour: u32, counts: Counts) -> HourRow<'_> {
    HourRow {
        retailer_id: &source.retailer_id,
        local_date: date_key(date),
        local_hour: i32::try_from(hour).unwrap_or_default(),
        channel: source.channel,
        poster_id: source.poster_id.as_deref().unwrap_or(""),
        placement_id: source.placement_id.as_deref().unwrap_or(""),
        scans: counts.scans,
        page_views: counts.page_views,
        add_to_carts: counts.add_to_carts,
    }
}

/// The scopes a scanner of `source` at local `hour` counts in (see the report's use).
pub fn scopes(source: &Source, hour: u32) -> Vec<String> {
    let mut scopes = vec![
        "all".to_owned(),
        format!("channel:{}", source.channel),
        format!("source:{}:{}", source.channel, source.source_id),
        format!("hour:{hour}"),
    ];
    if let Some(poster) = &source.poster_id {
        scopes.push(format!("poster:{poster}"));
    }
    if let Some(placement) = &source.placement_id {
        scopes.push(format!("placement:{placement}"));
    }
    if let Some(product) = &source.product_id {
        scopes.push(format!("product:{product}"));
    }
    scopes
}

/// The salt of a local date: the one any node stored first.
fn day_salt(
    conn: &mut DbConnection,
    rollups: &Rollups,
    staged: &mut Staged,
    date: &str,
) -> QueryResult<[u8; 32]> {
    if let Some(salt) = rollups.salts.get(date) {
        return Ok(*salt);
    }
    if let Some((_, salt)) = staged.salts.iter().find(|(d, _)| d == date) {
        return Ok(*salt);
    }
    let fresh: [u8; 32] = rand::random();
    crate::on_backend!(conn, |inner| diesel::insert_into(
        analytics_day_salts::table
    )
    .values((
        analytics_day_salts::local_date.eq(date),
        analytics_day_salts::salt.eq(fresh.as_slice()),
    ))
    .on_conflict_do_nothing()
    .execute(inner))?;
    let stored: Vec<u8> = analytics_day_salts::table
        .find(date)
        .select(analytics_day_salts::salt)
        .first(conn)?;
    let salt: [u8; 32] = stored
        .try_into()
        .map_err(|_| diesel::result::Error::DeserializationError("salt length".into()))?;
    staged.salts.push((date.to_owned(), salt));
    Ok(salt)
}

fn visitor_hash(salt: &[u8; 32], visit: &Visit) -> VisitorHash {
    let mut mac = Hmac::<Sha256>::new_from_slice(salt).expect("HMAC takes any key length");
    mac.update(visit.source.retailer_id.as_bytes());
    mac.update(b"|");
    mac.update(visit.client.to_string().as_bytes());
    mac.update(b"|");
    mac.update(visit.user_agent.as_deref().unwrap_or("").as_bytes());
    mac.finalize().into_bytes().into()
}

/// (retailer, local date, channel, source id) of an `analytics_source_days` row.
type DayKey<'a> = (&'a str, NaiveDate, &'a str, &'a str);
/// (retailer, local date, hour, channel, poster, placement) of an `analytics_hours` row.
type HourKey<'a> = (&'a str, NaiveDate, u32, &'a str, &'a str, &'a str);

/// Applies a batch of visits to the rollups, in the caller's transaction; what it wrote
/// is handed back for [`Rollups::commit`] once that commits. Every visit is a scan;
/// `page_view` ones also rendered a page.
pub fn apply(
    conn: &mut DbConnection,
    rollups: &Rollups,
    visits: &[Visit],
) -> Result<Staged, DomainError> {
    let mut staged = Staged::default();
    // Keyed by references into `visits`; sorted maps fix the order rows are locked in.
    let mut days: BTreeMap<DayKey<'_>, (&Source, Counts)> = BTreeMap::new();
    let mut hours: BTreeMap<HourKey<'_>, (&Source, Counts)> = BTreeMap::new();
    // One entry per visitor, source, day and hour: repeats need no second hash of scopes.
    let mut seen: HashSet<(*const Source, NaiveDate, u32, VisitorHash)> = HashSet::new();
    let mut marks: BTreeSet<Mark> = BTreeSet::new();
    for visit in visits {
        let source = visit.source.as_ref();
        let (date, hour) = local_date_hour(source.tz, visit.at);
        let add = |counts: &mut Counts| {
            counts.scans += 1;
            counts.page_views += i64::from(visit.page_view);
        };
        add(&mut days
            .entry((
                source.retailer_id.as_str(),
                date,
                source.channel,
                source.source_id.as_str(),
            ))
            .or_insert((source, Counts::default()))
            .1);
        add(&mut hours
            .entry((
                source.retailer_id.as_str(),
                date,
                hour,
                source.channel,
                source.poster_id.as_deref().unwrap_or(""),
                source.placement_id.as_deref().unwrap_or(""),
            ))
            .or_insert((source, Counts::default()))
            .1);
        let day = date_key(date);
        let salt = day_salt(conn, rollups, &mut staged, &day)?;
        let hash = visitor_hash(&salt, visit);
        if !seen.insert((std::ptr::from_ref(source), date, hour, hash)) {
            continue;
        }
        for scope in scopes(source, hour) {
            let mark = (source.retailer_id.clone(), day.clone(), scope, hash);
            if !rollups.marks.contains(&mark) {
                marks.insert(mark);
            }
        }
    }
    for ((_, date, ..), (source, counts)) in &days {
        upsert_source_day(conn, &source_day_row(source, *date, *counts))?;
    }
    for ((_, date, hour, ..), (source, counts)) in &hours {
        upsert_hour(conn, &hour_row(source, *date, *hour, *counts))?;
    }
    let mut new_visitors: BTreeMap<(&str, &str, &str), i64> = BTreeMap::new();
    for (retailer_id, date, scope, hash) in &marks {
        let inserted = crate::on_backend!(conn, |inner| diesel::insert_into(
            analytics_visitor_marks::table
        )
        .values((
            analytics_visitor_marks::retailer_id.eq(retailer_id),
            analytics_visitor_marks::local_date.eq(date),
            analytics_visitor_marks::scope.eq(scope),
            analytics_visitor_marks::visitor_hash.eq(hash.as_slice()),
        ))
        .on_conflict_do_nothing()
        .execute(inner))?;
        if inserted > 0 {
            *new_visitors.entry((retailer_id, date, scope)).or_default() += 1;
        }
    }
    for ((retailer_id, date, scope), visitors) in new_visitors {
        use analytics_uniques::dsl as t;
        crate::on_backend!(conn, |inner| diesel::insert_into(t::analytics_uniques)
            .values((
                t::retailer_id.eq(retailer_id),
                t::local_date.eq(date),
                t::scope.eq(scope),
                t::visitors.eq(visitors),
            ))
            .on_conflict((t::retailer_id, t::local_date, t::scope))
            .do_update()
            .set(t::visitors.eq(t::visitors + excluded(t::visitors)))
            .execute(inner))?;
    }
    staged.marks = marks.into_iter().collect();
    Ok(staged)
}

/// Forgets the salts and visitor marks of local dates before `before` (the sweeper passes
/// the day before the earliest date anywhere on Earth): a day's hashes can then never be
/// linked to anything. Returns the rows deleted.
pub fn forget_days_before(
    conn: &mut DbConnection,
    before: NaiveDate,
) -> Result<usize, DomainError> {
    let before = date_key(before);
    let marks = diesel::delete(
        analytics_visitor_marks::table.filter(analytics_visitor_marks::local_date.lt(&before)),
    )
    .execute(conn)?;
    let salts = diesel::delete(
        analytics_day_salts::table.filter(analytics_day_salts::local_date.lt(&before)),
    )
    .execute(conn)?;
    Ok(marks + salts)
}
