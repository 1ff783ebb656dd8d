//! Throttles every node shares, counted in the database: logins per account and per client
//! address, so password guessing is slow whether it targets one account from many places
//! or many accounts from one place, and registrations per client address.
//!
//! Each budget is a generic cell rate algorithm (GCRA) bucket: a burst of `N` attempts
//! that refills evenly over the period, one attempt every `period / N`. A bucket is one
//! row of `rate_limit_buckets` holding its theoretical arrival time, the moment (ms since
//! the epoch) at which it is empty again; an attempt fits while that moment, pushed one
//! interval further, stays within `N` intervals of now. The rows an attempt reads are
//! locked until it has written them back (SQLite's write lock, taken up front; PostgreSQL's
//! row locks, always in key order), so attempts racing on several nodes are counted one
//! after another. A refused attempt counts against none of its buckets.
//!
//! The clock is each node's own: skew between nodes well below the refill interval (NTP)
//! changes nothing that matters at a minute's or an hour's scale.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::schema::rate_limit_buckets as buckets;
use crate::db::{DbConnection, write_transaction};
use crate::domain::DomainError;

/// A budget of `burst` attempts, refilled evenly over a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Time one attempt takes to refill, in ms.
    interval_ms: i64,
    /// Attempts that fit at once.
    burst: i64,
}

impl Rate {
    /// `burst` attempts per `period`.
    pub fn new(burst: NonZeroU32, period: Duration) -> Self {
        // Rounded up, so the budget never exceeds what the setting promises.
        let interval_ms = period.as_millis().div_ceil(u128::from(burst.get())).max(1);
        Self {
            interval_ms: i64::try_from(interval_ms).unwrap_or(i64::MAX),
            burst: i64::from(burst.get()),
        }
    }
}

/// One attempt against a bucket that is empty again at `empty_at_ms`: the bucket's new
/// empty time if the attempt fits, else the whole seconds to wait until one would.
pub fn admit(empty_at_ms: i64, now_ms: i64, rate: Rate) -> Result<i64, u64> {
    let empty_at = empty_at_ms.max(now_ms).saturating_add(rate.interval_ms);
    let fits_from = empty_at.saturating_sub(rate.burst.saturating_mul(rate.interval_ms));
    if fits_from <= now_ms {
        Ok(empty_at)
    } else {
        let wait_ms = u64::try_from(fits_from - now_ms).unwrap_or(u64::MAX);
        Err(wait_ms.div_ceil(1000))
    }
}

/// The throttles consulted before logins and registrations.
#[derive(Debug, Clone)]
pub struct Throttles {
    login_per_account: Rate,
    login_per_address: Rate,
    registrations_per_address: Rate,
}

impl Throttles {
    /// Allows `login_per_account` attempts per email and `login_per_address` per client
    /// address each minute, and `registrations_per_address` registrations per client
    /// address each hour.
    pub fn new(
        login_per_account: NonZeroU32,
        login_per_address: NonZeroU32,
        registrations_per_address: NonZeroU32,
    ) -> Self {
        const MINUTE: Duration = Duration::from_secs(60);
        Self {
            login_per_account: Rate::new(login_per_account, MINUTE),
            login_per_address: Rate::new(login_per_address, MINUTE),
            registrations_per_address: Rate::new(registrations_per_address, 60 * MINUTE),
        }
    }

    /// Counts one login attempt for `email` from `address`; `RateLimited` when either
    /// budget is spent.
    pub fn login(
        &self,
        conn: &mut DbConnection,
        email: &str,
        address: IpAddr,
        now: NaiveDateTime,
    ) -> Result<(), DomainError> {
        // Hashed: a login accepts any string as the email, and a key must fit an index
        // and PostgreSQL's text (which refuses NUL). Normalised as accounts are looked up.
        let account = Sha256::digest(email.trim().to_lowercase());
        take(
            conn,
            now,
            vec![
                (format!("login:account:{account:x}"), self.login_per_account),
                (
                    format!("login:address:{}", address_key(address)),
                    self.login_per_address,
                ),
            ],
        )
    }

    /// Counts one registration from `address`; `RateLimited` when its budget is spent.
    pub fn registration(
        &self,
        conn: &mut DbConnection,
        address: IpAddr,
        now: NaiveDateTime,
    ) -> Result<(), DomainError> {
        take(
            conn,
            now,
            vec![(
                format!("register:address:{}", address_key(address)),
                self.registrations_per_address,
            )],
        )
    }
}

/// Deletes the buckets that are empty at `now`: a missing row is an empty bucket, so this
/// forgets nothing.
pub fn purge_spent(conn: &mut DbConnection, now: NaiveDateTime) -> Result<usize, DomainError> {
    let now_ms = now.and_utc().timestamp_millis();
    Ok(diesel::delete(buckets::table.filter(buckets::empty_at_ms.lt(now_ms))).execute(conn)?)
}

/// The part of an address one client controls: an IPv6 client usually has a whole /64 to
/// pick addresses from, so its budget is the network's.
fn address_key(address: IpAddr) -> String {
    match address {
        IpAddr::V4(_) => address.to_string(),
        IpAddr::V6(_) => ipnet::IpNet::new(address, 64)
            .map_or_else(|_| address.to_string(), |net| net.trunc().to_string()),
    }
}

/// Counts one attempt against every bucket, all or none: the rows are locked in key
/// order (so two attempts sharing buckets never wait on each other in a cycle), and a
/// refusal rolls every change back.
fn take(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    mut attempt: Vec<(String, Rate)>,
) -> Result<(), DomainError> {
    let now_ms = now.and_utc().timestamp_millis();
    attempt.sort_by(|a, b| a.0.cmp(&b.0));
    write_transaction(conn, |conn| {
        let mut refilled = Vec::with_capacity(attempt.len());
        let mut wait_secs = None;
        for (key, rate) in &attempt {
            match admit(lock(conn, key, now_ms)?, now_ms, *rate) {
                Ok(empty_at) => refilled.push((key, empty_at)),
                Err(secs) => wait_secs = wait_secs.max(Some(secs)),
            }
        }
        if let Some(secs) = wait_secs {
            return Err(DomainError::RateLimited {
                retry_after_secs: secs,
            });
        }
        for (key, empty_at) in refilled {
            crate::on_backend!(conn, |inner| diesel::insert_into(buckets::table)
                .values((
                    buckets::bucket_key.eq(key),
                    buckets::empty_at_ms.eq(empty_at)
                ))
                .on_conflict(buckets::bucket_key)
                .do_update()
                .set(buckets::empty_at_ms.eq(empty_at))
                .execute(inner))?;
        }
        Ok(())
    })
}

/// The bucket's empty time (`now_ms` for a bucket without a row), its row locked until
/// the transaction ends.
fn lock(conn: &mut DbConnection, key: &str, now_ms: i64) -> QueryResult<i64> {
    match conn {
        // Insert-or-lock in one statement: a no-op update locks an existing row, and a
        // missing one is created (and locked) atomically however many nodes race for it.
        DbConnection::Postgresql(pg) => diesel::insert_into(buckets::table)
            .values((buckets::bucket_key.eq(key), buckets::empty_at_ms.eq(now_ms)))
            .on_conflict(buckets::bucket_key)
            .do_update()
            .set(buckets::empty_at_ms.eq(buckets::empty_at_ms))
            .returning(buckets::empty_at_ms)
            .get_result(pg),
        // The transaction already holds the database's write lock.
        DbConnection::Sqlite(sqlite) => Ok(buckets::table
            .find(key)
            .select(buckets::empty_at_ms)
            .first(sqlite)
            .optional()?
            .unwrap_or(now_ms)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn per_minute(burst: u32) -> Rate {
        Rate::new(
            NonZeroU32::new(burst).expect("non-zero"),
            Duration::from_secs(60),
        )
    }

    /// Runs attempts at the given times (ms) against one bucket that starts empty; the
    /// wait of each refused one, `0` for each that fits.
    fn waits(rate: Rate, times: &[i64]) -> Vec<u64> {
        let mut empty_at = 0;
        times
            .iter()
            .map(|&now| match admit(empty_at, now, rate) {
                Ok(next) => {
                    empty_at = next;
                    0
                }
                Err(wait) => wait,
            })
            .collect()
    }

    #[test]
    fn a_burst_fits_then_one_attempt_per_interval() {
        let start = 1_700_000_000_000;
        // Three per minute: one every 20 s once the burst of three is spent.
        assert_eq!(
            waits(per_minute(3), &[start, start, start, start, start + 1]),
            [0, 0, 0, 20, 20]
        );
        assert_eq!(
            waits(
                per_minute(3),
                &[
                    start,
                    start,
                    start,
                    start + 19_999,
                    start + 20_000,
                    start + 20_001
                ]
            ),
            [0, 0, 0, 1, 0, 20]
        );
    }

    #[test]
    fn refusals_do_not_push_the_bucket_further() {
        let start = 1_700_000_000_000;
        let mut times = vec![start; 3];
        times.extend([start + 1_000; 50]);
        times.push(start + 20_000);
        let waits = waits(per_minute(3), &times);
        assert!(waits[3..53].iter().all(|&w| w == 19));
        assert_eq!(waits[53], 0);
    }

    #[test]
    fn an_idle_bucket_refills_to_the_burst_and_no_further() {
        let start = 1_700_000_000_000;
        let later = start + 3_600_000;
        let times = [start, start, later, later, later, later];
        assert_eq!(waits(per_minute(3), &times), [0, 0, 0, 0, 0, 20]);
    }

    #[test]
    fn per_hour_budgets_wait_in_whole_seconds_rounded_up() {
        let rate = Rate::new(
            NonZeroU32::new(7).expect("non-zero"),
            Duration::from_secs(3600),
        );
        let start = 1_700_000_000_000;
        let times = [start; 8];
        // 3600 s / 7 = 514.29 s, rounded up to the ms.
        assert_eq!(waits(rate, &times)[7], 515);
        assert_eq!(waits(rate, &times)[..7], [0; 7]);
    }

    #[test]
    fn ipv6_clients_share_their_network_s_budget() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("address");
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().expect("address");
        let c: IpAddr = "2001:db8:1:3::1".parse().expect("address");
        assert_eq!(address_key(a), address_key(b));
        assert_ne!(address_key(a), address_key(c));
        assert_eq!(address_key("192.0.2.1".parse().expect("v4")), "192.0.2.1");
    }
}
