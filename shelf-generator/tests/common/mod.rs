//! Shared by the integration tests: the grocery-store fixture products as poster slots.
#![allow(dead_code, reason = "each test binary uses a different part")]

use std::path::{Path, PathBuf};

use shelf_generator::{ImageSource, Money, PosterSpec, Slot};

/// The repository's `tests/fixtures`, or `SHELF_FIXTURES_DIR` when set.
pub fn fixtures_dir() -> PathBuf {
    std::env::var_os("SHELF_FIXTURES_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures"))
}

pub fn grocery_dir() -> PathBuf {
    fixtures_dir().join("grocery-store/dataset")
}

/// Title and "volume · origin" from a product's `*Information.txt`. Some files start with a
/// BOM; one is named `Cabbage-Information.txt`; packages give "Manufacturer and volume" and
/// "Manufacturing country" where fruit give "Country and volume" or "Country".
fn information(folder: &Path) -> (String, Option<String>) {
    let file = std::fs::read_dir(folder)
        .expect("product folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with("Information.txt"))
        })
        .unwrap_or_else(|| panic!("no Information.txt in {}", folder.display()));
    let text = std::fs::read_to_string(&file).expect("readable information");
    let text = text.trim_start_matches('\u{feff}');
    let field = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(name))
            .map(|v| v.trim().trim_matches(',').trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let title = field("Title:").unwrap_or_else(|| panic!("no title in {}", file.display()));
    let subtitle = if let Some(both) = field("Country and volume:") {
        Some(
            both.split(',')
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" · "),
        )
    } else if let Some(volume) = field("Manufacturer and volume:") {
        let volume = volume
            .rsplit(',')
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned();
        Some(match field("Manufacturing country:") {
            Some(country) => format!("{volume} · {country}"),
            None => volume,
        })
    } else {
        field("Country:")
    };
    (title, subtitle)
}

/// An 8-character Crockford base32 code, as the API issues (deterministic here).
pub fn scan_code(i: usize) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut x = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (0..8)
        .map(|_| {
            let c = ALPHABET[(x % 32) as usize] as char;
            x /= 32;
            c
        })
        .collect()
}

/// The 81 products of the fixture, as slots priced in SEK with API-style scan URLs.
pub fn grocery_slots() -> Vec<Slot> {
    let dataset = grocery_dir();
    let mut reader = csv::Reader::from_path(dataset.join("classes.csv")).expect("classes.csv");
    reader
        .records()
        .enumerate()
        .map(|(i, record)| {
            let record = record.expect("csv row");
            let image = dataset.join(record[4].trim_start_matches('/'));
            let folder = image.parent().expect("image folder").to_path_buf();
            let (name, subtitle) = information(&folder);
            Slot {
                sku: Some(record[0].to_owned()),
                name,
                subtitle,
                price: Money {
                    amount_minor: 990 + (i as i64 * 1370) % 5000 / 10 * 10,
                    currency: "SEK".into(),
                },
                image: Some(ImageSource::Path(image)),
                url: format!("https://shop.example/s/{}", scan_code(i).to_lowercase()),
            }
        })
        .collect()
}

/// A spec holding `slots` on `size`, scanned from `distance_m`.
pub fn spec(slots: Vec<Slot>, size: &str, distance_m: f64) -> PosterSpec {
    let mut spec = PosterSpec::from_json(&format!(
        r#"{{"title": "Färskt från marknaden", "brand": "Virtual Shelf · Hemköp demo",
            "tagline": "Scan a product · pay · delivered tonight", "footer": "Order before 13:00 for delivery tonight",
            "scan_distance_m": {distance_m}, "page": {{"size": "{size}"}}, "slots": []}}"#
    ))
    .expect("valid spec");
    spec.slots = slots;
    spec
}

/// A scratch directory for one test's files, removed with the value.
pub fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary directory")
}
