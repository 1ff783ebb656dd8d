//! The development seed: on an empty database only, a demo retailer in Seoul with the
//! catalogue from `assets/demo/` (each product with a photo rasterized from the
//! shelf-generator's demo artwork), one account per role, delivery slots, and a poster of
//! the whole catalogue hung in Seoul Station, whose print file is written to
//! `<data dir>/demo/`. Never runs in production (configuration turns `seed_demo` off there).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context;

use crate::app::urls::PublicUrls;
use crate::db::{DbConnection, DbPool, migrate, write_transaction};
use crate::domain::accounts::Role;
use crate::domain::accounts::users::{self, NewUser};
use crate::domain::catalog::input::{PriceInput, ProductInput};
use crate::domain::catalog::{images, import, products};
use crate::domain::delivery::templates::{self, TemplateInput};
use crate::domain::delivery::zones::{self, ZoneInput};
use crate::domain::posters::placements::{self, PlacementInput};
use crate::domain::posters::printing::{self, PrintFormat};
use crate::domain::posters::{self, PosterInput, SlotInput};
use crate::domain::retailers::{self, NewRetailer};
use crate::storage::{BlobStore, StorageError};

/// The demo catalogue, shipped with the binary.
const DEMO_CATALOG_CSV: &[u8] = include_bytes!("../../assets/demo/catalog.csv");
/// Password of every demo account.
pub const DEMO_PASSWORD: &str = "demo-password";

/// Demo accounts: email, display name, role, whether it belongs to the demo retailer.
const DEMO_ACCOUNTS: &[(&str, &str, Role)] = &[
    ("admin@demo.test", "Platform Admin", Role::PlatformAdmin),
    (
        "retailer@demo.test",
        "Demo Retailer Admin",
        Role::RetailerAdmin,
    ),
    (
        "operator@demo.test",
        "Demo Delivery Operator",
        Role::Operator,
    ),
    ("customer@demo.test", "Demo Customer", Role::Customer),
];

/// A Seoul zone (postal codes starting with `04`) with two evening slots every day;
/// orders before 13:00 may still book the same evening, as in Tesco's Seoul virtual store.
fn seed_delivery(conn: &mut DbConnection, retailer_id: &str) -> anyhow::Result<()> {
    let zone = zones::create(
        conn,
        retailer_id,
        &ZoneInput {
            name: "서울 중구·용산 (Seoul Jung-gu, Yongsan)".into(),
            postal_codes: vec!["04".into()],
        },
    )?;
    for weekday in 1..=7 {
        for (start, end) in [("18:00", "20:00"), ("20:00", "22:00")] {
            templates::create(
                conn,
                &zone.zone.id,
                "KRW",
                &TemplateInput {
                    weekday,
                    start: start.into(),
                    end: end.into(),
                    capacity: 20,
                    fee: PriceInput {
                        amount_minor: 3000,
                        currency: Some("KRW".into()),
                    },
                    prior_notice_minutes: 120,
                    same_day_cutoff: Some("13:00".into()),
                },
            )?;
        }
    }
    Ok(())
}

/// The routes have no default scan distance; 0.7 m is the shelf-generator's (its CLI's
/// `--distance` and its demo poster), so the seeded print matches the generator's demo.
const DEMO_SCAN_DISTANCE_M: f64 = 0.7;
/// How long the demo placement's campaign runs from seeding time.
const DEMO_CAMPAIGN_DAYS: i64 = 90;

/// Longer side, in pixels, of the photos rasterized from the demo artwork: 150 ppi at the
/// size the demo poster prints them.
const DEMO_PHOTO_SIDE_PX: u32 = 800;

/// The demo poster and where it hangs, by id.
struct DemoPoster {
    poster_id: String,
    placement_id: String,
}

/// Where the seed keeps what is not in the database.
#[derive(Debug, Clone)]
pub struct SeedFiles {
    /// Where product photos (and print renders) are stored, as uploads are.
    pub blobs: Arc<dyn BlobStore>,
    /// The public URLs the print's QR codes carry.
    pub urls: PublicUrls,
    /// The data directory; the demo placement's print file goes to its `demo/`.
    pub data_dir: PathBuf,
}

/// Where the seed writes the print PDF of the demo placement `placement_id`.
pub fn demo_print_file(data_dir: &Path, placement_id: &str) -> PathBuf {
    data_dir
        .join("demo")
        .join(format!("placement-{placement_id}.pdf"))
}

/// Gives every demo product that has artwork in the shelf-generator's demo (all of them)
/// that artwork as its photo, stored as an upload would be; answers how many.
fn seed_photos(
    conn: &mut DbConnection,
    blobs: &dyn BlobStore,
    retailer_id: &str,
    catalogue: &[(usize, ProductInput)],
) -> anyhow::Result<usize> {
    let mut photos = 0;
    for (_, product) in catalogue {
        let Some(art) = shelf_generator::demo::artwork(&product.sku) else {
            continue;
        };
        let raster = shelf_generator::images::rasterize_svg(art, DEMO_PHOTO_SIDE_PX)
            .with_context(|| format!("rasterizing the artwork of {}", product.sku))?;
        let key = images::store(blobs, &raster)?;
        products::set_image(conn, retailer_id, &product.sku, &key)?;
        photos += 1;
    }
    Ok(photos)
}

/// Renders the demo placement's print PDF (its own codes, QR codes carrying `urls`)
/// through the same domain function as its print route and writes it to
/// [`demo_print_file`].
fn write_print_file(
    conn: &mut DbConnection,
    files: &SeedFiles,
    blobs: &dyn BlobStore,
    retailer_id: &str,
    poster: &DemoPoster,
) -> anyhow::Result<PathBuf> {
    let job = printing::prepare(
        conn,
        retailer_id,
        &poster.poster_id,
        Some(&poster.placement_id),
        |code| files.urls.qr_payload(code),
    )?;
    let pdf = job.render(blobs, PrintFormat::Pdf)?;
    let path = demo_print_file(&files.data_dir, &poster.placement_id);
    let dir = path.parent().context("the print file's folder")?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    // Write then rename, so a reader never sees half a file.
    let partial = path.with_extension("pdf.partial");
    std::fs::write(&partial, &pdf.bytes)
        .and_then(|()| std::fs::rename(&partial, &path))
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// A poster of the whole demo catalogue, placed in Seoul Station from now on, so a fresh
/// database already has codes to scan and a wall to attribute sales to.
fn seed_poster(
    conn: &mut DbConnection,
    retailer_id: &str,
    catalogue: &[(usize, ProductInput)],
) -> anyhow::Result<DemoPoster> {
    let poster = posters::create(
        conn,
        retailer_id,
        &PosterInput {
            title: "Demo Mart — Seoul Station wall".into(),
            page_size: posters::default_page_size(),
            layout: posters::default_layout(),
            scan_distance_m: DEMO_SCAN_DISTANCE_M,
            slots: catalogue
                .iter()
                .map(|(_, product)| SlotInput {
                    sku: product.sku.clone(),
                })
                .collect(),
        },
    )?;
    let starts_at = chrono::Utc::now();
    let placement = placements::create(
        conn,
        retailer_id,
        &poster.poster.id,
        &PlacementInput {
            name: "Seoul Station, Line 1 concourse".into(),
            site: Some("Seoul Station".into()),
            spot: Some("Line 1 concourse".into()),
            city: Some("Seoul".into()),
            latitude: Some(37.5547),
            longitude: Some(126.9707),
            starts_at,
            ends_at: starts_at + chrono::Duration::days(DEMO_CAMPAIGN_DAYS),
            cost_minor: None,
        },
    )?;
    Ok(DemoPoster {
        poster_id: poster.poster.id,
        placement_id: placement.placement.id,
    })
}

/// Blobs the seed writes, held back until its transaction has committed: the blob store
/// may be this very database (`SHELF_BLOB_URL=database`), and on SQLite a write through
/// another connection would wait for the seed's own write lock until it timed out.
#[derive(Debug)]
struct HeldBlobs<'a> {
    store: &'a dyn BlobStore,
    held: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl HeldBlobs<'_> {
    fn held(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Vec<u8>>> {
        self.held
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Writes what was held to the store.
    fn flush(&self) -> Result<(), StorageError> {
        std::mem::take(&mut *self.held())
            .into_iter()
            .try_for_each(|(key, bytes)| self.store.put(&key, &bytes))
    }
}

impl BlobStore for HeldBlobs<'_> {
    fn put(&self, key: &str, bytes: &[u8]) -> Result<(), StorageError> {
        self.held().insert(key.to_owned(), bytes.to_vec());
        Ok(())
    }

    fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StorageError> {
        match self.held().get(key) {
            Some(bytes) => Ok(Some(bytes.clone())),
            None => self.store.get(key),
        }
    }
}

/// Seeds the demo data when no retailer and no user exist yet; otherwise does nothing.
/// Photos and the print file are part of it: if any of it fails, nothing is seeded (the
/// photos are stored just after the commit; if that fails, startup fails saying so).
pub fn seed_if_empty(pool: &DbPool, files: &SeedFiles) -> anyhow::Result<()> {
    let mut conn = pool.get().context("seed connection")?;
    let blobs = HeldBlobs {
        store: files.blobs.as_ref(),
        held: Mutex::default(),
    };
    // One transaction, serialized across processes: API nodes starting together on one
    // database seed it once.
    let seeded = write_transaction(&mut conn, |conn| -> anyhow::Result<_> {
        migrate::lock_for_setup(conn)?;
        if !(retailers::none_exist(conn)? && users::none_exist(conn)?) {
            return Ok(None);
        }
        let retailer = retailers::create(
            conn,
            &NewRetailer {
                name: "Virtual Shelf Demo Mart".into(),
                currency: "KRW".into(),
                time_zone: "Asia/Seoul".into(),
                locale: "ko-KR".into(),
            },
        )?;
        let rows = import::parse_csv(DEMO_CATALOG_CSV)?;
        let report = import::apply(conn, &retailer.id, &rows, false)?;
        for (email, name, role) in DEMO_ACCOUNTS {
            users::create(
                conn,
                &NewUser {
                    email,
                    password: DEMO_PASSWORD,
                    name,
                    role: *role,
                    retailer_id: role.is_retailer_staff().then_some(retailer.id.as_str()),
                },
            )?;
        }
        seed_delivery(conn, &retailer.id)?;
        let photos = seed_photos(conn, &blobs, &retailer.id, &rows)?;
        let poster = seed_poster(conn, &retailer.id, &rows)?;
        let print_file = write_print_file(conn, files, &blobs, &retailer.id, &poster)?;
        Ok(Some((retailer, report, photos, poster, print_file)))
    })?;
    blobs.flush().context("storing the demo photos")?;
    if let Some((retailer, report, photos, poster, print_file)) = seeded {
        let accounts: Vec<String> = DEMO_ACCOUNTS
            .iter()
            .map(|(email, _, role)| format!("{email} ({})", role.as_str()))
            .collect();
        tracing::info!(
            retailer_id = %retailer.id,
            products = report.created,
            photos,
            accounts = %accounts.join(", "),
            password = DEMO_PASSWORD,
            poster_id = %poster.poster_id,
            placement_id = %poster.placement_id,
            print_url = %format!(
                "{}/v1/retailers/{}/posters/{}/placements/{}/print.pdf",
                files.urls.origin(),
                retailer.id,
                poster.poster_id,
                poster.placement_id
            ),
            print_file = %print_file.display(),
            "seeded the demo retailer, accounts, product photos, poster and placement"
        );
    }
    Ok(())
}
