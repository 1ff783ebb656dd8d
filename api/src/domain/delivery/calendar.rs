//! Local times in a retailer's IANA time zone and their UTC instants, across daylight
//! saving changes. Pure functions, no database.

use chrono::{Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

/// Minutes since local midnight → `HH:MM`.
pub fn minute_text(minute: i32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// `HH:MM` (00:00–24:00) → minutes since local midnight.
pub fn parse_minute(text: &str) -> Option<i32> {
    let (h, m) = text.split_once(':')?;
    let two_digits = |part: &str| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit());
    if !two_digits(h) || !two_digits(m) {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    let minute = h * 60 + m;
    (m < 60 && (0..=1440).contains(&minute)).then_some(minute)
}

/// ISO weekday of a date: 1 = Monday … 7 = Sunday.
pub fn weekday(date: NaiveDate) -> i32 {
    i32::try_from(date.weekday().number_from_monday()).unwrap_or(1)
}

/// The UTC instant of `minute` past local midnight of `date` in `tz`. A local time that a
/// spring-forward gap skips is moved forward by the gap (02:30 becomes 03:30); one that a
/// fall-back repeats takes its first occurrence.
pub fn local_to_utc(tz: Tz, date: NaiveDate, minute: i32) -> NaiveDateTime {
    let local =
        date.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(i64::from(minute));
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.naive_utc(),
        LocalResult::None => {
            let later = local + Duration::hours(1);
            tz.from_local_datetime(&later)
                .earliest()
                .map_or(later, |t| t.naive_utc())
        }
    }
}

/// The local date of a UTC instant in `tz`.
pub fn local_date(tz: Tz, utc: NaiveDateTime) -> NaiveDate {
    tz.from_utc_datetime(&utc).date_naive()
}

/// RFC 3339 with the zone's offset at that instant, e.g. `2026-11-22T18:00:00+09:00`.
pub fn local_rfc3339(tz: Tz, utc: NaiveDateTime) -> String {
    tz.from_utc_datetime(&utc)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn seoul_has_no_daylight_saving() {
        let utc = local_to_utc(chrono_tz::Asia::Seoul, date(2026, 11, 22), 18 * 60);
        assert_eq!(utc.to_string(), "2026-11-22 09:00:00");
        assert_eq!(
            local_rfc3339(chrono_tz::Asia::Seoul, utc),
            "2026-11-22T18:00:00+09:00"
        );
    }

    #[test]
    fn evening_slots_follow_berlin_across_both_changes() {
        let berlin = chrono_tz::Europe::Berlin;
        // The Saturday before and the Sunday of the autumn change (25 Oct 2026).
        assert_eq!(
            local_to_utc(berlin, date(2026, 10, 24), 18 * 60).to_string(),
            "2026-10-24 16:00:00"
        );
        assert_eq!(
            local_to_utc(berlin, date(2026, 10, 25), 18 * 60).to_string(),
            "2026-10-25 17:00:00"
        );
        // Spring change (29 Mar 2026).
        assert_eq!(
            local_to_utc(berlin, date(2026, 3, 28), 18 * 60).to_string(),
            "2026-03-28 17:00:00"
        );
        assert_eq!(
            local_to_utc(berlin, date(2026, 3, 29), 18 * 60).to_string(),
            "2026-03-29 16:00:00"
        );
        assert_eq!(
            local_rfc3339(berlin, local_to_utc(berlin, date(2026, 3, 29), 18 * 60)),
            "2026-03-29T18:00:00+02:00"
        );
    }

    #[test]
    fn skipped_and_repeated_local_times() {
        let berlin = chrono_tz::Europe::Berlin;
        // 02:30 does not exist on 29 Mar 2026: it becomes 03:30 CEST = 01:30 UTC.
        assert_eq!(
            local_to_utc(berlin, date(2026, 3, 29), 150).to_string(),
            "2026-03-29 01:30:00"
        );
        // 02:30 happens twice on 25 Oct 2026: the first one, CEST = 00:30 UTC.
        assert_eq!(
            local_to_utc(berlin, date(2026, 10, 25), 150).to_string(),
            "2026-10-25 00:30:00"
        );
    }

    #[test]
    fn parses_clock_times() {
        assert_eq!(parse_minute("18:30"), Some(1110));
        assert_eq!(parse_minute("24:00"), Some(1440));
        assert_eq!(parse_minute("24:01"), None);
        assert_eq!(parse_minute("7:30"), None);
        assert_eq!(parse_minute("18:60"), None);
        assert_eq!(parse_minute("+5:00"), None);
        assert_eq!(parse_minute("1:+5"), None);
        assert_eq!(minute_text(1110), "18:30");
        assert_eq!(weekday(date(2026, 11, 22)), 7);
    }
}
