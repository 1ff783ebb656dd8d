//! The development seed: on an empty database only, a demo retailer in Seoul with the
//! catalogue from `assets/demo/`, one account per role, delivery slots, and a poster of the
//! whole catalogue hung in Seoul Station. Never runs in production (configuration turns
//! `seed_demo` off there).

use anyhow::Context;

use crate::db::{DbConnection, DbPool, migrate, write_transaction};
use crate::domain::accounts::Role;
use crate::domain::accounts::users::{self, NewUser};
use crate::domain::catalog::import;
use crate::domain::catalog::input::{PriceInput, ProductInput};
use crate::domain::delivery::templates::{self, TemplateInput};
use crate::domain::delivery::zones::{self, ZoneInput};
use crate::domain::posters::placements::{self, PlacementInput};
use crate::domain::posters::{self, PosterInput, SlotInput};
use crate::domain::retailers::{self, NewRetailer};

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

/// The demo poster and where it hangs, by id.
struct DemoPoster {
    poster_id: String,
    placement_id: String,
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
        },
    )?;
    Ok(DemoPoster {
        poster_id: poster.poster.id,
        placement_id: placement.placement.id,
    })
}

/// Seeds the demo data when no retailer and no user exist yet; otherwise does nothing.
pub fn seed_if_empty(pool: &DbPool) -> anyhow::Result<()> {
    let mut conn = pool.get().context("seed connection")?;
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
        let poster = seed_poster(conn, &retailer.id, &rows)?;
        Ok(Some((retailer, report, poster)))
    })?;
    if let Some((retailer, report, poster)) = seeded {
        let accounts: Vec<String> = DEMO_ACCOUNTS
            .iter()
            .map(|(email, _, role)| format!("{email} ({})", role.as_str()))
            .collect();
        tracing::info!(
            retailer_id = %retailer.id,
            products = report.created,
            accounts = %accounts.join(", "),
            password = DEMO_PASSWORD,
            poster_id = %poster.poster_id,
            placement_id = %poster.placement_id,
            print = %format!(
                "/v1/retailers/{}/posters/{}/print.pdf",
                retailer.id, poster.poster_id
            ),
            "seeded the demo retailer, accounts, poster and placement"
        );
    }
    Ok(())
}
