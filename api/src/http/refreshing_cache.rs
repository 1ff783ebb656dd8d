//! An in-memory cache that refreshes entries in the background instead of letting them
//! expire under load (used for resolved scan codes).
//!
//! Entries are fresh for the configured TTL. After that, the first lookup gets the stale
//! entry at once and is told to refresh it; only an entry left unrefreshed for twice the
//! TTL expires and is loaded on the request path. So under load no request waits for the
//! database, and no two requests reload the same key when its entry ages, which would
//! otherwise put every key's reload into the same instant of every TTL and into the
//! latency tail.

use std::ops::Deref;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
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
    /// Answer with it, and refresh it: it is past its TTL and this caller is the only
    /// one told so.
    ServeAndRefresh(Arc<Entry<V>>),
    /// Nothing usable: load it on the request path.
    Miss,
}

/// The cache, keyed by string; a TTL of zero disables it.
pub struct RefreshingCache<V> {
    entries: moka::sync::Cache<String, Arc<Entry<V>>>,
    fresh_for: Duration,
}

impl<V> std::fmt::Debug for RefreshingCache<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefreshingCache")
            .field("fresh_for", &self.fresh_for)
            .finish_non_exhaustive()
    }
}

impl<V: Send + Sync + 'static> RefreshingCache<V> {
    /// A cache whose entries are fresh for `fresh_for` and expire after twice that.
    pub fn new(fresh_for: Duration, max_entries: u64) -> Self {
        Self {
            entries: moka::sync::Cache::builder()
                .max_capacity(if fresh_for.is_zero() { 0 } else { max_entries })
                .time_to_live((fresh_for * 2).max(Duration::from_millis(1)))
                .build(),
            fresh_for,
        }
    }

    /// Looks a key up.
    pub fn lookup(&self, key: &str) -> Lookup<V> {
        let Some(entry) = self.entries.get(key) else {
            return Lookup::Miss;
        };
        let stale = entry.filled_at.elapsed() >= self.fresh_for;
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
            filled_at: Instant::now(),
            refreshing: AtomicBool::new(false),
        });
        if !self.fresh_for.is_zero() {
            self.entries.insert(key, entry.clone());
        }
        entry
    }

    /// Forgets a key whose refresh failed, so the next lookup loads it on the request path.
    pub fn forget(&self, key: &str) {
        self.entries.invalidate(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind<V>(lookup: &Lookup<V>) -> &'static str {
        match lookup {
            Lookup::Serve(_) => "serve",
            Lookup::ServeAndRefresh(_) => "refresh",
            Lookup::Miss => "miss",
        }
    }

    #[test]
    fn an_aged_entry_is_served_and_refreshed_by_one_caller_then_expires() {
        let cache = RefreshingCache::new(Duration::from_millis(100), 10);
        assert_eq!(kind(&cache.lookup("A")), "miss");
        cache.insert("A".into(), 1);
        assert_eq!(kind(&cache.lookup("A")), "serve");
        std::thread::sleep(Duration::from_millis(120));
        let lookups: Vec<_> = (0..5).map(|_| kind(&cache.lookup("A"))).collect();
        assert_eq!(lookups, ["refresh", "serve", "serve", "serve", "serve"]);
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(
            kind(&cache.lookup("A")),
            "miss",
            "expires after twice the TTL"
        );
    }

    #[test]
    fn a_refill_makes_the_entry_fresh_again() {
        let cache = RefreshingCache::new(Duration::from_millis(100), 10);
        cache.insert("A".into(), 1);
        std::thread::sleep(Duration::from_millis(120));
        let Lookup::ServeAndRefresh(old) = cache.lookup("A") else {
            panic!("expected a refresh");
        };
        cache.insert("A".into(), **old + 1);
        let Lookup::Serve(new) = cache.lookup("A") else {
            panic!("expected a fresh entry");
        };
        assert_eq!(**new, 2);
    }

    #[test]
    fn a_zero_ttl_keeps_nothing() {
        let cache = RefreshingCache::new(Duration::ZERO, 10);
        assert_eq!(**cache.insert("A".into(), 7), 7);
        assert_eq!(kind(&cache.lookup("A")), "miss");
    }

    #[test]
    fn a_forgotten_key_misses() {
        let cache = RefreshingCache::new(Duration::from_secs(60), 10);
        cache.insert("A".into(), 1);
        cache.forget("A");
        assert_eq!(kind(&cache.lookup("A")), "miss");
    }
}
