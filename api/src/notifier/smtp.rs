//! Email over SMTP with lettre (rustls, tokio): `smtp://` plain for a local relay,
//! `smtp://…?tls=required` with STARTTLS, `smtps://user:pass@host` with TLS. Each email
//! carries the outbox message id as its `Message-ID`, so a receiver sees a repeat (the
//! worker resending after a lost acknowledgement) as the same message.

use std::time::Duration;

use anyhow::Context;
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::domain::notifications::messages::Written;

/// Longest wait for the mail server per email.
const TIMEOUT: Duration = Duration::from_secs(20);

/// The configured mail server and sender.
pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Smtp {
    /// The server of `url` sending as `from` (`Name <address>` or a bare address).
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .context("SHELF_SMTP_URL")?
            .timeout(Some(TIMEOUT))
            .build();
        let from = from
            .parse()
            .with_context(|| format!("SHELF_NOTIFY_FROM {from:?} is not a mailbox"))?;
        Ok(Self { transport, from })
    }

    /// Sends `written` to `to` as message `id`; the error is the server's answer or the
    /// connection's failure, short enough to keep.
    pub async fn send(&self, id: &str, to: &str, written: &Written) -> Result<(), String> {
        let to: Mailbox = to.parse().map_err(|e| format!("recipient {to:?}: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&written.subject)
            .message_id(Some(format!("<{id}@{}>", self.from.email.domain())))
            .header(ContentType::TEXT_PLAIN)
            .body(written.text.clone())
            .map_err(|e| format!("building the email: {e}"))?;
        self.transport
            .send(message)
            .await
            .map(drop)
            .map_err(|e| e.to_string())
    }
}
