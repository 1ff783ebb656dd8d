//! Login throttling per account and per client address, so password guessing is slow
//! whether it targets one account from many places or many accounts from one place.

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::domain::DomainError;

/// Two keyed rate limiters consulted before every login attempt.
#[derive(Debug)]
pub struct LoginThrottle {
    per_account: DefaultKeyedRateLimiter<String>,
    per_address: DefaultKeyedRateLimiter<IpAddr>,
}

impl LoginThrottle {
    /// Allows `per_account` attempts per email and `per_address` per client address each
    /// minute, each as a burst that refills evenly.
    pub fn new(per_account: NonZeroU32, per_address: NonZeroU32) -> Self {
        Self {
            per_account: RateLimiter::keyed(Quota::per_minute(per_account)),
            per_address: RateLimiter::keyed(Quota::per_minute(per_address)),
        }
    }

    /// Counts one attempt; `RateLimited` when either budget is spent.
    pub fn check(&self, email: &str, address: Option<IpAddr>) -> Result<(), DomainError> {
        let clock = DefaultClock::default();
        let limited = |not_until: governor::NotUntil<_>| DomainError::RateLimited {
            retry_after_secs: not_until.wait_time_from(clock.now()).as_secs().max(1),
        };
        if let Some(address) = address {
            self.per_address.check_key(&address).map_err(limited)?;
        }
        self.per_account
            .check_key(&email.to_lowercase())
            .map_err(limited)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_each_account_separately() {
        let three = NonZeroU32::new(3).expect("non-zero");
        let throttle = LoginThrottle::new(three, NonZeroU32::new(100).expect("non-zero"));
        let here = Some(IpAddr::from([127, 0, 0, 1]));
        for _ in 0..3 {
            assert!(throttle.check("a@x.test", here).is_ok());
        }
        assert!(matches!(
            throttle.check("A@x.test", here),
            Err(DomainError::RateLimited { .. })
        ));
        assert!(throttle.check("b@x.test", here).is_ok());
    }
}
