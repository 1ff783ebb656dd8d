//! A poster spec from a product CSV, for a retailer without the API: the API's import
//! columns (`sku,name,description,price_minor,stock_on_hand,gtin,active`) plus `image` (a
//! file name in the images directory) and optional `subtitle`; each QR payload comes from
//! a URL template whose `{placeholders}` are CSV columns.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::spec::{ImageSource, LayoutSpec, Money, PageSpec, PosterSpec, QrSpec, Slot, Theme};

/// Everything about the poster that the CSV does not say.
#[derive(Debug, Clone)]
pub struct CsvOptions {
    /// E.g. `https://shop.example/p/{sku}`; placeholders name CSV columns.
    pub url_template: String,
    /// Directory of the files named in the `image` column.
    pub images_dir: Option<PathBuf>,
    /// ISO 4217 currency of `price_minor`.
    pub currency: String,
    /// Locale for prices; defaults from the currency.
    pub locale: Option<String>,
    /// Header title.
    pub title: String,
    /// Small line above the title.
    pub brand: Option<String>,
    /// Header call to action.
    pub tagline: Option<String>,
    /// Footer text.
    pub footer: Option<String>,
    /// Page.
    pub page: PageSpec,
    /// Grid.
    pub layout: LayoutSpec,
    /// Scan distance in metres.
    pub scan_distance_m: f64,
    /// QR choices (`uppercase` off keeps the template's case).
    pub qr: QrSpec,
}

const REQUIRED: [&str; 3] = ["sku", "name", "price_minor"];

/// Builds a spec from CSV text. Rows with `active` false are left out. Errors name the
/// line (the header is line 1) and the column.
pub fn spec_from_csv(input: impl Read, options: &CsvOptions) -> Result<PosterSpec> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(input);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| Error::invalid("csv", format!("cannot read the header row: {e}")))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    if let Some(missing) = REQUIRED
        .iter()
        .find(|column| !headers.iter().any(|h| h == *column))
    {
        return Err(Error::invalid(
            "csv",
            format!("the header row has no `{missing}` column"),
        ));
    }
    let template = Template::parse(&options.url_template, &headers)?;
    let mut slots = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let record =
            record.map_err(|e| Error::invalid(format!("csv line {line}"), e.to_string()))?;
        let row: HashMap<&str, &str> = headers
            .iter()
            .map(String::as_str)
            .zip(record.iter())
            .collect();
        let get = |column: &str| row.get(column).copied().unwrap_or_default();
        let field = |column: &str| format!("csv line {line}, column {column}");
        if matches!(
            get("active").to_ascii_lowercase().as_str(),
            "false" | "0" | "no"
        ) {
            continue;
        }
        let price = get("price_minor");
        let amount_minor = price.parse().map_err(|_| {
            Error::invalid(
                field("price_minor"),
                format!("`{price}` is not a whole number of minor units"),
            )
        })?;
        let name = get("name");
        if name.is_empty() {
            return Err(Error::invalid(field("name"), "must not be empty"));
        }
        let subtitle = match get("subtitle") {
            "" => first_sentence(get("description")),
            subtitle => Some(subtitle.to_owned()),
        };
        let image = match get("image") {
            "" => None,
            file => Some(ImageSource::Path(
                options
                    .images_dir
                    .as_ref()
                    .map_or_else(|| file.into(), |dir| dir.join(file)),
            )),
        };
        slots.push(Slot {
            sku: Some(get("sku").to_owned()),
            name: name.to_owned(),
            subtitle,
            price: Money {
                amount_minor,
                currency: options.currency.clone(),
            },
            image,
            url: template.expand(&row),
        });
    }
    Ok(PosterSpec {
        title: options.title.clone(),
        brand: options.brand.clone(),
        tagline: options.tagline.clone(),
        footer: options.footer.clone(),
        page: options.page.clone(),
        layout: options.layout,
        theme: Theme::default(),
        scan_distance_m: options.scan_distance_m,
        qr: options.qr,
        locale: options.locale.clone(),
        slots,
    })
}

/// A description's first sentence, as a label's subtitle.
fn first_sentence(description: &str) -> Option<String> {
    let first = description
        .split(". ")
        .next()
        .unwrap_or_default()
        .trim()
        .trim_end_matches('.');
    (!first.is_empty()).then(|| first.to_owned())
}

/// A URL template split into literal text and column placeholders.
struct Template {
    parts: Vec<Part>,
}

enum Part {
    Text(String),
    Column(String),
}

impl Template {
    fn parse(template: &str, headers: &[String]) -> Result<Self> {
        let field = "--url-template";
        let mut parts = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            parts.push(Part::Text(rest[..open].to_owned()));
            let close = rest[open..].find('}').ok_or_else(|| {
                Error::invalid(field, format!("`{template}` has a `{{` without its `}}`"))
            })?;
            let column = rest[open + 1..open + close].trim().to_ascii_lowercase();
            if !headers.contains(&column) {
                return Err(Error::invalid(
                    field,
                    format!(
                        "placeholder `{{{column}}}` is not a CSV column (columns: {})",
                        headers.join(", ")
                    ),
                ));
            }
            parts.push(Part::Column(column));
            rest = &rest[open + close + 1..];
        }
        parts.push(Part::Text(rest.to_owned()));
        if !parts.iter().any(|p| matches!(p, Part::Column(_))) {
            return Err(Error::invalid(
                field,
                "has no `{column}` placeholder, so every code would open the same page",
            ));
        }
        Ok(Self { parts })
    }

    /// The URL for one row, column values percent-encoded (RFC 3986 unreserved characters
    /// kept), so a value cannot break out of its place in the URL.
    fn expand(&self, row: &HashMap<&str, &str>) -> String {
        self.parts
            .iter()
            .map(|part| match part {
                Part::Text(text) => text.clone(),
                Part::Column(column) => {
                    percent_encode(row.get(column.as_str()).copied().unwrap_or_default())
                }
            })
            .collect()
    }
}

fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(template: &str) -> CsvOptions {
        CsvOptions {
            url_template: template.into(),
            images_dir: Some("photos".into()),
            currency: "KRW".into(),
            locale: None,
            title: "T".into(),
            brand: None,
            tagline: None,
            footer: None,
            page: PageSpec::default(),
            layout: LayoutSpec::default(),
            scan_distance_m: 1.0,
            qr: QrSpec::default(),
        }
    }

    const CSV: &str = "sku,name,description,price_minor,stock_on_hand,gtin,active,image\n\
        DEMO-MILK-1L,서울우유 1L,\"신선한 1등급 우유. Fresh grade-A milk.\",2980,80,,true,milk.jpg\n\
        OLD,Gone,,100,0,,false,\n\
        A B,Spaced,,5,1,,true,\n";

    #[test]
    fn builds_slots_from_rows() {
        let spec = spec_from_csv(CSV.as_bytes(), &options("https://shop.example/p/{sku}"))
            .expect("valid csv");
        assert_eq!(spec.slots.len(), 2, "inactive rows are left out");
        let milk = &spec.slots[0];
        assert_eq!(milk.url, "https://shop.example/p/DEMO-MILK-1L");
        assert_eq!(milk.subtitle.as_deref(), Some("신선한 1등급 우유"));
        assert_eq!(
            milk.price,
            Money {
                amount_minor: 2980,
                currency: "KRW".into()
            }
        );
        assert_eq!(
            milk.image,
            Some(ImageSource::Path("photos/milk.jpg".into()))
        );
        assert_eq!(spec.slots[1].url, "https://shop.example/p/A%20B");
    }

    #[test]
    fn names_line_and_column_of_errors() {
        let bad = "sku,name,price_minor\nX,Y,12.5\n";
        let err = spec_from_csv(bad.as_bytes(), &options("https://s.example/{sku}"))
            .expect_err("decimal price");
        assert_eq!(
            err.to_string(),
            "csv line 2, column price_minor: `12.5` is not a whole number of minor units"
        );
        let err = spec_from_csv(CSV.as_bytes(), &options("https://s.example/{code}"))
            .expect_err("unknown column");
        assert!(
            err.to_string()
                .starts_with("--url-template: placeholder `{code}` is not a CSV column"),
            "{err}"
        );
        let err = spec_from_csv("sku,name\n".as_bytes(), &options("https://s.example/{sku}"))
            .expect_err("no price");
        assert!(err.to_string().contains("no `price_minor` column"), "{err}");
    }
}
