//! Case-insensitive "contains" search in SQL, shared by the lists that offer a search box
//! (the catalogue, a retailer's orders).

use diesel::sql_types::Text;

#[diesel::declare_sql_function]
extern "SQL" {
    /// SQL `lower()`: case folding for search (ASCII only on SQLite).
    fn lower(text: Text) -> Text;
}

/// The `LIKE` pattern (escape character `\`) matching any text that contains `term`,
/// lower-cased: the term's own `%`, `_` and `\` match only themselves.
pub fn contains_pattern(term: &str) -> String {
    let escaped = term
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

#[cfg(test)]
mod tests {
    use super::contains_pattern;

    #[test]
    fn wildcards_in_the_term_match_only_themselves() {
        assert_eq!(contains_pattern("MiLk"), "%milk%");
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
