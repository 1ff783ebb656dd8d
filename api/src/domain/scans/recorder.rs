//! Writes scan events, and applies them to the analytics rollups, in batches on threads
//! of their own, so a scan answer never waits for an insert (nor for the visitor hashing).
//! Each writer has its own queue and visits are dealt to them in turn
//! (`events::writer_count` says how many a backend takes): not by client address, because
//! a carrier's NAT puts thousands of phones behind one. A visitor seen by both writers
//! costs at most one redundant mark insert per writer. Events are flushed every interval or when a batch fills, and on shutdown; a crash
//! loses at most the events of one interval (plus one 20 ms poll) while the writer keeps
//! up. When it falls a whole queue behind, recording waits for it: scans slow down
//! rather than go unrecorded. While the database is down, events wait in the queue and
//! go in once it is back; only when an outage outlasts the whole queue are new events
//! dropped (counted in the log), because a scan must still answer then.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TryRecvError, TrySendError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::events;
use crate::db::{Backend, DbPool};
use crate::domain::analytics::Visit;
use crate::domain::analytics::rollup::Rollups;

/// Events buffered before recording waits for the writer (about 20 MB with their user
/// agents).
const QUEUE_CAPACITY: usize = 100_000;
/// How often the writer looks at the queue. It polls rather than blocking on the
/// channel: a receiver blocked in `recv` is woken by every send, which at thousands of
/// scans a second cost a context switch and a contended lock per scan, on the request
/// path (a third of the server's CPU in a profile).
const POLL: Duration = Duration::from_millis(20);

enum Message {
    Event(Visit),
    Shutdown,
}

/// Handle to the recording threads.
#[derive(Debug)]
pub struct ScanRecorder {
    /// One queue per writer.
    senders: Vec<SyncSender<Message>>,
    /// The next visit's writer (modulo their number).
    turn: AtomicUsize,
    pool: DbPool,
    workers: Mutex<Vec<JoinHandle<()>>>,
}

impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Event(_) => "Event",
            Self::Shutdown => "Shutdown",
        })
    }
}

impl ScanRecorder {
    /// Starts the threads writing to `pool` (a pool of `backend`), each flushing at least
    /// every `interval`.
    pub fn start(pool: DbPool, backend: &Backend, interval: Duration) -> std::io::Result<Self> {
        let writers = events::writer_count(backend);
        let max_batch = events::batch_size(backend);
        let mut senders = Vec::with_capacity(writers);
        let mut workers = Vec::with_capacity(writers);
        for index in 0..writers {
            let (sender, receiver) = mpsc::sync_channel(QUEUE_CAPACITY / writers);
            let writer_pool = pool.clone();
            workers.push(
                std::thread::Builder::new()
                    .name(format!("scan-recorder-{index}"))
                    .spawn(move || run(&writer_pool, &receiver, interval, max_batch))?,
            );
            senders.push(sender);
        }
        Ok(Self {
            senders,
            turn: AtomicUsize::new(0),
            pool,
            workers: Mutex::new(workers),
        })
    }

    /// Queues an event for the next writer; waits only when that writer is a whole queue
    /// behind while the database answers.
    pub fn record(&self, event: Visit) {
        let turn = self.turn.fetch_add(1, Ordering::Relaxed);
        let sender = &self.senders[turn % self.senders.len()];
        let message = match sender.try_send(Message::Event(event)) {
            Ok(()) => return,
            Err(TrySendError::Full(_)) if self.pool.is_down() => {
                tracing::error!("scan event queue full during a database outage; event dropped");
                return;
            }
            Err(TrySendError::Full(message)) => message,
            Err(TrySendError::Disconnected(_)) => {
                tracing::error!("scan recorder stopped; event lost");
                return;
            }
        };
        tracing::warn!("scan event queue full; waiting for the writer");
        if sender.send(message).is_err() {
            tracing::error!("scan recorder stopped; event lost");
        }
    }

    /// Writes everything queued so far and stops the threads. Idempotent.
    pub fn shutdown(&self) {
        let workers = self
            .workers
            .lock()
            .map(|mut workers| std::mem::take(&mut *workers))
            .unwrap_or_default();
        if workers.is_empty() {
            return;
        }
        for sender in &self.senders {
            let _ = sender.send(Message::Shutdown);
        }
        for worker in workers {
            if worker.join().is_err() {
                tracing::error!("scan recorder thread panicked");
            }
        }
    }
}

fn run(pool: &DbPool, receiver: &Receiver<Message>, interval: Duration, max_batch: usize) {
    // Scans answered on time matter more than events written early: at the lowest
    // priority the writer takes the CPU time requests leave, and still catches up
    // because the queue holds a whole interval of events.
    if let Err(error) =
        thread_priority::set_current_thread_priority(thread_priority::ThreadPriority::Min)
    {
        tracing::warn!(?error, "cannot lower the scan writer's priority");
    }
    let mut batch: Vec<Visit> = Vec::new();
    let mut rollups = Rollups::default();
    let mut deadline = Instant::now() + interval;
    loop {
        let mut stop = false;
        // Drain what is queued now; after a shutdown message, what is still queued behind
        // it is written too.
        loop {
            match receiver.try_recv() {
                Ok(Message::Event(event)) => {
                    batch.push(event);
                    if batch.len() == max_batch {
                        flush(pool, &mut rollups, &mut batch);
                    }
                }
                Ok(Message::Shutdown) => stop = true,
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    stop = true;
                    break;
                }
            }
        }
        if stop || batch.len() >= max_batch || Instant::now() >= deadline {
            flush(pool, &mut rollups, &mut batch);
            deadline = Instant::now() + interval;
        }
        if stop {
            return;
        }
        std::thread::sleep(POLL.min(interval));
    }
}

fn flush(pool: &DbPool, rollups: &mut Rollups, batch: &mut Vec<Visit>) {
    if batch.is_empty() {
        return;
    }
    let outcome = pool
        .get()
        .map_err(anyhow::Error::from)
        .and_then(|mut conn| {
            events::record_batch(&mut conn, rollups, batch).map_err(anyhow::Error::from)
        });
    match outcome {
        Ok(()) => batch.clear(),
        // Keep the batch for the next interval; bounded so a long outage cannot eat memory.
        Err(error) if batch.len() < QUEUE_CAPACITY => {
            tracing::error!(error = ?error, events = batch.len(), "writing scan events failed; will retry");
        }
        Err(error) => {
            tracing::error!(error = ?error, events = batch.len(), "writing scan events failed; dropping them");
            batch.clear();
        }
    }
}
