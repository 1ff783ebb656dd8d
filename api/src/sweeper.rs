//! The background sweeper: every interval it expires pending orders whose reservation
//! ran out (giving their stock and slot back, and voiding whatever authorization their
//! checkout may have obtained) and forgets idempotency keys older than a day and empty
//! throttle buckets (here rather than on the login path, which would pay for it on every
//! attempt). Each API process runs one; they may overlap safely, as every expiry is a
//! conditional status change.

use std::sync::Arc;
use std::time::Duration;

use crate::db::DbPool;
use crate::domain::accounts::throttle;
use crate::domain::checkout::idempotency;
use crate::domain::orders::expiry;
use crate::domain::payments::PaymentProvider;
use crate::domain::{DomainError, connection, ids};

/// One sweep; returns (orders expired, idempotency keys and throttle buckets forgotten).
pub fn sweep_once(
    pool: &DbPool,
    provider: &dyn PaymentProvider,
) -> Result<(usize, usize), DomainError> {
    let now = ids::now();
    let expired = expiry::expire_overdue(&mut *connection(pool)?, now)?;
    for order_id in &expired {
        if let Err(error) = provider.void_attempt(order_id) {
            tracing::warn!(order = %order_id, %error, "voiding an expired order's authorization failed");
        }
    }
    let purged = idempotency::purge_expired(&mut *connection(pool)?, now)?
        + throttle::purge_spent(&mut *connection(pool)?, now)?;
    Ok((expired.len(), purged))
}

/// Starts sweeping every `interval` on the current runtime until the task is aborted.
pub fn spawn(
    pool: DbPool,
    provider: Arc<dyn PaymentProvider>,
    interval: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let (pool, provider) = (pool.clone(), provider.clone());
            match tokio::task::spawn_blocking(move || sweep_once(&pool, provider.as_ref())).await {
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
