//! The built-in TEST payment provider: no money moves. Its tokens choose the outcome so
//! every path can be exercised: `tok_approve` authorizes, `tok_decline` is declined,
//! `tok_error` fails transiently, `tok_timeout` answers only after the timeout, and
//! `tok_capture_decline` authorizes but declines the capture. Its "bank" is the
//! `test_payment_authorizations` table, so any API process on the database can capture,
//! void or refund what another authorized; never configure it in production.

use std::time::Duration;

use diesel::prelude::*;

use super::{AuthorizationRequest, PaymentError, PaymentProvider, Receipt};
use crate::db::schema::test_payment_authorizations as authorizations;
use crate::db::{DbConnection, DbPool};
use crate::domain::ids;

/// Test tokens and what they do.
pub const APPROVE: &str = "tok_approve";
/// Declined by the "bank".
pub const DECLINE: &str = "tok_decline";
/// A transient provider failure.
pub const ERROR: &str = "tok_error";
/// No answer within the timeout.
pub const TIMEOUT: &str = "tok_timeout";
/// Authorizes, but the later capture is declined (an expired card, say).
pub const CAPTURE_DECLINE: &str = "tok_capture_decline";

/// What a transient failure, the `tok_error` one or the bank's database failing, tells
/// the customer.
const TRANSIENT_FAILURE: &str = "the payment service failed; try again";

/// The test provider.
#[derive(Debug)]
pub struct TestPaymentProvider {
    timeout: Duration,
    pool: DbPool,
}

impl TestPaymentProvider {
    /// A provider keeping its authorizations in `pool`'s database, whose `tok_timeout`
    /// answers after `timeout`.
    pub fn new(pool: DbPool, timeout: Duration) -> Self {
        Self { timeout, pool }
    }

    /// Runs `work` on a connection taken for this call alone: callers may hold one of
    /// their own, and a real provider would not share it either. Each statement commits
    /// on its own, so concurrent calls from any process see each other's effects. The
    /// database failing is the provider failing transiently.
    fn bank<T>(
        &self,
        work: impl FnOnce(&mut DbConnection) -> QueryResult<Result<T, PaymentError>>,
    ) -> Result<T, PaymentError> {
        let mut conn = self.pool.get().map_err(|error| unavailable(&error))?;
        work(&mut conn).map_err(|error| unavailable(&error))?
    }
}

fn unavailable(error: &dyn std::fmt::Display) -> PaymentError {
    tracing::error!(%error, "the test payment provider's database failed");
    PaymentError::Unavailable(TRANSIENT_FAILURE.into())
}

fn unknown() -> PaymentError {
    PaymentError::Declined("unknown authorization".into())
}

impl PaymentProvider for TestPaymentProvider {
    fn name(&self) -> &'static str {
        "test"
    }

    fn authorize(&self, request: &AuthorizationRequest<'_>) -> Result<Receipt, PaymentError> {
        match request.token {
            APPROVE | CAPTURE_DECLINE => {}
            DECLINE => return Err(PaymentError::Declined("the card was declined".into())),
            ERROR => return Err(PaymentError::Unavailable(TRANSIENT_FAILURE.into())),
            TIMEOUT => {
                std::thread::sleep(self.timeout);
                return Err(PaymentError::TimedOut);
            }
            _ => return Err(PaymentError::Declined("unknown payment token".into())),
        }
        let candidate = format!("test_auth_{}", uuid::Uuid::new_v4().simple());
        self.bank(|conn| {
            crate::on_backend!(conn, |inner| diesel::insert_into(authorizations::table)
                .values((
                    authorizations::reference.eq(&candidate),
                    authorizations::idempotency_key.eq(request.idempotency_key),
                    authorizations::authorized_minor.eq(request.amount_minor),
                    authorizations::declines_capture.eq(request.token == CAPTURE_DECLINE),
                    authorizations::created_at.eq(ids::now()),
                ))
                .on_conflict(authorizations::idempotency_key)
                .do_nothing()
                .execute(inner))?;
            // The first attempt with this key wins, whether it was this one, an earlier
            // one or one racing it on another process (PostgreSQL makes the insert wait
            // for the racing one to commit), and every attempt answers with its reference.
            let reference = authorizations::table
                .filter(authorizations::idempotency_key.eq(request.idempotency_key))
                .select(authorizations::reference)
                .first(conn)?;
            Ok(Ok(Receipt { reference }))
        })
    }

    fn capture(&self, reference: &str, amount_minor: i64) -> Result<(), PaymentError> {
        self.bank(|conn| {
            // One conditional update: of captures and voids racing on any processes, each
            // sees the others' committed effect (PostgreSQL re-checks the condition on the
            // row a concurrent update left).
            let captured = diesel::update(
                authorizations::table
                    .find(reference)
                    .filter(authorizations::voided.eq(false))
                    .filter(authorizations::declines_capture.eq(false))
                    .filter(
                        (authorizations::captured_minor + amount_minor)
                            .le(authorizations::authorized_minor),
                    ),
            )
            .set(authorizations::captured_minor.eq(authorizations::captured_minor + amount_minor))
            .execute(conn)?;
            if captured == 1 {
                return Ok(Ok(()));
            }
            let found = authorizations::table
                .find(reference)
                .select((authorizations::declines_capture, authorizations::voided))
                .first::<(bool, bool)>(conn)
                .optional()?;
            Ok(Err(match found {
                None => unknown(),
                Some((true, _)) => {
                    PaymentError::Declined("the card was declined at capture".into())
                }
                Some((false, true)) => {
                    PaymentError::Declined("the authorization was voided".into())
                }
                Some((false, false)) => {
                    PaymentError::Declined("the capture exceeds the authorization".into())
                }
            }))
        })
    }

    fn void(&self, reference: &str) -> Result<(), PaymentError> {
        self.bank(|conn| void(conn, reference))
    }

    fn void_attempt(&self, idempotency_key: &str) -> Result<(), PaymentError> {
        self.bank(|conn| {
            let reference = authorizations::table
                .filter(authorizations::idempotency_key.eq(idempotency_key))
                .select(authorizations::reference)
                .first::<String>(conn)
                .optional()?;
            reference.map_or(Ok(Ok(())), |reference| void(conn, &reference))
        })
    }

    fn refund(&self, reference: &str, amount_minor: i64) -> Result<(), PaymentError> {
        self.bank(|conn| {
            let refunded = diesel::update(authorizations::table.find(reference).filter(
                (authorizations::refunded_minor + amount_minor).le(authorizations::captured_minor),
            ))
            .set(authorizations::refunded_minor.eq(authorizations::refunded_minor + amount_minor))
            .execute(conn)?;
            if refunded == 1 {
                return Ok(Ok(()));
            }
            Ok(Err(if exists(conn, reference)? {
                PaymentError::Declined("the refund exceeds the captured amount".into())
            } else {
                unknown()
            }))
        })
    }
}

/// Voids an authorization unless something of it was captured; voiding twice is fine.
fn void(conn: &mut DbConnection, reference: &str) -> QueryResult<Result<(), PaymentError>> {
    let voided = diesel::update(
        authorizations::table
            .find(reference)
            .filter(authorizations::captured_minor.eq(0)),
    )
    .set(authorizations::voided.eq(true))
    .execute(conn)?;
    if voided == 1 {
        return Ok(Ok(()));
    }
    Ok(Err(if exists(conn, reference)? {
        PaymentError::Declined("already captured".into())
    } else {
        unknown()
    }))
}

fn exists(conn: &mut DbConnection, reference: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(authorizations::table.find(reference))).get_result(conn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{AcquireTimeouts, Backend, build_pool, migrate};

    /// A migrated SQLite database in a temp dir (kept alive by the returned guard).
    fn database() -> (tempfile::TempDir, String) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir
            .path()
            .join("bank.db")
            .to_str()
            .expect("utf-8")
            .to_owned();
        let pool = pool_on(&path);
        migrate::run_pending(&mut pool.get().expect("connection")).expect("migrations");
        (dir, path)
    }

    fn pool_on(path: &str) -> DbPool {
        build_pool(
            Backend::Sqlite(path.to_owned()),
            2,
            AcquireTimeouts::default(),
        )
        .expect("pool")
    }

    /// A provider of its own, as another API process would build it.
    fn provider_on(path: &str) -> TestPaymentProvider {
        TestPaymentProvider::new(pool_on(path), Duration::from_millis(10))
    }

    fn request<'a>(key: &'a str, token: &'a str) -> AuthorizationRequest<'a> {
        AuthorizationRequest {
            idempotency_key: key,
            token,
            amount_minor: 10_000,
            currency: "KRW",
        }
    }

    #[test]
    fn tokens_choose_the_outcome() {
        let (_dir, path) = database();
        let provider = provider_on(&path);
        assert!(provider.authorize(&request("o1", APPROVE)).is_ok());
        assert!(matches!(
            provider.authorize(&request("o2", DECLINE)),
            Err(PaymentError::Declined(_))
        ));
        assert!(matches!(
            provider.authorize(&request("o3", ERROR)),
            Err(PaymentError::Unavailable(_))
        ));
        assert_eq!(
            provider.authorize(&request("o4", TIMEOUT)),
            Err(PaymentError::TimedOut)
        );
        let card = provider
            .authorize(&request("o5", CAPTURE_DECLINE))
            .expect("authorized");
        assert_eq!(
            provider.capture(&card.reference, 1),
            Err(PaymentError::Declined(
                "the card was declined at capture".into()
            ))
        );
        assert!(provider.void(&card.reference).is_ok());
    }

    #[test]
    fn the_same_key_gets_the_same_authorization() {
        let (_dir, path) = database();
        let provider = provider_on(&path);
        let first = provider.authorize(&request("o1", APPROVE)).expect("ok");
        let again = provider.authorize(&request("o1", APPROVE)).expect("ok");
        assert_eq!(first, again);
        assert_ne!(
            provider.authorize(&request("o2", APPROVE)).expect("ok"),
            first
        );
    }

    #[test]
    fn captures_and_refunds_stay_within_what_was_taken() {
        let (_dir, path) = database();
        let provider = provider_on(&path);
        let receipt = provider.authorize(&request("o1", APPROVE)).expect("ok");
        assert!(
            provider.refund(&receipt.reference, 1).is_err(),
            "nothing captured"
        );
        assert!(provider.capture(&receipt.reference, 6_000).is_ok());
        assert!(provider.capture(&receipt.reference, 5_000).is_err());
        assert!(provider.capture(&receipt.reference, 4_000).is_ok());
        assert!(provider.refund(&receipt.reference, 6_000).is_ok());
        assert!(provider.refund(&receipt.reference, 4_001).is_err());
        assert!(provider.refund(&receipt.reference, 4_000).is_ok());
        assert_eq!(
            provider.void(&receipt.reference),
            Err(PaymentError::Declined("already captured".into()))
        );
        for unknown_reference in [
            provider.capture("test_auth_nope", 1),
            provider.refund("test_auth_nope", 1),
            provider.void("test_auth_nope"),
        ] {
            assert_eq!(unknown_reference, Err(unknown()));
        }
    }

    #[test]
    fn a_voided_authorization_is_not_captured() {
        let (_dir, path) = database();
        let provider = provider_on(&path);
        assert!(provider.void_attempt("never-authorized").is_ok());
        let receipt = provider.authorize(&request("o1", APPROVE)).expect("ok");
        assert!(provider.void_attempt("o1").is_ok());
        assert!(provider.void(&receipt.reference).is_ok(), "voiding twice");
        assert_eq!(
            provider.capture(&receipt.reference, 1),
            Err(PaymentError::Declined(
                "the authorization was voided".into()
            ))
        );
    }

    #[test]
    fn providers_on_one_database_share_their_authorizations() {
        let (_dir, path) = database();
        let (here, there) = (provider_on(&path), provider_on(&path));
        let receipt = here.authorize(&request("o1", APPROVE)).expect("ok");
        assert_eq!(
            there.authorize(&request("o1", APPROVE)).expect("ok"),
            receipt,
            "the key is known to the other process"
        );
        assert!(there.capture(&receipt.reference, 7_000).is_ok());
        assert!(here.capture(&receipt.reference, 3_001).is_err(), "over");
        assert!(here.refund(&receipt.reference, 7_000).is_ok());
        assert!(there.refund(&receipt.reference, 1).is_err(), "all refunded");

        // Two processes authorizing one key at the same moment get one authorization.
        let barrier = std::sync::Barrier::new(2);
        let attempt = |provider: &TestPaymentProvider| {
            barrier.wait();
            provider.authorize(&request("o2", APPROVE)).expect("ok")
        };
        let (a, b) = std::thread::scope(|scope| {
            let a = scope.spawn(|| attempt(&here));
            let b = scope.spawn(|| attempt(&there));
            (a.join().expect("thread"), b.join().expect("thread"))
        });
        assert_eq!(a, b);
    }

    #[test]
    fn a_failing_database_is_a_transient_provider_failure() {
        let dir = tempfile::tempdir().expect("temp dir");
        // A database without the provider's table: every query of the bank fails.
        let path = dir
            .path()
            .join("empty.db")
            .to_str()
            .expect("utf-8")
            .to_owned();
        let provider = provider_on(&path);
        let transient = Err(PaymentError::Unavailable(TRANSIENT_FAILURE.into()));
        assert_eq!(provider.authorize(&request("o1", APPROVE)), transient);
        assert_eq!(
            provider.capture("test_auth_x", 1),
            transient.clone().map(drop)
        );
        assert_eq!(provider.void_attempt("o1"), transient.map(drop));
    }
}
