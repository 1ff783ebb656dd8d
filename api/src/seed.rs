//! The development seed: on an empty database only, a demo retailer in Seoul with the
//! catalogue from `assets/demo/` and one account per role. Never runs in production
//! (configuration turns `seed_demo` off there).

use anyhow::Context;

use crate::db::{DbConnection, DbPool, migrate, write_transaction};
use crate::domain::accounts::Role;
use crate::domain::accounts::users::{self, NewUser};
use crate::domain::catalog::import;
use crate::domain::catalog::input::PriceInput;
use crate::domain::delivery::templates::{self, TemplateInput};
use crate::domain::delivery::zones::{self, ZoneInput};
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
        Ok(Some((retailer, report)))
    })?;
    if let Some((retailer, report)) = seeded {
        let accounts: Vec<String> = DEMO_ACCOUNTS
            .iter()
            .map(|(email, _, role)| format!("{email} ({})", role.as_str()))
            .collect();
        tracing::info!(
            retailer_id = %retailer.id,
            products = report.created,
            accounts = %accounts.join(", "),
            password = DEMO_PASSWORD,
            "seeded the demo retailer and accounts"
        );
    }
    Ok(())
}
