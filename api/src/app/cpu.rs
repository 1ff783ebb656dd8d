//! Bounded pools of threads for CPU-heavy work: Argon2 password hashing, poster rendering
//! and photo normalization. Handlers read what such work needs with a pooled connection,
//! give the connection back, run the work here, and take a connection again to write, so
//! a login flood or a big render queues on its own threads and never on the database
//! connections every signed-in request needs.
//!
//! Each pool is a fixed set of long-lived threads taking jobs from one FIFO queue, rather
//! than a semaphore in front of `spawn_blocking` or a rayon pool:
//! - Memory stays bounded by threads × job size. Argon2 allocates 19 MiB per hash, a decode
//!   up to 256 MiB; glibc gives threads their own malloc arenas (up to eight per core) and
//!   keeps freed memory in them, so jobs spread over tokio's hundreds of blocking threads
//!   leave that much behind in every arena they touch, even when a semaphore lets only a
//!   few run at once. A few threads reuse the same memory for every job.
//! - A queued job is a closure in a channel, holding no thread and no connection, and one
//!   whose caller has gone (the client hung up) is skipped instead of computed.
//! - Jobs start in arrival order; rayon's work stealing is built for splitting one
//!   computation, not for serving requests fairly, and would be a dependency more.
//!
//! Password hashing gets `max(cores − 1, 1)` threads (`SHELF_PASSWORD_HASH_CONCURRENCY`
//! overrides), which leaves a core to everything else during a flood of logins; rendering
//! and photos share one thread, since a print can take seconds and hundreds of megabytes.

use std::num::NonZeroUsize;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex, PoisonError, mpsc};

use tokio::sync::oneshot;

use super::error::ApiError;
use crate::domain::DomainError;

type Job = Box<dyn FnOnce() + Send>;

/// A fixed set of threads running CPU-heavy jobs in arrival order; cheap to clone. The
/// threads end when the last clone is dropped and the queue has drained.
#[derive(Debug, Clone)]
pub struct CpuPool {
    jobs: mpsc::Sender<Job>,
}

impl CpuPool {
    /// Starts `threads` threads named `{name}-{i}`.
    pub fn start(name: &str, threads: NonZeroUsize) -> std::io::Result<Self> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for i in 0..threads.get() {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("{name}-{i}"))
                .spawn(move || {
                    // The lock is held only while waiting for a job: one thread waits at
                    // the queue, the others at the lock, and jobs run outside it.
                    while let Ok(job) = {
                        let queue = queue.lock().unwrap_or_else(PoisonError::into_inner);
                        queue.recv()
                    } {
                        job();
                    }
                })?;
        }
        Ok(Self { jobs })
    }

    /// Runs `work` on one of the pool's threads once those ahead of it have run, and
    /// returns its result. Dropping the future before the work starts skips the work.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce() -> Result<T, DomainError> + Send + 'static,
        T: Send + 'static,
    {
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move || {
            if answer.is_closed() {
                return;
            }
            let outcome = catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|_| {
                Err(DomainError::internal(anyhow::anyhow!("CPU job panicked")))
            });
            // The caller may have gone meanwhile; then nobody wants the answer.
            let _ = answer.send(outcome);
        });
        let stopped = || DomainError::internal(anyhow::anyhow!("CPU pool stopped"));
        self.jobs.send(job).map_err(|_| stopped())?;
        answered
            .await
            .map_err(|_| stopped())?
            .map_err(ApiError::from)
    }
}

/// The pools CPU-heavy work runs on.
#[derive(Debug, Clone)]
pub struct CpuPools {
    /// Argon2 hashing and verification.
    pub passwords: CpuPool,
    /// Poster rendering and photo normalization.
    pub media: CpuPool,
}

impl CpuPools {
    /// Starts the pools; `password_threads` overrides `max(cores − 1, 1)`.
    pub fn start(password_threads: Option<NonZeroUsize>) -> std::io::Result<Self> {
        let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
        let default = NonZeroUsize::new(cores - 1).unwrap_or(NonZeroUsize::MIN);
        Ok(Self {
            passwords: CpuPool::start("passwords", password_threads.unwrap_or(default))?,
            media: CpuPool::start("media", NonZeroUsize::MIN)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::FutureExt;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn one_thread() -> CpuPool {
        CpuPool::start("test", NonZeroUsize::MIN).expect("thread")
    }

    #[tokio::test]
    async fn runs_work_and_survives_a_panic() {
        let pool = one_thread();
        assert_eq!(pool.run(|| Ok(6 * 7)).await.expect("answer"), 42);
        let panicked = pool.run(|| -> Result<(), DomainError> { panic!("boom") });
        assert!(panicked.await.is_err());
        assert_eq!(
            pool.run(|| Ok("still here")).await.expect("answer"),
            "still here"
        );
    }

    #[tokio::test]
    async fn skips_work_nobody_waits_for() {
        let pool = one_thread();
        let (release, gate) = mpsc::channel::<()>();
        // Each future is polled once by hand, which queues its job: first one that holds
        // the thread until released, then one dropped while it waits behind it.
        let mut blocker = Box::pin(pool.run(move || Ok(gate.recv().is_ok())));
        assert!((&mut blocker).now_or_never().is_none());
        let ran = Arc::new(AtomicUsize::new(0));
        let counter = ran.clone();
        let mut abandoned = Box::pin(pool.run(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            Ok(())
        }));
        assert!((&mut abandoned).now_or_never().is_none());
        drop(abandoned);
        release.send(()).expect("blocker waits");
        assert!(blocker.await.expect("answer"));
        pool.run(|| Ok(())).await.expect("queue drained");
        assert_eq!(ran.load(Ordering::SeqCst), 0);
    }
}
