//! The channel and source of a visit to a product's own page (`/p/{share_code}`) and of
//! what its form adds to the cart. The link the page was opened with decides: `ref` = a
//! customer's referral code is `share`, `utm_medium=embed` with a live shelf of the
//! product's retailer is `embed`, `utm_medium=feed` with a known platform is `feed`.
//! Without such a link, an attribution the device remembers (for
//! [`REMEMBER_FOR_SECS`], last link wins, for the retailer whose product the link showed)
//! decides; otherwise the visit is `direct`.
//!
//! Every source is checked against the database, whether it comes from a link or from
//! what the device sends back, so a made-up link or a forged memory adds no report rows.

use chrono::NaiveDateTime;

use super::{DIRECT, EMBED, FEED, SHARE};
use crate::db::DbConnection;
use crate::domain::DomainError;
use crate::domain::accounts::referrals;
use crate::domain::catalog::feeds::{self, Platform};
use crate::domain::catalog::shelves;
use crate::domain::posters::codes;

/// How long a device remembers the link a product page was opened with: seven days.
pub const REMEMBER_FOR_SECS: u64 = 7 * 24 * 3600;

/// The parameters of a product page's link that name where it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct Link {
    /// `utm_medium`: `embed` or `feed` for the links we make.
    pub utm_medium: Option<String>,
    /// `utm_source`: the shelf of an embed link, the platform of a feed link.
    pub utm_source: Option<String>,
    /// `ref`: the sharer's referral code.
    #[serde(rename = "ref")]
    pub referral: Option<String>,
}

/// A checked channel and source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// One of `share`, `embed`, `feed` or `direct`.
    pub channel: &'static str,
    /// The referral code, the shelf id, the platform, or `""` for `direct`.
    pub source_id: String,
}

/// What [`resolve`] decided, and whether the device should remember it from now on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The visit's channel and source.
    pub attribution: Attribution,
    /// The value to remember on the device: set only when the link itself named a
    /// source, so a later visit without one counts under it.
    pub remember: Option<String>,
}

/// The attribution of a visit to a product of `retailer_id` through `link`, or else the
/// one the device remembered (`remembered`, as [`Resolved::remember`] gave it), at `now`.
/// `viewer` is the signed-in customer, whose own link brings nothing: their visit and
/// cart are no share.
pub fn resolve(
    conn: &mut DbConnection,
    retailer_id: &str,
    (link, remembered): (&Link, Option<&str>),
    viewer: Option<&str>,
    now: NaiveDateTime,
) -> Result<Resolved, DomainError> {
    let checked = |conn: &mut DbConnection, channel: &str, source: &str| {
        checked(conn, retailer_id, channel, source, viewer)
    };
    for (channel, source) in link_candidates(link) {
        if let Some(attribution) = checked(conn, channel, source)? {
            let remember = Some(memory(&attribution, retailer_id, now));
            return Ok(Resolved {
                attribution,
                remember,
            });
        }
    }
    let recalled = match remembered.and_then(|value| recall(value, retailer_id, now)) {
        Some((channel, source)) => checked(conn, channel, source)?,
        None => None,
    };
    Ok(Resolved {
        attribution: recalled.unwrap_or(Attribution {
            channel: DIRECT,
            source_id: String::new(),
        }),
        remember: None,
    })
}

/// The (channel, source) pairs a link names, most specific first: its sharer, then its
/// `utm_medium`'s.
fn link_candidates(link: &Link) -> Vec<(&'static str, &str)> {
    let by_medium = match (link.utm_medium.as_deref(), link.utm_source.as_deref()) {
        // The embed's links name their channel as the medium.
        (Some(EMBED), Some(shelf)) => Some((EMBED, shelf)),
        (Some(feeds::UTM_MEDIUM), Some(platform)) => Some((FEED, platform)),
        _ => None,
    };
    let by_sharer = link.referral.as_deref().map(|code| (SHARE, code));
    by_sharer.into_iter().chain(by_medium).collect()
}

/// The attribution of `source` in `channel` if it names a real source for a product of
/// `retailer_id`: a referral code of a customer other than `viewer`, a live shelf of that
/// retailer, a platform we make feeds for.
fn checked(
    conn: &mut DbConnection,
    retailer_id: &str,
    channel: &str,
    source: &str,
    viewer: Option<&str>,
) -> Result<Option<Attribution>, DomainError> {
    let found = match channel {
        SHARE => referrals::sharer_by_code(conn, source)?
            .filter(|sharer| Some(sharer.as_str()) != viewer)
            .and(codes::normalize(source))
            .map(|code| (SHARE, code)),
        EMBED => shelves::live_shelf(conn, retailer_id, source)?.map(|shelf| (EMBED, shelf.id)),
        FEED => [Platform::Meta, Platform::Google]
            .into_iter()
            .find(|platform| platform.utm_source() == source)
            .map(|platform| (FEED, platform.utm_source().to_owned())),
        _ => None,
    };
    Ok(found.map(|(channel, source_id)| Attribution { channel, source_id }))
}

/// What a device remembers of `attribution` of a product of `retailer_id`: channel,
/// source, retailer and when. Every shop shares the origin and so the cookie: a memory
/// counts only for the retailer whose link made it, and only for
/// [`REMEMBER_FOR_SECS`] even if the device kept it longer.
fn memory(attribution: &Attribution, retailer_id: &str, now: NaiveDateTime) -> String {
    format!(
        "{}.{}.{retailer_id}.{}",
        attribution.channel,
        attribution.source_id,
        now.and_utc().timestamp()
    )
}

/// The channel and source of a remembered value made for `retailer_id` and still fresh
/// at `now`; `None` for another retailer's, a stale or a malformed one.
fn recall<'a>(value: &'a str, retailer_id: &str, now: NaiveDateTime) -> Option<(&'a str, &'a str)> {
    let mut parts = value.splitn(4, '.');
    let (channel, source, made_for, at) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let age = now
        .and_utc()
        .timestamp()
        .checked_sub(at.parse::<i64>().ok()?)?;
    let fresh = (0..=i64::try_from(REMEMBER_FOR_SECS).ok()?).contains(&age);
    (fresh && made_for == retailer_id).then_some((channel, source))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(medium: Option<&str>, source: Option<&str>, referral: Option<&str>) -> Link {
        Link {
            utm_medium: medium.map(str::to_owned),
            utm_source: source.map(str::to_owned),
            referral: referral.map(str::to_owned),
        }
    }

    #[test]
    fn a_sharer_comes_before_the_medium_and_other_media_name_nothing() {
        assert_eq!(
            link_candidates(&link(Some("feed"), Some("google"), Some("ABCD1234"))),
            [(SHARE, "ABCD1234"), (FEED, "google")]
        );
        assert_eq!(
            link_candidates(&link(Some("embed"), Some("shelf-1"), None)),
            [(EMBED, "shelf-1")]
        );
        for (medium, source) in [
            (None, None),
            (Some("feed"), None),
            (Some("email"), Some("google")),
            (Some("share"), Some("ABCD1234")),
        ] {
            assert!(link_candidates(&link(medium, source, None)).is_empty());
        }
    }

    #[test]
    fn a_memory_is_recalled_for_seven_days_only() {
        let at = chrono::DateTime::from_timestamp(1_780_000_000, 0)
            .expect("time")
            .naive_utc();
        let remembered = memory(
            &Attribution {
                channel: SHARE,
                source_id: "ABCD1234".into(),
            },
            "r-1",
            at,
        );
        let week = chrono::Duration::seconds(i64::try_from(REMEMBER_FOR_SECS).expect("secs"));
        assert_eq!(recall(&remembered, "r-1", at), Some((SHARE, "ABCD1234")));
        assert_eq!(
            recall(&remembered, "r-1", at + week),
            Some((SHARE, "ABCD1234"))
        );
        assert_eq!(
            recall(&remembered, "r-1", at + week + chrono::Duration::seconds(1)),
            None
        );
        assert_eq!(
            recall(&remembered, "r-1", at - chrono::Duration::seconds(1)),
            None
        );
        assert_eq!(
            recall(&remembered, "r-2", at),
            None,
            "another retailer's shop does not inherit the link"
        );
        for forged in [
            "",
            "share",
            "share.ABCD1234",
            "share.ABCD1234.r-1",
            "share.ABCD1234.r-1.soon",
            "share.ABCD1234.r-1.-9223372036854775808",
        ] {
            assert_eq!(recall(forged, "r-1", at), None, "{forged}");
        }
    }
}
