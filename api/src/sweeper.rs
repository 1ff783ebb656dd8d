//! The background sweeper: every interval it expires pending orders whose reservation
//! ran out (giving their stock and slot back, and voiding whatever authorization their
//! checkout may have obtained) and forgets idempotency keys older than a day and empty
//! throttle buckets (here rather than on the login path, which would pay for it on every
//! attempt), scan events older than the retention, and the analytics salts and visitor
//! marks of days past everywhere. Each API process runs one; they may overlap safely, as every expiry is a
//! conditional status change.

use std::sync::Arc;
use std::time::Duration;

use crate::db::DbPool;
use crate::domain::accounts::throttle;
use crate::domain::analytics::rollup;
use crate::domain::checkout::idempotency;
use crate::domain::orders::expiry;
use crate::domain::payments::PaymentProvider;
use crate::domain::scans::events;
use crate::domain::{DomainError, connection, ids};

/// Chunks of old scan events deleted per sweep: a backlog (a first run on a year of
/// events) goes over several sweeps rather than in one long burst of writes.
const SCAN_PURGE_CHUNKS: usize = 20;

/// One sweep; returns (orders expired, idempotency keys, throttle buckets, scan events
/// and analytics day secrets forgotten). Scan events are kept `scan_retention_days`.
pub fn sweep_once(
    pool: &DbPool,
    provider: &dyn PaymentProvider,
    scan_retention_days: u32,
) -> Result<(usize, usize), DomainError> {
    let now = ids::now();
    let expired = expiry::expire_overdue(&mut *connection(pool)?, now)?;
    for order_id in &expired {
        if let Err(error) = provider.void_attempt(order_id) {
            tracing::warn!(order = %order_id, %error, "voiding an expired order's authorization failed");
        }
    }
    let scan_cutoff = now - chrono::Duration::days(i64::from(scan_retention_days));
    // The earliest local date anywhere is UTC's minus 12 hours; the day before it may
    // still get late events (a writer catching up), older ones cannot.
    let past_everywhere = (now - chrono::Duration::hours(12)).date() - chrono::Duration::days(1);
    let purged = idempotency::purge_expired(&mut *connection(pool)?, now)?
        + throttle::purge_spent(&mut *connection(pool)?, now)?
        + events::purge_before(&mut *connection(pool)?, scan_cutoff, SCAN_PURGE_CHUNKS)?
        + rollup::forget_days_before(&mut *connection(pool)?, past_everywhere)?;
    Ok((expired.len(), purged))
}

/// Starts sweeping every `interval` on the current runtime until the task is aborted.
pub fn spawn(
    pool: DbPool,
    provider: Arc<dyn PaymentProvider>,
    interval: Duration,
    scan_retention_days: u32,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let (pool, provider) = (pool.clone(), provider.clone());
            match tokio::task::spawn_blocking(move || {
                sweep_once(&pool, provider.as_ref(), scan_retention_days)
            })
            .await
            {
                Ok(Ok((0, 0))) => {}
                Ok(Ok((expired, purged))) => {
                    tracing::info!(expired, purged, "swept overdue reservations and old keys");
                }
                Ok(Err(error)) => tracing::error!(?error, "sweeping reservations failed"),
                // The runtime is shutting down; the next process sweeps what is left.
                Err(error) if error.is_cancelled() => return,
                Err(error) => tracing::error!(%error, "the sweeper task failed"),
            }
        }
    })
}
