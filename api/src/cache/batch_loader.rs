//! Loads keys that missed a cache in batches, one load at a time (used for scan codes).
//!
//! Keys asked for while a load runs wait for the next load, which takes all of them;
//! callers asking for the same key share its load. A cold cache under load (a restart,
//! a new poster) therefore costs the database a few queries for many keys instead of one
//! query per request: on PostgreSQL each of those queries would also wake a pooled
//! connection that has yet to read the tables' catalogue, and that work is what stalled
//! the first tens of milliseconds of scans (docs/performance.md). An idle service pays
//! nothing for this: a lone miss starts its load at once.

use std::collections::HashMap;
use std::fmt::Debug;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::oneshot;

/// What a caller waiting for a key gets: its value, `None` when the load found none, or
/// [`BatchFailed`].
pub type Loaded<V> = Result<Option<V>, BatchFailed>;

/// The load that should have brought a key failed; the loader logged why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BatchFailed {
    /// The source could not be reached; a later load may work, and a stale value may
    /// stand in meanwhile.
    #[error("the source of the batch is unavailable")]
    Unavailable,
    /// Anything else: the load's own fault, a panic, a shutdown.
    #[error("loading a batch of keys failed")]
    Failed,
}

/// Tells a load error that a later attempt may succeed from one that will not.
pub trait Transient {
    /// True when the source could not be reached just now.
    fn is_transient(&self) -> bool;
}

/// Gathers missed keys into batches and hands each caller its key's outcome.
pub struct BatchLoader<V> {
    queue: Mutex<Queue<V>>,
    max_batch: usize,
}

/// The callers waiting for one key.
type Waiters<V> = Vec<oneshot::Sender<Loaded<V>>>;

struct Queue<V> {
    waiting: HashMap<String, Waiters<V>>,
    loading: bool,
}

impl<V> Debug for BatchLoader<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchLoader")
            .field("max_batch", &self.max_batch)
            .finish_non_exhaustive()
    }
}

impl<V: Clone + 'static> BatchLoader<V> {
    /// A loader that asks for at most `max_batch` keys per load.
    pub fn new(max_batch: usize) -> Self {
        Self {
            queue: Mutex::new(Queue {
                waiting: HashMap::new(),
                loading: false,
            }),
            max_batch: max_batch.max(1),
        }
    }

    /// The value of `key`, from the next load. When no load is running this call starts
    /// a task (on the current actix runtime) that runs `load_batch` until no key waits;
    /// `load_batch` gets distinct keys and answers those it found.
    pub async fn load<F, Fut, E>(self: &Arc<Self>, key: String, load_batch: F) -> Loaded<V>
    where
        F: FnMut(Vec<String>) -> Fut + 'static,
        Fut: Future<Output = Result<HashMap<String, V>, E>> + 'static,
        E: Debug + Transient + 'static,
    {
        let (sender, receiver) = oneshot::channel();
        let starts_loading = {
            let mut queue = self.lock();
            queue.waiting.entry(key).or_default().push(sender);
            !std::mem::replace(&mut queue.loading, true)
        };
        if starts_loading {
            // A task of its own, not this caller's future: a caller that goes away (a
            // client disconnecting) must not strand the keys others wait for.
            actix_web::rt::spawn(Arc::clone(self).load_until_idle(load_batch));
        }
        receiver.await.unwrap_or(Err(BatchFailed::Failed))
    }

    async fn load_until_idle<F, Fut, E>(self: Arc<Self>, mut load_batch: F)
    where
        F: FnMut(Vec<String>) -> Fut,
        Fut: Future<Output = Result<HashMap<String, V>, E>>,
        E: Debug + Transient,
    {
        let mut stopped_early = StopsLoadingOnDrop(Some(&self));
        while let Some(batch) = self.next_batch() {
            let keys = batch.iter().map(|(key, _)| key.clone()).collect::<Vec<_>>();
            let count = keys.len();
            let outcome = load_batch(keys).await.map_err(|error| {
                tracing::error!(?error, keys = count, "batch load failed");
                if error.is_transient() {
                    BatchFailed::Unavailable
                } else {
                    BatchFailed::Failed
                }
            });
            for (key, senders) in batch {
                let loaded = outcome.as_ref().map(|found| found.get(&key).cloned());
                for sender in senders {
                    // A receiver is gone when its caller went away; nothing to tell it.
                    let _ = sender.send(loaded.clone().map_err(|&failed| failed));
                }
            }
        }
        // `next_batch` ended the loading under the lock that saw the queue empty.
        stopped_early.0 = None;
    }

    /// Takes up to `max_batch` waiting keys, or ends the loading when none wait.
    fn next_batch(&self) -> Option<Vec<(String, Waiters<V>)>> {
        let mut queue = self.lock();
        if queue.waiting.is_empty() {
            queue.loading = false;
            return None;
        }
        let keys = queue
            .waiting
            .keys()
            .take(self.max_batch)
            .cloned()
            .collect::<Vec<_>>();
        Some(
            keys.into_iter()
                .filter_map(|key| queue.waiting.remove_entry(&key))
                .collect(),
        )
    }

    fn lock(&self) -> MutexGuard<'_, Queue<V>> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Ends the loading when a loader task stops before the queue is empty: its batch panicked,
/// or its runtime shut down. Otherwise later misses would queue behind a load that never
/// comes; the callers already waiting are told it failed.
struct StopsLoadingOnDrop<'a, V>(Option<&'a BatchLoader<V>>);

impl<V> Drop for StopsLoadingOnDrop<'_, V> {
    fn drop(&mut self) {
        if let Some(loader) = self.0 {
            let mut queue = loader.queue.lock().unwrap_or_else(PoisonError::into_inner);
            queue.loading = false;
            queue.waiting.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;
    use std::time::Duration;

    use super::*;

    type TestLoad =
        std::pin::Pin<Box<dyn Future<Output = Result<HashMap<String, usize>, &'static str>>>>;

    /// The test loads fail only as an unreachable source would.
    impl Transient for &'static str {
        fn is_transient(&self) -> bool {
            true
        }
    }

    /// Loads keys of one or two letters (each key's value is its length), recording each
    /// batch it was asked for; with `fail` every load fails.
    fn recording_loader(
        batches: &Rc<RefCell<Vec<Vec<String>>>>,
        fail: bool,
    ) -> impl FnMut(Vec<String>) -> TestLoad + 'static {
        let batches = Rc::clone(batches);
        move |mut keys: Vec<String>| {
            keys.sort();
            batches.borrow_mut().push(keys.clone());
            Box::pin(async move {
                actix_web::rt::time::sleep(Duration::from_millis(30)).await;
                if fail {
                    return Err("database unreachable");
                }
                Ok(keys
                    .into_iter()
                    .filter(|key| key.len() <= 2)
                    .map(|key| (key.clone(), key.len()))
                    .collect())
            })
        }
    }

    #[actix_web::test]
    async fn misses_during_a_load_share_the_next_one() {
        let loader = Arc::new(BatchLoader::new(100));
        let batches = Rc::new(RefCell::new(Vec::new()));
        let first = loader.load("A".into(), recording_loader(&batches, false));
        let (first, _) = futures_util::future::join(first, async {
            actix_web::rt::time::sleep(Duration::from_millis(10)).await;
            let later = ["BB", "A", "CCC", "BB", "D"]
                .map(|key| loader.load(key.into(), recording_loader(&batches, false)));
            let outcomes = futures_util::future::join_all(later).await;
            assert_eq!(
                outcomes,
                [Ok(Some(2)), Ok(Some(1)), Ok(None), Ok(Some(2)), Ok(Some(1))],
                "each caller gets its own key; a key the load did not find is None"
            );
        })
        .await;
        assert_eq!(first, Ok(Some(1)));
        assert_eq!(
            *batches.borrow(),
            [vec!["A"], vec!["A", "BB", "CCC", "D"]],
            "a lone miss loads at once; those arriving meanwhile wait and load together, \
             each key once"
        );
    }

    #[actix_web::test]
    async fn batches_are_capped() {
        let loader = Arc::new(BatchLoader::new(2));
        let batches = Rc::new(RefCell::new(Vec::new()));
        let keys = ["A", "B", "C", "D", "E"];
        let outcomes = futures_util::future::join_all(
            keys.map(|key| loader.load(key.into(), recording_loader(&batches, false))),
        )
        .await;
        assert!(outcomes.iter().all(|outcome| *outcome == Ok(Some(1))));
        let sizes = batches.borrow().iter().map(Vec::len).collect::<Vec<_>>();
        assert_eq!(sizes, [2, 2, 1]);
    }

    #[actix_web::test]
    async fn a_failed_load_fails_its_callers_and_the_next_load_runs() {
        let loader = Arc::new(BatchLoader::new(100));
        let batches = Rc::new(RefCell::new(Vec::new()));
        let failed = futures_util::future::join_all(
            ["A", "B"].map(|key| loader.load(key.into(), recording_loader(&batches, true))),
        )
        .await;
        assert_eq!(
            failed,
            [Err(BatchFailed::Unavailable), Err(BatchFailed::Unavailable)]
        );
        let again = loader
            .load("A".into(), recording_loader(&batches, false))
            .await;
        assert_eq!(again, Ok(Some(1)), "a failure is not remembered");
    }

    #[actix_web::test]
    async fn a_panicking_load_fails_its_callers_and_does_not_stop_later_loads() {
        let loader = Arc::new(BatchLoader::<usize>::new(100));
        let panicking = |_keys: Vec<String>| -> TestLoad {
            Box::pin(async {
                actix_web::rt::time::sleep(Duration::from_millis(30)).await;
                panic!("a bug in the batch load")
            })
        };
        let waiting = futures_util::future::join_all(
            ["A", "B"].map(|key| loader.load(key.into(), panicking)),
        )
        .await;
        assert_eq!(
            waiting,
            [Err(BatchFailed::Failed), Err(BatchFailed::Failed)]
        );
        let batches = Rc::new(RefCell::new(Vec::new()));
        let later = actix_web::rt::time::timeout(
            Duration::from_secs(5),
            loader.load("C".into(), recording_loader(&batches, false)),
        )
        .await;
        assert_eq!(later, Ok(Ok(Some(1))), "a new load starts");
    }
}
