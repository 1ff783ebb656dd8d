//! Applying visits to the rollups, in the transaction that stores their scan events. A
//! batch is aggregated in memory first, so a flush makes one upsert per rollup key, not
//! per event, in key order (two nodes flushing at once lock rows in the same order).
//!
//! Unique scanners: a visitor is the keyed hash HMAC-SHA256(salt of the local day,
//! retailer | client address | user agent). The salt is random per local date, shared by
//! every node through `analytics_day_salts` and deleted by the sweeper once the date is
//! past in every time zone, with the day's marks; neither the address nor the user agent
//! is stored. A mark per (day, scope, hash) is inserted if absent, and each new mark adds
//! one to the visitors of its scope's row of the day: the source's own day row, or the
//! row of one of its [`Scope`]s.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::upsert::excluded;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::{Scope, Source, Tally, Visit, date_key, local_date_hour};
use crate::db::DbConnection;
use crate::db::schema::{
    analytics_day_salts, analytics_scope_days, analytics_source_days, analytics_visitor_marks,
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
    visitors: i64,
}

#[derive(Insertable)]
#[diesel(table_name = analytics_scope_days)]
#[diesel(treat_none_as_default_value = false)]
struct ScopeDayRow<'a> {
    retailer_id: &'a str,
    dimension: &'static str,
    local_date: String,
    scope_key: &'a str,
    scans: i64,
    page_views: i64,
    add_to_carts: i64,
    visitors: i64,
}

#[derive(Insertable)]
#[diesel(table_name = analytics_visitor_marks)]
#[diesel(treat_none_as_default_value = false)]
struct MarkRow<'a> {
    retailer_id: &'a str,
    local_date: &'a str,
    scope: &'a str,
    visitor_hash: &'a [u8],
}

/// Rows per multi-row statement: far below either backend's parameter limit.
const ROWS_PER_STATEMENT: usize = 500;

fn upsert_source_days(conn: &mut DbConnection, rows: &[SourceDayRow<'_>]) -> QueryResult<()> {
    use analytics_source_days::dsl as t;
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        crate::on_backend!(conn, |inner| diesel::insert_into(t::analytics_source_days)
            .values(chunk)
            .on_conflict((t::retailer_id, t::local_date, t::channel, t::source_id))
            .do_update()
            .set((
                t::scans.eq(t::scans + excluded(t::scans)),
                t::page_views.eq(t::page_views + excluded(t::page_views)),
                t::add_to_carts.eq(t::add_to_carts + excluded(t::add_to_carts)),
                t::visitors.eq(t::visitors + excluded(t::visitors)),
            ))
            .execute(inner))?;
    }
    Ok(())
}

fn upsert_scope_days(conn: &mut DbConnection, rows: &[ScopeDayRow<'_>]) -> QueryResult<()> {
    use analytics_scope_days::dsl as t;
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        crate::on_backend!(conn, |inner| diesel::insert_into(t::analytics_scope_days)
            .values(chunk)
            .on_conflict((t::retailer_id, t::dimension, t::local_date, t::scope_key))
            .do_update()
            .set((
                t::scans.eq(t::scans + excluded(t::scans)),
                t::page_views.eq(t::page_views + excluded(t::page_views)),
                t::add_to_carts.eq(t::add_to_carts + excluded(t::add_to_carts)),
                t::visitors.eq(t::visitors + excluded(t::visitors)),
            ))
            .execute(inner))?;
    }
    Ok(())
}

/// Inserts the marks not yet stored and returns those it inserted: each is a new unique
/// scanner of its scope and day.
fn insert_marks(
    conn: &mut DbConnection,
    marks: &BTreeSet<Mark>,
) -> QueryResult<Vec<(String, String, String)>> {
    use analytics_visitor_marks::dsl as t;
    let rows: Vec<MarkRow<'_>> = marks
        .iter()
        .map(|(retailer_id, local_date, scope, hash)| MarkRow {
            retailer_id,
            local_date,
            scope,
            visitor_hash: hash.as_slice(),
        })
        .collect();
    let mut inserted = Vec::new();
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let new: Vec<(String, String, String)> =
            crate::on_backend!(conn, |inner| diesel::insert_into(
                t::analytics_visitor_marks
            )
            .values(chunk)
            .on_conflict_do_nothing()
            .returning((t::retailer_id, t::local_date, t::scope))
            .get_results(inner))?;
        inserted.extend(new);
    }
    Ok(inserted)
}

/// Counts one add-to-cart of `source` at `at`, in the caller's (the cart write's)
/// transaction.
pub fn count_add_to_cart(
    conn: &mut DbConnection,
    source: &Source,
    at: NaiveDateTime,
) -> Result<(), DomainError> {
    let (date, hour) = local_date_hour(source.tz, at);
    let counts = Tally {
        add_to_carts: 1,
        ..Tally::default()
    };
    let scopes = Scope::all_of(source, hour);
    upsert_source_days(conn, &[source_day_row(source, date, counts)])?;
    let rows: Vec<ScopeDayRow<'_>> = scopes
        .iter()
        .map(|scope| scope_day_row(&source.retailer_id, date, scope, counts))
        .collect();
    upsert_scope_days(conn, &rows)?;
    Ok(())
}

fn source_day_row(source: &Source, date: NaiveDate, counts: Tally) -> SourceDayRow<'_> {
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
        visitors: counts.visitors,
    }
}

fn scope_day_row<'a>(
    retailer_id: &'a str,
    date: NaiveDate,
    scope: &'a Scope,
    counts: Tally,
) -> ScopeDayRow<'a> {
    ScopeDayRow {
        retailer_id,
        dimension: scope.dimension.as_str(),
        local_date: date_key(date),
        scope_key: &scope.key,
        scans: counts.scans,
        page_views: counts.page_views,
        add_to_carts: counts.add_to_carts,
        visitors: counts.visitors,
    }
}

/// The mark scope of a source's own unique scanners.
fn source_mark(source: &Source) -> String {
    format!("source:{}:{}", source.channel, source.source_id)
}

/// The mark scope of a dimension's key.
fn scope_mark(scope: &Scope) -> String {
    format!("{}:{}", scope.dimension.as_str(), scope.key)
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
/// (retailer, local date, scope) of an `analytics_scope_days` row.
type ScopeDayKey<'a> = (&'a str, NaiveDate, Scope);

/// The row a new mark adds a unique scanner to.
enum Counted<'a> {
    Source(DayKey<'a>),
    Scope(ScopeDayKey<'a>),
}

/// Applies a batch of visits to the rollups, in the caller's transaction; what it wrote
/// is handed back for [`Rollups::commit`] once that commits. A visit from a printed code
/// is a scan ([`Visit::is_scan`]); `page_view` ones rendered a page.
pub fn apply(
    conn: &mut DbConnection,
    rollups: &Rollups,
    visits: &[Visit],
) -> Result<Staged, DomainError> {
    let mut staged = Staged::default();
    // Keyed by references into `visits`; sorted maps fix the order rows are locked in.
    let mut days: BTreeMap<DayKey<'_>, (&Source, Tally)> = BTreeMap::new();
    let mut scope_days: BTreeMap<ScopeDayKey<'_>, Tally> = BTreeMap::new();
    let mut marks: BTreeSet<Mark> = BTreeSet::new();
    let mut counted: HashMap<(String, String, String), Counted<'_>> = HashMap::new();
    // Per visit only its local day and hour, its visitor's hash and two hash-map updates:
    // the writer runs beside the request handlers, so the scopes of a (source, day, hour)
    // are expanded once per batch, not once per visit.
    type Group = (*const Source, NaiveDate, u32);
    let mut groups: HashMap<Group, (&Source, Tally)> = HashMap::new();
    let mut salts: HashMap<NaiveDate, [u8; 32]> = HashMap::new();
    // One entry per visitor, source, day and hour: repeats need no second set of marks.
    let mut visitors: HashSet<(Group, VisitorHash)> = HashSet::new();
    for visit in visits {
        let source = visit.source.as_ref();
        let (date, hour) = local_date_hour(source.tz, visit.at);
        let group = (std::ptr::from_ref(source), date, hour);
        groups
            .entry(group)
            .or_insert((source, Tally::default()))
            .1
            .add(Tally {
                scans: i64::from(visit.is_scan()),
                page_views: i64::from(visit.page_view),
                ..Tally::default()
            });
        let salt = match salts.get(&date) {
            Some(salt) => *salt,
            None => {
                let salt = day_salt(conn, rollups, &mut staged, &date_key(date))?;
                salts.insert(date, salt);
                salt
            }
        };
        visitors.insert((group, visitor_hash(&salt, visit)));
    }
    for ((_, date, hour), (source, counts)) in &groups {
        let retailer = source.retailer_id.as_str();
        days.entry((retailer, *date, source.channel, source.source_id.as_str()))
            .or_insert((source, Tally::default()))
            .1
            .add(*counts);
        for scope in Scope::all_of(source, *hour) {
            scope_days
                .entry((retailer, *date, scope))
                .or_default()
                .add(*counts);
        }
    }
    for (group, hash) in &visitors {
        let (_, date, hour) = *group;
        let Some((source, _)) = groups.get(group) else {
            continue;
        };
        let retailer = source.retailer_id.as_str();
        let day = date_key(date);
        let day_key = (retailer, date, source.channel, source.source_id.as_str());
        let targets = Scope::all_of(source, hour)
            .into_iter()
            .map(|scope| (scope_mark(&scope), Counted::Scope((retailer, date, scope))))
            .chain([(source_mark(source), Counted::Source(day_key))]);
        for (scope, target) in targets {
            let mark = (retailer.to_owned(), day.clone(), scope, *hash);
            if !rollups.marks.contains(&mark) {
                counted
                    .entry((mark.0.clone(), mark.1.clone(), mark.2.clone()))
                    .or_insert(target);
                marks.insert(mark);
            }
        }
    }
    for key in insert_marks(conn, &marks)? {
        match counted.get(&key) {
            Some(Counted::Source(day_key)) => {
                if let Some((_, counts)) = days.get_mut(day_key) {
                    counts.visitors += 1;
                }
            }
            Some(Counted::Scope(scope_key)) => {
                if let Some(counts) = scope_days.get_mut(scope_key) {
                    counts.visitors += 1;
                }
            }
            None => {}
        }
    }
    let day_rows: Vec<SourceDayRow<'_>> = days
        .iter()
        .map(|((_, date, ..), (source, counts))| source_day_row(source, *date, *counts))
        .collect();
    upsert_source_days(conn, &day_rows)?;
    let scope_rows: Vec<ScopeDayRow<'_>> = scope_days
        .iter()
        .map(|((retailer, date, scope), counts)| scope_day_row(retailer, *date, scope, *counts))
        .collect();
    upsert_scope_days(conn, &scope_rows)?;
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
