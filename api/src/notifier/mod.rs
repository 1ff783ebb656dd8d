//! The outbox worker: every poll it claims the due deliveries
//! ([`outbox::claim_due`], leased so that nodes never send one at once), writes each
//! message in its reader's language ([`messages::write`]) and sends it by email
//! ([`smtp`]) or to the webhook ([`webhook`]), then marks it sent, or failed with the
//! next attempt backed off. A channel that is not configured marks its deliveries
//! skipped. Each API process runs one worker; [`Running::stop`] lets the batch in hand
//! finish.

pub mod smtp;
pub mod webhook;

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use serde::Serialize;
use tokio::sync::watch;

use crate::config::NotifySettings;
use crate::db::DbPool;
use crate::domain::accounts::invitations;
use crate::domain::accounts::language::Language;
use crate::domain::notifications::messages::{self, Target, Written};
use crate::domain::notifications::outbox::{self, Claimed};
use crate::domain::notifications::{Channel, Kind};
use crate::domain::orders::OrderStatus;
use crate::domain::{DomainError, connection, ids};
use secrecy::ExposeSecret;
use smtp::Smtp;
use webhook::Webhook;

/// Deliveries claimed per round; they are sent concurrently.
const BATCH: i64 = 10;
/// How long a claim holds its deliveries: well past the senders' timeouts, so only a
/// node that died mid-send lets a delivery go to another.
const LEASE: Duration = Duration::from_secs(300);

/// What the worker sends with.
struct Worker {
    pool: DbPool,
    smtp: Option<Smtp>,
    webhook: Option<Webhook>,
    base_url: String,
    retry_base: Duration,
}

/// A started worker.
pub struct Running {
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Asks the worker to stop after the batch in hand and waits until it has.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(error) = self.task.await
            && !error.is_cancelled()
        {
            tracing::error!(%error, "the notifier task failed");
        }
    }
}

/// Starts the worker on the current runtime; links in messages go to `base_url`.
pub fn spawn(pool: DbPool, settings: &NotifySettings, base_url: &str) -> anyhow::Result<Running> {
    let smtp = settings
        .smtp_url
        .as_ref()
        .map(|url| Smtp::new(url.expose_secret(), &settings.from))
        .transpose()?;
    let webhook = settings
        .webhook
        .as_ref()
        .map(Webhook::new)
        .transpose()
        .context("the webhook client")?;
    let worker = Arc::new(Worker {
        pool,
        smtp,
        webhook,
        base_url: base_url.to_owned(),
        retry_base: settings.retry_base,
    });
    let (stop, mut stopped) = watch::channel(false);
    let poll = settings.poll_interval;
    let task = tokio::spawn(async move {
        loop {
            let busy = match worker.clone().round().await {
                Ok(more) => more,
                Err(error) => {
                    tracing::error!(?error, "sending notifications failed");
                    false
                }
            };
            if *stopped.borrow() {
                return;
            }
            // A full batch suggests more are due: go on at once.
            if busy {
                continue;
            }
            tokio::select! {
                _ = tokio::time::sleep(poll) => {}
                _ = stopped.changed() => return,
            }
        }
    });
    Ok(Running { stop, task })
}

/// Runs `work` with a pooled connection on the blocking pool.
async fn with_db<T, F>(pool: &DbPool, work: F) -> Result<T, DomainError>
where
    F: FnOnce(&mut crate::db::DbConnection) -> Result<T, DomainError> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || work(&mut *connection(&pool)?))
        .await
        .map_err(DomainError::internal)?
}

/// The webhook's `data`: the message as a gateway needs it.
#[derive(Debug, Serialize)]
struct WebhookData<'a> {
    message_id: &'a str,
    kind: Kind,
    language: Language,
    order_id: Option<&'a str>,
    order_number: Option<&'a str>,
    status: Option<OrderStatus>,
    email: &'a str,
    phone: Option<&'a str>,
    subject: &'a str,
    text: &'a str,
    link: &'a str,
}

impl Worker {
    /// Claims the due deliveries and sends them; true when it claimed a full batch, so
    /// more may be due.
    async fn round(self: Arc<Self>) -> Result<bool, DomainError> {
        let now = ids::now();
        let claimed = with_db(&self.pool, move |conn| {
            if !outbox::any_due(conn, now)? {
                return Ok(Vec::new());
            }
            outbox::claim_due(conn, now, LEASE, BATCH)
        })
        .await?;
        let count = claimed.len();
        let sends = claimed.into_iter().map(|delivery| {
            let worker = self.clone();
            async move { worker.deliver(delivery).await }
        });
        for outcome in futures_util::future::join_all(sends).await {
            outcome?;
        }
        Ok(i64::try_from(count).is_ok_and(|count| count == BATCH))
    }

    /// Sends one delivery and records what happened.
    async fn deliver(&self, delivery: Claimed) -> Result<(), DomainError> {
        let outcome = match self.attempt(&delivery).await? {
            None => {
                let delivery = delivery.clone();
                return with_db(&self.pool, move |conn| {
                    outbox::mark_skipped(conn, &delivery, ids::now())
                })
                .await;
            }
            Some(outcome) => outcome,
        };
        let base = self.retry_base;
        with_db(&self.pool, move |conn| match outcome {
            Ok(()) => outbox::mark_sent(conn, &delivery, ids::now()),
            Err(error) => {
                let left = outbox::mark_failed(conn, &delivery, &error, base, ids::now())?;
                tracing::warn!(
                    message = %delivery.message.id,
                    channel = delivery.channel.as_str(),
                    attempts = delivery.attempts,
                    status = left.as_str(),
                    %error,
                    "a notification was not delivered"
                );
                Ok(())
            }
        })
        .await
    }

    /// Writes and sends `delivery`: `None` when its channel is off, else the send's
    /// outcome.
    async fn attempt(&self, delivery: &Claimed) -> Result<Option<Result<(), String>>, DomainError> {
        let message = &delivery.message;
        let kind = message.kind()?;
        let payload = message.payload()?;
        let target = match (kind, &message.order_id, &message.secret) {
            (Kind::PasswordReset, _, Some(token)) => {
                Target::StaffLink(invitations::Kind::Reset, token)
            }
            (Kind::StaffInvitation, _, Some(token)) => {
                Target::StaffLink(invitations::Kind::Invite, token)
            }
            (_, Some(order_id), _) => Target::Order(order_id),
            _ => return Ok(Some(Err("the message has nothing to link to".into()))),
        };
        let written = messages::write(kind, message.language, &payload, target, &self.base_url);
        Ok(match delivery.channel {
            Channel::Email => match &self.smtp {
                None => None,
                Some(smtp) => Some(smtp.send(&message.id, &message.email, &written).await),
            },
            Channel::Webhook => match &self.webhook {
                None => None,
                Some(hook) => Some(self.post(hook, delivery, &written).await),
            },
        })
    }

    /// Posts an order's message to the webhook.
    async fn post(
        &self,
        hook: &Webhook,
        delivery: &Claimed,
        written: &Written,
    ) -> Result<(), String> {
        let message = &delivery.message;
        let payload = message.payload().map_err(|e| e.to_string())?;
        let kind = message.kind().map_err(|e| e.to_string())?;
        let data = WebhookData {
            message_id: &message.id,
            kind,
            language: message.language,
            order_id: message.order_id.as_deref(),
            order_number: payload.number.as_deref(),
            status: payload.status,
            email: &message.email,
            phone: payload.phone.as_deref(),
            subject: &written.subject,
            text: &written.text,
            link: &written.link,
        };
        let body = webhook::Body {
            event_type: format!("order.{}", kind.as_str()),
            timestamp: message.created_at.and_utc().to_rfc3339(),
            data: &data,
        };
        hook.send(&message.id, &body).await
    }
}
