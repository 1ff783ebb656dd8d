//! The preflight: what would make a poster fail on the wall, found before it is printed.
//!
//! | finding | default | `force` | `strict` |
//! | --- | --- | --- | --- |
//! | code too small for the scan distance | refused | warning (code shrunk to fit) | refused |
//! | photo below 150 ppi at its printed size | warning | warning | refused |
//! | text shortened (`…`) to fit its label | warning | warning | refused |
//! | payload outside QR alphanumeric mode | warning | warning | refused |
//! | characters no embedded font can draw | warning | warning | refused |
//! | invalid field, unreadable photo, URL too long for a QR code | refused | refused | refused |
//!
//! Text that is too long first shrinks (down to a floor), then ellipsizes: it never
//! overflows, so the shortening is a warning, not a refusal.

use std::fmt;

use serde::Serialize;

/// A photo printed at fewer pixels per inch than this looks soft from reading distance.
pub const MIN_PPI: f64 = 150.0;

/// How the preflight treats findings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy {
    /// Print anyway when codes are too small for the distance (they are shrunk to fit).
    pub force: bool,
    /// Refuse on any warning.
    pub strict: bool,
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Printed anyway.
    Warning,
    /// Not printed.
    Error,
}

/// What kind of finding it is; decides how [`Policy`] treats it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A field the generator cannot use (also unreadable photos, over-long URLs).
    Invalid,
    /// QR modules smaller than the scan distance needs.
    CodeTooSmall,
    /// Photo resolution under [`MIN_PPI`] at its printed size.
    LowResolution,
    /// Text ellipsized to fit.
    TextShortened,
    /// Payload encoded in byte mode (bigger symbol, smaller modules).
    NotAlphanumeric,
    /// Characters with no glyph in the embedded fonts.
    MissingGlyphs,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// Warning or error, after the policy was applied.
    pub severity: Severity,
    /// What kind of finding.
    pub kind: Kind,
    /// Spec field it concerns, e.g. `slots[4].image`.
    pub field: String,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{severity}: {}: {}", self.field, self.message)
    }
}

/// All findings of one preflight.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// Findings in the order they were made.
    pub issues: Vec<Issue>,
}

impl Report {
    /// Records a finding, with its severity decided by `kind` and `policy`.
    pub(crate) fn push(
        &mut self,
        policy: Policy,
        kind: Kind,
        field: impl Into<String>,
        message: impl Into<String>,
    ) {
        let severity = match kind {
            Kind::Invalid => Severity::Error,
            Kind::CodeTooSmall if !policy.force => Severity::Error,
            _ if policy.strict => Severity::Error,
            _ => Severity::Warning,
        };
        self.issues.push(Issue {
            severity,
            kind,
            field: field.into(),
            message: message.into(),
        });
    }

    /// Whether the poster must not be printed.
    pub fn is_refused(&self) -> bool {
        self.issues.iter().any(|i| i.severity == Severity::Error)
    }

    /// Findings that refuse the poster.
    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }

    /// Findings printed anyway.
    pub fn warnings(&self) -> impl Iterator<Item = &Issue> {
        self.issues
            .iter()
            .filter(|i| i.severity == Severity::Warning)
    }

    /// Findings of one kind.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(move |i| i.kind == kind)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for issue in &self.issues {
            writeln!(f, "  {issue}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_decides_severity() {
        let severity = |policy, kind| {
            let mut report = Report::default();
            report.push(policy, kind, "f", "m");
            report.issues[0].severity
        };
        let (plain, force, strict) = (
            Policy::default(),
            Policy {
                force: true,
                strict: false,
            },
            Policy {
                force: false,
                strict: true,
            },
        );
        assert_eq!(severity(plain, Kind::CodeTooSmall), Severity::Error);
        assert_eq!(severity(force, Kind::CodeTooSmall), Severity::Warning);
        assert_eq!(severity(plain, Kind::LowResolution), Severity::Warning);
        assert_eq!(severity(strict, Kind::LowResolution), Severity::Error);
        assert_eq!(severity(force, Kind::Invalid), Severity::Error);
    }
}
