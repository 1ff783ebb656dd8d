//! Bulk import from CSV or a JSON array: parse every row, report every bad one with its row
//! number, then upsert by SKU in one transaction: all rows or none.

use std::collections::HashMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::input::{PriceField, ProductInput, ProductJson};
use super::products::{self, SaveMode, SaveOutcome};
use crate::db::DbConnection;
use crate::domain::{DomainError, FieldError};

/// Columns the CSV may carry, in any order. `image` belongs to the shelf-generator's CSV and
/// is accepted here so one file serves both; photos are uploaded separately.
const CSV_COLUMNS: &[&str] = &[
    "sku",
    "name",
    "description",
    "price_minor",
    "stock_on_hand",
    "gtin",
    "active",
    "image",
];

/// What an import did (or, on a dry run, would do).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, ToSchema)]
pub struct ImportReport {
    /// Rows read.
    pub rows: usize,
    /// New products.
    pub created: usize,
    /// Existing products changed.
    pub updated: usize,
    /// Rows that matched what was stored.
    pub unchanged: usize,
    /// True when nothing was written.
    pub dry_run: bool,
}

fn invalid(errors: Vec<FieldError>) -> DomainError {
    DomainError::Invalid(errors)
}

/// Parses CSV (UTF-8, optional BOM, quoted fields, LF or CRLF). Row numbers are line
/// numbers as a spreadsheet shows them: the header is row 1.
pub fn parse_csv(body: &[u8]) -> Result<Vec<(usize, ProductInput)>, DomainError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(body);
    let headers = reader
        .headers()
        .map_err(|e| DomainError::invalid("header", format!("unreadable header row: {e}")))?
        .clone();
    let mut columns: HashMap<&str, usize> = HashMap::new();
    let mut errors = Vec::new();
    for (index, name) in headers.iter().enumerate() {
        let name = name.trim();
        if !CSV_COLUMNS.contains(&name) {
            errors.push(
                FieldError::new(
                    name,
                    format!("unknown column; expected some of {}", CSV_COLUMNS.join(",")),
                )
                .at_row(1),
            );
        } else if columns.insert(name, index).is_some() {
            errors.push(FieldError::new(name, "column appears twice").at_row(1));
        }
    }
    for required in ["sku"] {
        if !columns.contains_key(required) {
            errors.push(FieldError::new(required, "required column is missing").at_row(1));
        }
    }
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    let mut rows = Vec::new();
    let mut lines = LineCounter::new(body);
    for (index, record) in reader.records().enumerate() {
        let row = index + 2;
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let row = e.position().map_or(row, |p| lines.line_at(p.byte()));
                errors.push(FieldError::new("row", csv_error_message(&e)).at_row(row));
                continue;
            }
        };
        let row = record.position().map_or(row, |p| lines.line_at(p.byte()));
        // Exports defuse formula-like cells with a `'`: read back, they are what was written.
        let cell = |name: &str| {
            columns
                .get(name)
                .and_then(|&i| record.get(i))
                .map(crate::documents::csv::restore)
        };
        match csv_row(&cell) {
            Ok(input) => rows.push((row, input)),
            Err(field_errors) => errors.extend(field_errors.into_iter().map(|e| e.at_row(row))),
        }
    }
    finish(rows, errors)
}

/// The SKU cell of each data row, by row number as [`parse_csv`] numbers rows: which
/// product a reported row is about. Rows without a readable SKU cell are left out.
pub fn row_skus(body: &[u8]) -> HashMap<usize, String> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(body);
    let Some(column) = reader
        .headers()
        .ok()
        .and_then(|names| names.iter().position(|name| name.trim() == "sku"))
    else {
        return HashMap::new();
    };
    let mut lines = LineCounter::new(body);
    reader
        .records()
        .enumerate()
        .filter_map(|(index, record)| {
            let record = record.ok()?;
            let row = record
                .position()
                .map_or(index + 2, |p| lines.line_at(p.byte()));
            Some((row, record.get(column)?.trim().to_owned()))
        })
        .collect()
}

/// Line numbers from byte offsets: the csv crate counts lines one short after CRLF line
/// ends, and spreadsheets export CRLF.
struct LineCounter<'a> {
    body: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(body: &'a [u8]) -> Self {
        Self {
            body,
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line of `byte`; offsets must not decrease between calls.
    fn line_at(&mut self, byte: u64) -> usize {
        let mut target = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.body.len());
        // After a CRLF the reader reports the record as starting at the LF.
        while matches!(self.body.get(target), Some(b'\r' | b'\n')) {
            target += 1;
        }
        if target > self.offset {
            self.line += self.body[self.offset..target]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.offset = target;
        }
        self.line
    }
}

fn csv_error_message(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8".into(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("has {len} fields where the header has {expected_len}"),
        _ => "cannot be read as CSV".into(),
    }
}

fn csv_row<'r>(cell: &impl Fn(&str) -> Option<&'r str>) -> Result<ProductInput, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut number = |name: &str| -> Option<i64> {
        let text = cell(name)?.trim();
        if text.is_empty() {
            return None;
        }
        text.parse::<i64>()
            .map_err(|_| errors.push(FieldError::new(name, "must be a whole number")))
            .ok()
    };
    let price_minor = number("price_minor");
    let stock_on_hand = number("stock_on_hand");
    let active = cell("active")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .and_then(|text| match text.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" => Some(false),
            _ => {
                errors.push(FieldError::new("active", "must be true or false"));
                None
            }
        });
    let input = ProductInput {
        sku: cell("sku").unwrap_or_default().to_owned(),
        gtin: cell("gtin").map(|g| Some(g.to_owned())),
        name: cell("name").map(str::to_owned),
        description: cell("description").map(str::to_owned),
        price_minor,
        stock_on_hand,
        active,
        price_field: PriceField::Minor,
    };
    match input.normalized() {
        Ok(input) if errors.is_empty() => Ok(input),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.extend(more);
            Err(errors)
        }
    }
}

/// Parses a JSON array of product objects (the product JSON shape). Rows count from 1.
pub fn parse_json(body: &[u8], currency: &str) -> Result<Vec<(usize, ProductInput)>, DomainError> {
    let values: Vec<serde_json::Value> = serde_json::from_slice(body).map_err(|e| {
        DomainError::invalid("body", format!("must be a JSON array of products: {e}"))
    })?;
    let mut rows = Vec::with_capacity(values.len());
    let mut errors = Vec::new();
    for (index, value) in values.into_iter().enumerate() {
        let row = index + 1;
        let parsed = serde_json::from_value::<ProductJson>(value)
            .map_err(|e| vec![FieldError::new("product", e.to_string())])
            .and_then(|json| {
                let sku = json.sku.clone().unwrap_or_default();
                json.into_input(sku, currency)
            })
            .and_then(ProductInput::normalized);
        match parsed {
            Ok(input) => rows.push((row, input)),
            Err(field_errors) => errors.extend(field_errors.into_iter().map(|e| e.at_row(row))),
        }
    }
    finish(rows, errors)
}

/// Adds duplicate-SKU errors and returns the rows only when no row has a problem.
fn finish(
    rows: Vec<(usize, ProductInput)>,
    mut errors: Vec<FieldError>,
) -> Result<Vec<(usize, ProductInput)>, DomainError> {
    let mut first_row: HashMap<&str, usize> = HashMap::new();
    for (row, input) in &rows {
        if let Some(first) = first_row.insert(&input.sku, *row) {
            errors.push(
                FieldError::new("sku", format!("duplicates the SKU of row {first}")).at_row(*row),
            );
            first_row.insert(&input.sku, first);
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(FieldError::new("body", "contains no products"));
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        errors.sort_by_key(|e| e.row);
        Err(invalid(errors))
    }
}

/// Upserts the parsed rows by SKU, all or nothing.
pub fn apply(
    conn: &mut DbConnection,
    retailer_id: &str,
    rows: &[(usize, ProductInput)],
    dry_run: bool,
) -> Result<ImportReport, DomainError> {
    let saved = products::save_many(conn, retailer_id, rows, SaveMode::Upsert, dry_run)?;
    let mut report = ImportReport {
        rows: rows.len(),
        dry_run,
        ..ImportReport::default()
    };
    for (_, outcome) in saved {
        match outcome {
            SaveOutcome::Created => report.created += 1,
            SaveOutcome::Updated => report.updated += 1,
            SaveOutcome::Unchanged => report.unchanged += 1,
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors_of(result: Result<Vec<(usize, ProductInput)>, DomainError>) -> Vec<FieldError> {
        match result {
            Err(DomainError::Invalid(errors)) => errors,
            other => panic!("expected validation errors, got {other:?}"),
        }
    }

    #[test]
    fn reads_bom_crlf_quotes_and_hangul() {
        let csv = "\u{feff}name,sku,price_minor,description\r\n\"신라면, 5개\",RAMEN-5,3900,\"Spicy \"\"hot\"\" noodles\"\r\nSmörgåsost,CHEESE,8900,\r\n";
        let rows = parse_csv(csv.as_bytes()).expect("valid csv");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[0].1.name.as_deref(), Some("신라면, 5개"));
        assert_eq!(
            rows[0].1.description.as_deref(),
            Some("Spicy \"hot\" noodles")
        );
        assert_eq!(rows[1].1.name.as_deref(), Some("Smörgåsost"));
        assert_eq!(rows[1].1.price_minor, Some(8900));
    }

    #[test]
    fn reports_every_bad_row_with_its_number() {
        let csv = "sku,name,price_minor,stock_on_hand,gtin,active\n\
                   OK-1,Fine,100,1,,true\n\
                   BAD-1,Price,abc,1,,true\n\
                   BAD-2,Gtin,100,1,1234567890123,maybe\n\
                   OK-1,Twice,100,1,,\n";
        let errors = errors_of(parse_csv(csv.as_bytes()));
        let found: Vec<_> = errors.iter().map(|e| (e.row, e.field.as_str())).collect();
        assert_eq!(
            found,
            [
                (Some(3), "price_minor"),
                (Some(4), "active"),
                (Some(4), "gtin"),
                (Some(5), "sku")
            ]
        );
    }

    #[test]
    fn refuses_unknown_columns_and_ragged_rows() {
        let errors = errors_of(parse_csv(b"sku,prise\nA,1\n"));
        assert_eq!(errors[0].field, "prise");
        let errors = errors_of(parse_csv(b"sku,name\nA,x,extra\n"));
        assert_eq!(errors[0].row, Some(2));
    }

    #[test]
    fn refuses_invalid_utf8() {
        let errors = errors_of(parse_csv(b"sku,name\nA,\xff\xfe\n"));
        assert_eq!(errors[0].row, Some(2));
    }

    #[test]
    fn parses_json_rows_in_the_product_shape() {
        let body = br#"[{"sku":"A","name":"x","price":{"amount_minor":5,"currency":"KRW"}},
                        {"sku":"B","price":{"amount_minor":5,"currency":"EUR"}}]"#;
        let errors = errors_of(parse_json(body, "KRW"));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].row, Some(2));
        assert_eq!(errors[0].field, "price.currency");
    }
}
