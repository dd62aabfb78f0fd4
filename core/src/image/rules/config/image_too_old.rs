//! HG207: the image was built longer ago than the configured maximum age.

use crate::image::rules::{ImageContext, ImageFinding, ImageRule};
use crate::lint::{Category, RuleDocs, RuleMeta, Severity};

/// See [`META`].
pub(crate) struct ImageTooOld;

/// The maximum age when `max-image-age-days` is not set.
const DEFAULT_MAX_AGE_DAYS: u64 = 90;

/// Creation times before this (1980-01-01) are placeholders: reproducible
/// builds record the Unix epoch or an early fixed date, so the real age is
/// unknown and nothing is reported.
const PLACEHOLDER_BEFORE: i64 = 315_532_800;

static META: RuleMeta = RuleMeta {
    code: "HG207",
    name: "image-too-old",
    severity: Severity::Warning,
    category: Category::Pinning,
    sources: &[],
    default_enabled: true,
    help: "Rebuild the image (with `--pull` and without the build cache for the package steps) so it picks up the base image's and the packages' security fixes; rebuild on a schedule. Set `max-image-age-days` in `.hullguard.toml` to change the limit.",
    docs: RuleDocs {
        what: "Flags an image whose `created` time is more than `max-image-age-days` days ago (90 by default). The time is read as RFC 3339 with any offset. Images that record no creation time, an unreadable one, a time in the future, or a placeholder before 1980 (reproducible builds set the Unix epoch or `SOURCE_DATE_EPOCH`) are not flagged: their age is unknown.",
        why: "Docker's guide says to rebuild images often so they carry current security updates: an image is frozen at the packages of its build day, and every fix published since — in the base image and in the packages installed on top — is missing until it is rebuilt.",
        bad: "image config: {\"created\": \"2023-01-05T10:00:00Z\"} (checked in 2026, limit 90 days)",
        good: "image config: {\"created\": \"2026-11-20T10:00:00Z\"} (checked a week later)",
    },
};

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A run of ASCII digits as a number.
fn number(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Seconds since the epoch of an RFC 3339 time (`2024-03-01T12:00:00.5Z`,
/// `…+02:00`; a space or lower-case `t` may separate date and time).
pub(crate) fn parse_rfc3339(text: &str) -> Option<i64> {
    let t = text.trim();
    let year = number(t.get(0..4)?)?;
    let month = number(t.get(5..7)?)?;
    let day = number(t.get(8..10)?)?;
    let hour = number(t.get(11..13)?)?;
    let minute = number(t.get(14..16)?)?;
    let second = number(t.get(17..19)?)?;
    let seps = [t.get(4..5)?, t.get(7..8)?, t.get(13..14)?, t.get(16..17)?];
    if seps != ["-", "-", ":", ":"] || !matches!(t.get(10..11)?, "T" | "t" | " ") {
        return None;
    }
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = t.get(19..)?;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(frac.len());
        if digits == 0 {
            return None;
        }
        rest = frac.get(digits..)?;
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.get(0..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            if rest.len() != 6 || rest.get(3..4)? != ":" {
                return None;
            }
            let h = number(rest.get(1..3)?)?;
            let m = number(rest.get(4..6)?)?;
            sign * (h * 3600 + m * 60)
        }
    };
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

impl ImageRule for ImageTooOld {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &ImageContext<'_>, out: &mut Vec<ImageFinding>) {
        let Some(created) = cx.image.config.created.as_deref() else {
            return;
        };
        let Some(at) = parse_rfc3339(created) else {
            return;
        };
        if at < PLACEHOLDER_BEFORE || at > cx.now {
            return;
        }
        let max = cx
            .settings
            .max_image_age_days
            .unwrap_or(DEFAULT_MAX_AGE_DAYS);
        let age_days = u64::try_from((cx.now - at) / 86_400).unwrap_or(0);
        if age_days > max {
            let date = created.trim().get(..10).unwrap_or(created);
            out.push(ImageFinding::new(
                "config.created",
                format!(
                    "the image was built {age_days} days ago ({date}), more than the {max} days allowed"
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::rules::testing::{NOW, findings, findings_with, image};
    use crate::lint::RuleSettings;

    fn created(at: &str) -> crate::image::Image {
        image(&format!("{{\"created\": {at:?}}}"), vec![])
    }

    #[test]
    fn fires_past_the_default_and_configured_age() {
        // NOW is 2026-11-27T00:00:00Z.
        let f = findings(&ImageTooOld, &created("2026-08-28T00:00:00Z"));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].location, "config.created");
        assert_eq!(
            f[0].message,
            "the image was built 91 days ago (2026-08-28), more than the 90 days allowed"
        );
        let f = findings(
            &ImageTooOld,
            &created("2023-01-05T10:00:00.123456789+02:00"),
        );
        assert!(f[0].message.contains("(2023-01-05)"), "{}", f[0].message);
        let settings = RuleSettings {
            max_image_age_days: Some(7),
            ..RuleSettings::default()
        };
        let f = findings_with(&ImageTooOld, &created("2026-11-19T00:00:00Z"), &settings);
        assert_eq!(f.len(), 1);
    }

    #[test]
    fn quiet_when_recent_unknown_or_reproducible() {
        for at in [
            "2026-11-20T10:00:00Z",
            "2026-08-28T00:00:01Z",
            "2026-08-29T00:00:00Z",
            "1970-01-01T00:00:00Z",
            "1970-01-01T00:00:01Z",
            "0001-01-01T00:00:00Z",
            "2030-01-01T00:00:00Z",
            "yesterday",
            "2024-13-01T00:00:00Z",
            "",
        ] {
            assert!(findings(&ImageTooOld, &created(at)).is_empty(), "{at}");
        }
        assert!(findings(&ImageTooOld, &image("{}", vec![])).is_empty());
    }

    #[test]
    fn rfc3339_parsing() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2026-11-27T00:00:00Z"), Some(NOW));
        assert_eq!(parse_rfc3339("2026-11-27T02:00:00+02:00"), Some(NOW));
        assert_eq!(parse_rfc3339("2026-11-26 19:00:00.5-05:00"), Some(NOW));
        assert_eq!(parse_rfc3339("2000-02-29T00:00:00Z"), Some(951_782_400));
        for bad in [
            "2026-11-27",
            "2026-11-27T00:00:00",
            "2026-11-27T00:00:00+2",
            "2026/11/27T00:00:00Z",
            "2026-11-27T00:00:00.Z",
            "2026-11-27T25:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }
}
