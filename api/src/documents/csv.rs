//! CSV answers that open cleanly in a spreadsheet: UTF-8 with a byte order mark (Excel
//! reads BOM-less CSV in the machine's legacy code page and garbles Hangul), fields quoted
//! where needed by the `csv` writer, and cells a spreadsheet would run as formulas
//! neutralized. Every CSV answer goes through [`document`].

use std::borrow::Cow;

use crate::domain::DomainError;

/// UTF-8 byte order mark. Standard CSV readers (the `csv` crate, Python's `utf-8-sig`,
/// spreadsheets) skip it.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// First characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `cell` as a spreadsheet should show it: text starting with `=`, `+`, `-`, `@`, a tab
/// or a carriage return is read as a formula (CSV injection), so it gets a leading `'`,
/// which makes the spreadsheet treat the cell as text.
pub fn neutralize(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The text of a cell [`neutralize`] wrote: without the `'` it put before a formula-like
/// start, so that a document read back (the catalogue's export, imported again) holds
/// what was written. (Text that itself starts with `'` and then such a character loses
/// its `'`: the price of reading exports back.)
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(text) if text.starts_with(FORMULA_STARTS) => text,
        _ => cell,
    }
}

/// A CSV document: the BOM, the header row, then the rows, every cell neutralized.
pub fn document<R, C>(header: &[&str], rows: R) -> Result<Vec<u8>, DomainError>
where
    R: IntoIterator,
    R::Item: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut writer = csv::WriterBuilder::new().from_writer(BOM.to_vec());
    writer
        .write_record(header.iter().map(|cell| neutralize(cell).into_owned()))
        .map_err(DomainError::internal)?;
    for row in rows {
        writer
            .write_record(
                row.into_iter()
                    .map(|cell| neutralize(cell.as_ref()).into_owned()),
            )
            .map_err(DomainError::internal)?;
    }
    writer.into_inner().map_err(DomainError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralizes_formula_starts_only() {
        for formula in ["=1+2", "+82 10", "-5", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralize(formula), format!("'{formula}"));
        }
        for text in ["홍길동", "Kim, \"Jay\"", "a=b", "", "'quoted", " =x"] {
            assert_eq!(neutralize(text), text);
        }
        for text in ["=1+2", "-5", "'quoted", "'", "plain"] {
            assert_eq!(restore(&neutralize(text)), text);
        }
    }

    #[test]
    fn standard_readers_round_trip_the_document() {
        let rows = vec![
            vec!["7Q2K-9XJ4", "Kim, \"Jay\"\nFlat 2", "=HYPERLINK(\"x\")"],
            vec!["ABCD-EFGH", "홍길동", "plain"],
        ];
        let bytes = document(&["number", "name", "note"], rows).expect("csv");
        assert!(bytes.starts_with(BOM));
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let header: Vec<String> = reader
            .headers()
            .expect("header")
            .iter()
            .map(str::to_owned)
            .collect();
        // The BOM does not leak into the first column's name.
        assert_eq!(header, ["number", "name", "note"]);
        let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        assert_eq!(&records[0][1], "Kim, \"Jay\"\nFlat 2");
        assert_eq!(&records[0][2], "'=HYPERLINK(\"x\")");
        assert_eq!(&records[1][1], "홍길동");
    }
}
