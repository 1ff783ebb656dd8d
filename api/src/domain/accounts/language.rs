//! The language an account's messages are written in: chosen at registration from the
//! client's `Accept-Language`, changeable by its owner. The pages' own language rule
//! ([`crate::app::pages::i18n::Lang`]) reads the header through [`Language::from_accept_language`].

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A language the service writes in. Stored as its code in a text column.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    Serialize,
    Deserialize,
    ToSchema,
    AsExpression,
    FromSqlRow,
)]
#[diesel(sql_type = Text)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// 한국어.
    Ko,
    /// English (the fallback).
    #[default]
    En,
}

impl Language {
    /// Every language, Korean first.
    pub const ALL: [Self; 2] = [Self::Ko, Self::En];

    /// The stored code (`ko`, `en`), also the `lang` attribute of pages.
    pub fn code(self) -> &'static str {
        match self {
            Self::Ko => "ko",
            Self::En => "en",
        }
    }

    /// The language of a code as [`Language::code`] writes it.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|language| language.code() == code)
    }

    /// The preferred supported language of an `Accept-Language` header (highest `q`
    /// first, header order breaking ties); English when none is supported or the header
    /// is missing.
    pub fn from_accept_language(header: Option<&str>) -> Self {
        let Some(header) = header else {
            return Self::En;
        };
        let mut ranked: Vec<(f32, usize, &str)> = header
            .split(',')
            .enumerate()
            .filter_map(|(index, part)| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (q > 0.0).then_some((q, index, tag))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked
            .iter()
            .find_map(|(_, _, tag)| {
                let primary = tag.split('-').next().unwrap_or_default();
                Self::parse(&primary.to_ascii_lowercase())
            })
            .unwrap_or(Self::En)
    }
}

impl<DB> ToSql<Text, DB> for Language
where
    DB: Backend,
    str: ToSql<Text, DB>,
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
        self.code().to_sql(out)
    }
}

impl<DB> FromSql<Text, DB> for Language
where
    DB: Backend,
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        let code = String::from_sql(bytes)?;
        Self::parse(&code).ok_or_else(|| format!("unknown language {code:?}").into())
    }
}

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn accept_language_picks_the_best_supported() {
        let pick = |header| Language::from_accept_language(Some(header));
        assert_eq!(pick("ko-KR,ko;q=0.9,en;q=0.8"), Language::Ko);
        assert_eq!(pick("en-US,ko;q=0.5"), Language::En);
        assert_eq!(pick("fr, ko;q=0.1"), Language::Ko);
        assert_eq!(pick("ko;q=0, en;q=0.2"), Language::En);
        assert_eq!(pick("fr-FR"), Language::En);
        assert_eq!(Language::from_accept_language(None), Language::En);
    }
}
