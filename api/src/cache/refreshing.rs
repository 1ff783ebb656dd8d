//! An in-memory cache that refreshes entries in the background instead of letting them
//! expire under load (used for resolved scan codes).
//!
//! No answer is older than the configured TTL. An entry expires at its TTL, but from
//! half the TTL on, the first lookup is told to refresh it in the background while it
//! is still served; only an entry nobody asked for in its second half expires and is
//! loaded on the request path. So under load no request waits for the database, and no
//! two requests reload the same key when its entry ages, which would otherwise put every
//! key's reload into the same instant of every TTL and into the latency tail.
//!
//! While the source is unavailable (the database is down), an entry past its TTL may
//! still be served, up to a stale limit, by a caller that tried to load it and could
//! not: [`Lookup::Expired`] hands it over for that purpose, and a failed refresh keeps
//! the entry instead of dropping it.
//!
//! Keys due for a refresh are gathered into batches, one load for many keys: a busy
//! service refreshes hundreds of keys a second, and one query each was most of what the
//! database did for it besides writing scan events (docs/performance.md).

use std::ops::Deref;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// A cached value with its age.
#[derive(Debug)]
pub struct Entry<V> {
    value: V,
    filled_at: Instant,
    refreshing: AtomicBool,
}

impl<V> Deref for Entry<V> {
    type Target = V;

    fn deref(&self) -> &V {
        &self.value
    }
}

/// What a lookup found.
#[derive(Debug)]
pub enum Lookup<V> {
    /// Answer with it.
    Serve(Arc<Entry<V>>),
    /// Answer with it, and refresh it: it is past half its TTL and this caller is the
    /// only one told so.
    ServeAndRefresh(Arc<Entry<V>>),
    /// Past its TTL but within the stale limit: load it on the request path, and answer
    /// with this entry only when the source cannot be reached.
    Expired(Arc<Entry<V>>),
    /// Nothing usable: load it on the request path.
    Miss,
}

/// Where the cache reads the time: the real clock in service, a hand-moved one in tests,
/// so that ageing is tested without waiting for it.
pub type Clock = Arc<dyn Fn() -> Instant + Send + Sync>;

/// The cache, keyed by string; a TTL of zero disables it.
pub struct RefreshingCache<V> {
    /// Holds the entries and bounds their number; it also drops them at the TTL, but the
    /// TTL is enforced by `lookup` against `clock`.
    entries: moka::sync::Cache<String, Arc<Entry<V>>>,
    ttl: Duration,
    stale_max: Duration,
    due: Mutex<Vec<String>>,
    clock: Clock,
}

impl<V> std::fmt::Debug for RefreshingCache<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefreshingCache")
            .field("ttl", &self.ttl)
            .field("stale_max", &self.stale_max)
            .finish_non_exhaustive()
    }
}

impl<V: Send + Sync + 'static> RefreshingCache<V> {
    /// A cache of at most `max_entries` whose entries are fresh for `ttl`, and may be
    /// served while the source is unavailable until they are `stale_max` old.
    pub fn new(ttl: Duration, stale_max: Duration, max_entries: u64) -> Self {
        Self::with_clock(ttl, stale_max, max_entries, Arc::new(Instant::now))
    }

    /// The same, ageing entries by `clock`.
    pub fn with_clock(ttl: Duration, stale_max: Duration, max_entries: u64, clock: Clock) -> Self {
        let stale_max = stale_max.max(ttl);
        Self {
            entries: moka::sync::Cache::builder()
                .max_capacity(if ttl.is_zero() { 0 } else { max_entries })
                .time_to_live(stale_max.max(Duration::from_millis(1)))
                .build(),
            ttl,
            stale_max,
            due: Mutex::new(Vec::new()),
            clock,
        }
    }

    /// How long a batch of refreshes gathers keys before it loads them: a tenth of the
    /// TTL, so a refresh that starts at half the TTL has finished long before expiry.
    pub fn refresh_gathering(&self) -> Duration {
        self.ttl / 10
    }

    /// Adds a key told to refresh (see [`Lookup::ServeAndRefresh`]) to the next batch.
    /// True when it opened that batch: the caller then takes it with
    /// [`Self::take_due`] after [`Self::refresh_gathering`].
    pub fn queue_refresh(&self, key: String) -> bool {
        let mut due = self.due();
        due.push(key);
        due.len() == 1
    }

    /// The keys gathered for refresh; the next queued key opens a new batch.
    pub fn take_due(&self) -> Vec<String> {
        std::mem::take(&mut *self.due())
    }

    fn due(&self) -> MutexGuard<'_, Vec<String>> {
        self.due.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Looks a key up.
    pub fn lookup(&self, key: &str) -> Lookup<V> {
        let Some(entry) = self.entries.get(key) else {
            return Lookup::Miss;
        };
        let age = (self.clock)().saturating_duration_since(entry.filled_at);
        if age >= self.stale_max {
            return Lookup::Miss;
        }
        if age >= self.ttl {
            // A refresh that failed left the flag set; the caller now loads it itself.
            entry.refreshing.store(false, Ordering::Release);
            return Lookup::Expired(entry);
        }
        let stale = age >= self.ttl / 2;
        if stale && !entry.refreshing.swap(true, Ordering::AcqRel) {
            Lookup::ServeAndRefresh(entry)
        } else {
            Lookup::Serve(entry)
        }
    }

    /// Stores a freshly loaded value (kept only when the cache is enabled).
    pub fn insert(&self, key: String, value: V) -> Arc<Entry<V>> {
        let entry = Arc::new(Entry {
            value,
            filled_at: (self.clock)(),
            refreshing: AtomicBool::new(false),
        });
        if !self.ttl.is_zero() {
            self.entries.insert(key, entry.clone());
        }
        entry
    }

    /// Lets the next lookup of a fresh but ageing entry ask for its refresh again, after
    /// a refresh that failed.
    pub fn refresh_failed(&self, key: &str) {
        if let Some(entry) = self.entries.get(key) {
            entry.refreshing.store(false, Ordering::Release);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cache with a TTL of an hour (so the real clock never ages it during a test) and
    /// a clock the test moves by hand.
    fn cache_with_clock() -> (RefreshingCache<i32>, impl Fn(Duration)) {
        let now = Arc::new(Mutex::new(Instant::now()));
        let read = now.clone();
        let clock: Clock = Arc::new(move || *read.lock().expect("clock"));
        let advance = move |by: Duration| *now.lock().expect("clock") += by;
        (
            RefreshingCache::with_clock(
                Duration::from_secs(3600),
                Duration::from_secs(3 * 3600),
                10,
                clock,
            ),
            advance,
        )
    }

    const MINUTE: Duration = Duration::from_secs(60);

    fn kind<V>(lookup: &Lookup<V>) -> &'static str {
        match lookup {
            Lookup::Serve(_) => "serve",
            Lookup::ServeAndRefresh(_) => "refresh",
            Lookup::Expired(_) => "expired",
            Lookup::Miss => "miss",
        }
    }

    #[test]
    fn an_aged_entry_is_served_and_refreshed_by_one_caller_then_expires() {
        let (cache, advance) = cache_with_clock();
        assert_eq!(kind(&cache.lookup("A")), "miss");
        cache.insert("A".into(), 1);
        assert_eq!(kind(&cache.lookup("A")), "serve");
        advance(29 * MINUTE);
        assert_eq!(kind(&cache.lookup("A")), "serve", "young: just served");
        advance(MINUTE);
        let lookups: Vec<_> = (0..5).map(|_| kind(&cache.lookup("A"))).collect();
        assert_eq!(lookups, ["refresh", "serve", "serve", "serve", "serve"]);
        advance(29 * MINUTE);
        assert_eq!(kind(&cache.lookup("A")), "serve");
        advance(MINUTE);
        assert_eq!(
            kind(&cache.lookup("A")),
            "expired",
            "never served as fresh past the TTL"
        );
        advance(2 * 60 * MINUTE);
        assert_eq!(kind(&cache.lookup("A")), "miss", "nor past the stale limit");
    }

    #[test]
    fn a_failed_refresh_keeps_the_entry_and_lets_a_later_lookup_retry() {
        let (cache, advance) = cache_with_clock();
        cache.insert("A".into(), 1);
        advance(40 * MINUTE);
        assert_eq!(kind(&cache.lookup("A")), "refresh");
        assert_eq!(kind(&cache.lookup("A")), "serve");
        cache.refresh_failed("A");
        assert_eq!(kind(&cache.lookup("A")), "refresh", "asked again");
        advance(30 * MINUTE);
        let Lookup::Expired(stale) = cache.lookup("A") else {
            panic!("expected the stale entry");
        };
        assert_eq!(**stale, 1);
    }

    #[test]
    fn refreshes_are_gathered_into_batches() {
        let cache: RefreshingCache<u8> =
            RefreshingCache::new(Duration::from_millis(200), Duration::ZERO, 10);
        assert_eq!(cache.refresh_gathering(), Duration::from_millis(20));
        assert!(
            cache.queue_refresh("A".into()),
            "the first key opens a batch"
        );
        assert!(!cache.queue_refresh("B".into()), "later keys join it");
        assert_eq!(cache.take_due(), ["A", "B"]);
        assert!(cache.take_due().is_empty());
        assert!(cache.queue_refresh("C".into()), "after a take, a new batch");
    }

    #[test]
    fn a_refill_makes_the_entry_fresh_again() {
        let (cache, advance) = cache_with_clock();
        cache.insert("A".into(), 1);
        advance(40 * MINUTE);
        let Lookup::ServeAndRefresh(old) = cache.lookup("A") else {
            panic!("expected a refresh");
        };
        cache.insert("A".into(), **old + 1);
        let Lookup::Serve(new) = cache.lookup("A") else {
            panic!("expected a fresh entry");
        };
        assert_eq!(**new, 2);
        advance(40 * MINUTE);
        assert_eq!(kind(&cache.lookup("A")), "refresh", "aged from the refill");
    }

    #[test]
    fn a_zero_ttl_keeps_nothing() {
        let cache = RefreshingCache::new(Duration::ZERO, Duration::from_secs(60), 10);
        assert_eq!(**cache.insert("A".into(), 7), 7);
        assert_eq!(kind(&cache.lookup("A")), "miss");
    }
}
