//! Analytics volume seeder, for `scripts/bench-analytics`: a retailer in Seoul with one
//! poster of 100 products hung in 50 placements (5,000 placement codes), then millions of
//! scans over the last days and a few thousand attributed orders, written through the
//! same domain functions the live path uses, with injected times. Timing of reports lives
//! in the script; this only seeds, and reports how fast.
//!
//! ```sh
//! cargo run --release -p virtual-shelf-tests --example analytics_seed -- \
//!     --database-url sqlite:///tmp/a.db --events 10000000 --days 90
//! ```
//!
//! Scans go through `domain::scans::events::record_batch`, exactly as the scan writer
//! stores a batch: raw `scan_events` rows plus the rollups, in one transaction. Like the
//! sweeper, the visitor marks of a local day are deleted once the seeder has finished that
//! day (the live tables hold a day or two of marks, never 90), and the day salts at the
//! end. Orders are inserted as rows (they need a customer and a delivery slot, which this
//! creates once) and attributed through `domain::analytics::orders::record_confirmed` and
//! `record_return` at their injected times; each ordered line was also an add-to-cart,
//! and twice as many carts were abandoned (`rollup::count_add_to_cart`).
//!
//! The shape: weekday commuter peaks at 7–9 and 17–19 local, flatter and lower weekends;
//! placements (stations) and products within a poster each follow a Zipf-like
//! popularity; visitors are drawn from a pool of `--visitors` (address and user agent) per
//! day, a quarter of scans are repeated by the same visitor on the same code minutes
//! later, and a fifth are followed by a scan of another product on the same wall.
//! Deterministic for a given `--seed`.
//!
//! Prints progress on stderr and one JSON line on stdout: the retailer, the staff login,
//! the range, and events per second over the scan phase.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};
use diesel::prelude::*;
use serde_json::json;
use virtual_shelf::db::schema::{
    analytics_visitor_marks, delivery_slots, order_items, orders, slot_bookings,
};
use virtual_shelf::db::{Backend, DbConnection, establish, migrate, write_transaction};
use virtual_shelf::domain::accounts::Role;
use virtual_shelf::domain::accounts::users::{self, NewUser};
use virtual_shelf::domain::analytics::rollup::{self, Rollups};
use virtual_shelf::domain::analytics::{self, Source, Visit};
use virtual_shelf::domain::catalog::import;
use virtual_shelf::domain::catalog::input::PriceInput;
use virtual_shelf::domain::delivery::templates::{self, TemplateInput};
use virtual_shelf::domain::delivery::zones::{self, ZoneInput};
use virtual_shelf::domain::ids;
use virtual_shelf::domain::orders::{Order, OrderItem, OrderStatus};
use virtual_shelf::domain::posters::placements::{self, PlacementInput};
use virtual_shelf::domain::posters::{self, PosterInput};
use virtual_shelf::domain::retailers::{self, NewRetailer, Retailer};
use virtual_shelf::domain::scans::{self, events};

const USAGE: &str = "analytics_seed --database-url URL [--events 10000000] [--days 90] \
[--placements 50] [--products 100] [--visitors 60000] [--orders 3000] [--batch 20000] \
[--jobs 1] [--seed 1]";

/// The staff account the benchmark signs in with.
const STAFF_EMAIL: &str = "analytics@bench.test";
const STAFF_PASSWORD: &str = "bench analytics password";

/// Relative scan volume per local hour on a weekday: the commuter peaks.
const WEEKDAY_HOURS: [f64; 24] = [
    0.3, 0.15, 0.1, 0.1, 0.15, 0.6, 2.0, 6.0, 8.0, 5.0, 2.5, 2.5, 3.5, 3.0, 2.5, 2.5, 3.0, 6.0,
    8.0, 5.0, 3.0, 2.5, 1.5, 0.8,
];
/// The same on Saturdays and Sundays: no commute, a midday bump.
const WEEKEND_HOURS: [f64; 24] = [
    0.4, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.0, 1.5, 2.0, 3.0, 3.5, 4.0, 4.0, 3.5, 3.5, 3.5, 3.5, 3.5,
    3.0, 2.5, 2.0, 1.5, 0.8,
];
/// Device mix of the visitor pool.
const USER_AGENTS: [&str; 6] = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-S921N) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; SM-A536N) AppleWebKit/537.36 Chrome/125.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918N) AppleWebKit/537.36 SamsungBrowser/25.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
];

#[derive(Debug)]
struct Args {
    database_url: String,
    events: u64,
    days: u32,
    placements: usize,
    products: usize,
    visitors: u32,
    orders: usize,
    batch: usize,
    jobs: usize,
    seed: u64,
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        database_url: String::new(),
        events: 10_000_000,
        days: 90,
        placements: 50,
        products: 100,
        visitors: 60_000,
        orders: 3_000,
        batch: 20_000,
        jobs: 1,
        seed: 1,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .with_context(|| format!("{flag} needs a value; {USAGE}"))
        };
        match flag.as_str() {
            "--database-url" => args.database_url = value()?,
            "--events" => args.events = value()?.parse()?,
            "--days" => args.days = value()?.parse()?,
            "--placements" => args.placements = value()?.parse()?,
            "--products" => args.products = value()?.parse()?,
            "--visitors" => args.visitors = value()?.parse()?,
            "--orders" => args.orders = value()?.parse()?,
            "--batch" => args.batch = value()?.parse()?,
            "--jobs" => args.jobs = value()?.parse()?,
            "--seed" => args.seed = value()?.parse()?,
            _ => bail!("unknown argument {flag}; {USAGE}"),
        }
    }
    if args.database_url.is_empty() || args.days == 0 || args.jobs == 0 || args.batch == 0 {
        bail!("{USAGE}");
    }
    Ok(args)
}

/// SplitMix64: small, fast and reproducible, which is all a load shape needs.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// Draws an index by weight (cumulative table, binary search).
#[derive(Debug)]
struct Weighted(Vec<f64>);

impl Weighted {
    fn new(weights: impl IntoIterator<Item = f64>) -> Self {
        let mut total = 0.0;
        Self(
            weights
                .into_iter()
                .map(|w| {
                    total += w;
                    total
                })
                .collect(),
        )
    }

    /// Zipf-like popularity over `n` items whose ranks are shuffled by `rng`.
    fn zipf(n: usize, exponent: f64, rng: &mut Rng) -> Self {
        let mut ranks: Vec<usize> = (1..=n).collect();
        for i in (1..n).rev() {
            ranks.swap(i, usize::try_from(rng.below(i as u64 + 1)).unwrap_or(0));
        }
        Self::new(ranks.into_iter().map(|r| 1.0 / (r as f64).powf(exponent)))
    }

    fn draw(&self, rng: &mut Rng) -> usize {
        let x = rng.unit() * self.0.last().copied().unwrap_or(0.0);
        self.0.partition_point(|&c| c <= x).min(self.0.len() - 1)
    }
}

/// The codes of the wall: `codes[placement][product]`, with what the order lines need.
#[derive(Debug)]
struct Wall {
    retailer: Retailer,
    codes: Vec<Vec<Code>>,
    placements: Weighted,
    products: Weighted,
    customer_id: String,
    slot_id: String,
    booking_id: String,
}

#[derive(Debug)]
struct Code {
    source: Arc<Source>,
    product_id: String,
    sku: String,
    name: String,
    price_minor: i64,
}

impl Wall {
    fn draw(&self, rng: &mut Rng) -> (usize, usize) {
        (self.placements.draw(rng), self.products.draw(rng))
    }
}

fn hours_of(date: NaiveDate) -> &'static [f64; 24] {
    match date.weekday() {
        Weekday::Sat | Weekday::Sun => &WEEKEND_HOURS,
        _ => &WEEKDAY_HOURS,
    }
}

fn day_weight(date: NaiveDate) -> f64 {
    match date.weekday() {
        Weekday::Sat => 0.65,
        Weekday::Sun => 0.55,
        _ => 1.0,
    }
}

/// The UTC instant of a local time (Seoul has no daylight saving, so it always exists).
fn utc_of(retailer: &Retailer, date: NaiveDate, second_of_day: u32) -> Result<NaiveDateTime> {
    let local = date.and_hms_opt(0, 0, 0).context("midnight")?
        + Duration::seconds(i64::from(second_of_day));
    Ok(retailer
        .tz()?
        .from_local_datetime(&local)
        .earliest()
        .context("local time")?
        .naive_utc())
}

/// The retailer, catalogue, staff, delivery slot, poster and placements.
fn create_wall(conn: &mut DbConnection, args: &Args, rng: &mut Rng) -> Result<Wall> {
    let retailer = retailers::create(
        conn,
        &NewRetailer {
            name: "Analytics Bench Mart".into(),
            currency: "KRW".into(),
            time_zone: "Asia/Seoul".into(),
            locale: "ko-KR".into(),
        },
    )?;
    let mut csv = String::from("sku,name,description,price_minor,stock_on_hand\n");
    for i in 0..args.products {
        csv.push_str(&format!(
            "AB-{i:03},Bench product {i},For the analytics bench,{},1000000\n",
            1_000 + 100 * i
        ));
    }
    import::apply(
        conn,
        &retailer.id,
        &import::parse_csv(csv.as_bytes())?,
        false,
    )?;
    users::create(
        conn,
        &NewUser {
            email: STAFF_EMAIL,
            password: STAFF_PASSWORD,
            name: "Analytics bench",
            role: Role::RetailerAdmin,
            retailer_id: Some(&retailer.id),
        },
    )?;
    let customer = users::create(
        conn,
        &NewUser {
            email: "customer@analytics-bench.test",
            password: STAFF_PASSWORD,
            name: "Bench customer",
            role: Role::Customer,
            retailer_id: None,
        },
    )?;
    let (slot_id, booking_id) = delivery_slot(conn, &retailer)?;
    // Through its JSON form, so the page size and layout are the defaults a client gets.
    let design: PosterInput = serde_json::from_value(json!({
        "title": "Analytics bench wall",
        "scan_distance_m": 1.0,
        "slots": (0..args.products).map(|i| json!({"sku": format!("AB-{i:03}")})).collect::<Vec<_>>(),
    }))?;
    let poster = posters::create(conn, &retailer.id, &design)?;
    let starts_at = Utc::now() - Duration::days(i64::from(args.days) + 1);
    let mut code_rows = Vec::new();
    for p in 0..args.placements {
        let placement = placements::create(
            conn,
            &retailer.id,
            &poster.poster.id,
            &PlacementInput {
                name: format!("Station {p:02}"),
                site: Some(format!("Station {p:02}")),
                spot: Some("Concourse".into()),
                city: Some("Seoul".into()),
                latitude: None,
                longitude: None,
                starts_at,
                ends_at: Utc::now() + Duration::days(30),
                cost_minor: Some(500_000 * (1 + i64::try_from(p % 5)?)),
            },
        )?;
        code_rows.push(placement.slots);
    }
    let mut codes = Vec::new();
    for slots in code_rows {
        let wanted: Vec<String> = slots.iter().map(|s| s.code.clone()).collect();
        let resolved = scans::resolve_many(conn, &wanted)?;
        let mut row = Vec::new();
        for scan in resolved {
            row.push(Code {
                source: Arc::new(Source::of_scan(&scan)?),
                product_id: scan.product.id.clone(),
                sku: scan.product.sku.clone(),
                name: scan.product.name.clone(),
                price_minor: scan.printed_price_minor,
            });
        }
        codes.push(row);
    }
    Ok(Wall {
        retailer,
        codes,
        placements: Weighted::zipf(args.placements, 0.8, rng),
        products: Weighted::zipf(args.products, 1.0, rng),
        customer_id: customer.id,
        slot_id,
        booking_id,
    })
}

/// One delivery slot and booking every seeded order points at (orders require both;
/// nothing in the analytics reads them).
fn delivery_slot(conn: &mut DbConnection, retailer: &Retailer) -> Result<(String, String)> {
    let zone = zones::create(
        conn,
        &retailer.id,
        &ZoneInput {
            name: "Bench zone".into(),
            postal_codes: vec!["99".into()],
        },
    )?;
    let template = templates::create(
        conn,
        &zone.zone.id,
        "KRW",
        &TemplateInput {
            weekday: 1,
            start: "18:00".into(),
            end: "20:00".into(),
            capacity: 10_000,
            fee: PriceInput {
                amount_minor: 3_000,
                currency: Some("KRW".into()),
            },
            prior_notice_minutes: 60,
            same_day_cutoff: None,
        },
    )?;
    let now = ids::now();
    let (slot_id, booking_id) = (ids::new_id(), ids::new_id());
    diesel::insert_into(delivery_slots::table)
        .values((
            delivery_slots::id.eq(&slot_id),
            delivery_slots::zone_id.eq(&zone.zone.id),
            delivery_slots::template_id.eq(&template.id),
            delivery_slots::local_date.eq("2000-01-03"),
            delivery_slots::starts_at.eq(now),
            delivery_slots::ends_at.eq(now),
            delivery_slots::capacity.eq(10_000),
            delivery_slots::booked.eq(0),
            delivery_slots::fee_minor.eq(3_000_i64),
            delivery_slots::bookable_until.eq(now),
            delivery_slots::detached.eq(true),
            delivery_slots::created_at.eq(now),
        ))
        .execute(conn)?;
    diesel::insert_into(slot_bookings::table)
        .values((
            slot_bookings::id.eq(&booking_id),
            slot_bookings::slot_id.eq(&slot_id),
            slot_bookings::reference.eq("analytics bench"),
            slot_bookings::booked_at.eq(now),
        ))
        .execute(conn)?;
    Ok((slot_id, booking_id))
}

/// The visits of one local day, in time order.
fn visits_of_day(
    wall: &Wall,
    args: &Args,
    date: NaiveDate,
    count: u64,
    rng: &mut Rng,
) -> Result<Vec<Visit>> {
    let hours = Weighted::new(hours_of(date).iter().copied());
    let mut timed: Vec<(u32, Visit)> = Vec::with_capacity(usize::try_from(count)?);
    let visit = |at: u32, source: &Arc<Source>, visitor: u32, rng: &mut Rng| -> Result<_> {
        Ok((
            at,
            Visit {
                source: source.clone(),
                at: utc_of(&wall.retailer, date, at)?,
                page_view: rng.chance(0.6),
                client: std::net::Ipv4Addr::from(0x0A00_0000 | visitor).into(),
                user_agent: Some(USER_AGENTS[visitor as usize % USER_AGENTS.len()].into()),
            },
        ))
    };
    while (timed.len() as u64) < count {
        let visitor = u32::try_from(rng.below(u64::from(args.visitors)))?;
        let hour = u32::try_from(hours.draw(rng))?;
        let mut at = hour * 3600 + u32::try_from(rng.below(3600))?;
        let (placement, product) = wall.draw(rng);
        let code = &wall.codes[placement][product];
        timed.push(visit(at, &code.source, visitor, rng)?);
        let later = |at: u32, rng: &mut Rng| (at + 30 + rng.below(570) as u32).min(86_399);
        if rng.chance(0.25) && (timed.len() as u64) < count {
            at = later(at, rng);
            timed.push(visit(at, &code.source, visitor, rng)?);
        }
        if rng.chance(0.2) && (timed.len() as u64) < count {
            at = later(at, rng);
            let other = &wall.codes[placement][wall.products.draw(rng)];
            timed.push(visit(at, &other.source, visitor, rng)?);
        }
    }
    timed.sort_by_key(|(at, _)| *at);
    Ok(timed.into_iter().map(|(_, v)| v).collect())
}

/// The sweeper's work for a finished day: its visitor marks go (the day's counts stay).
fn forget_marks(conn: &mut DbConnection, date: NaiveDate) -> Result<()> {
    diesel::delete(
        analytics_visitor_marks::table
            .filter(analytics_visitor_marks::local_date.eq(analytics::date_key(date))),
    )
    .execute(conn)?;
    Ok(())
}

/// Scans of every day, days shared among `--jobs` workers, each with its own connection
/// and its own `Rollups` memory as separate writers (nodes) have.
fn seed_scans(args: &Args, wall: &Wall, days: &[(NaiveDate, u64)]) -> Result<f64> {
    let backend = Backend::from_url(&args.database_url)?;
    let next = AtomicUsize::new(0);
    let written = AtomicUsize::new(0);
    let started = Instant::now();
    let total: u64 = days.iter().map(|(_, n)| n).sum();
    std::thread::scope(|scope| -> Result<()> {
        let workers: Vec<_> = (0..args.jobs)
            .map(|_| {
                scope.spawn(|| -> Result<()> {
                    let mut conn = establish(&backend)?;
                    let mut rollups = Rollups::default();
                    loop {
                        let index = next.fetch_add(1, Ordering::SeqCst);
                        let Some(&(date, count)) = days.get(index) else {
                            return Ok(());
                        };
                        let mut rng = Rng(args.seed ^ (0xD1B5_4A32_D192_ED03 * (index as u64 + 1)));
                        let visits = visits_of_day(wall, args, date, count, &mut rng)?;
                        for batch in visits.chunks(args.batch) {
                            events::record_batch(&mut conn, &mut rollups, batch)?;
                        }
                        forget_marks(&mut conn, date)?;
                        let done = written.fetch_add(visits.len(), Ordering::SeqCst) + visits.len();
                        let seconds = started.elapsed().as_secs_f64();
                        eprintln!(
                            "{date}: {count} scans; {done}/{total} in {seconds:.0} s ({:.0} events/s)",
                            done as f64 / seconds
                        );
                    }
                })
            })
            .collect();
        for worker in workers {
            worker
                .join()
                .map_err(|_| anyhow::anyhow!("a seeding worker panicked"))??;
        }
        Ok(())
    })?;
    Ok(started.elapsed().as_secs_f64())
}

/// Orders over the range, attributed at their injected confirmation times: most
/// delivered, some returned three days later, some cancelled (which count nowhere).
/// Returns (orders, returned, cancelled).
fn seed_orders(
    conn: &mut DbConnection,
    args: &Args,
    wall: &Wall,
    days: &[(NaiveDate, u64)],
    rng: &mut Rng,
) -> Result<(usize, usize, usize)> {
    let by_volume = Weighted::new(days.iter().map(|(_, n)| *n as f64));
    let last_day = days.last().context("no days")?.0;
    let (mut returned, mut cancelled) = (0, 0);
    write_transaction(conn, |conn| -> Result<()> {
        for number in 0..args.orders {
            let date = days[by_volume.draw(rng)].0;
            let hours = Weighted::new(hours_of(date).iter().copied());
            let second = u32::try_from(hours.draw(rng))? * 3600 + u32::try_from(rng.below(3600))?;
            let at = utc_of(&wall.retailer, date, second)?;
            let order_id = ids::new_id();
            let mut items = Vec::new();
            let placement = wall.placements.draw(rng);
            for position in 0..=rng.below(3) {
                let code = &wall.codes[placement][wall.products.draw(rng)];
                if items
                    .iter()
                    .any(|i: &OrderItem| i.product_id == code.product_id)
                {
                    continue;
                }
                let quantity = 1 + i32::try_from(rng.below(3))?;
                rollup::count_add_to_cart(conn, &code.source, at - Duration::minutes(5))?;
                items.push(OrderItem {
                    id: ids::new_id(),
                    order_id: order_id.clone(),
                    position: i32::try_from(position)?,
                    product_id: code.product_id.clone(),
                    sku: code.sku.clone(),
                    name: code.name.clone(),
                    quantity,
                    unit_price_minor: code.price_minor,
                    catalog_price_minor: code.price_minor,
                    scan_code: Some(code.source.source_id.clone()),
                    picked_quantity: Some(quantity),
                    source_channel: Some(analytics::POSTER.into()),
                    source_id: Some(code.source.source_id.clone()),
                });
            }
            // Carts that never became orders.
            for _ in 0..2 * items.len() {
                let (p, q) = wall.draw(rng);
                rollup::count_add_to_cart(conn, &wall.codes[p][q].source, at)?;
            }
            let roll = rng.unit();
            let status = if roll < 0.06 {
                returned += 1;
                OrderStatus::Returned
            } else if roll < 0.12 {
                cancelled += 1;
                OrderStatus::Cancelled
            } else {
                OrderStatus::Delivered
            };
            let items_total: i64 = items.iter().map(OrderItem::line_total_minor).sum();
            diesel::insert_into(orders::table)
                .values(Order {
                    id: order_id.clone(),
                    number: format!("AB{number:06}"),
                    retailer_id: wall.retailer.id.clone(),
                    customer_id: wall.customer_id.clone(),
                    status,
                    status_reason: None,
                    currency: "KRW".into(),
                    items_total_minor: items_total,
                    delivery_fee_minor: 3_000,
                    total_minor: items_total + 3_000,
                    delivery_slot_id: wall.slot_id.clone(),
                    slot_booking_id: wall.booking_id.clone(),
                    reserved_until: at,
                    created_at: at,
                    updated_at: at,
                })
                .execute(conn)?;
            for item in &items {
                diesel::insert_into(order_items::table)
                    .values(item)
                    .execute(conn)?;
            }
            analytics::orders::record_confirmed(conn, &wall.retailer, &items, at)?;
            if status == OrderStatus::Returned {
                let back = (date + Duration::days(3)).min(last_day);
                let back_at = utc_of(&wall.retailer, back, 15 * 3600)?.max(at);
                analytics::orders::record_return(conn, &wall.retailer, &items, back_at)?;
            }
        }
        Ok(())
    })?;
    Ok((args.orders, returned, cancelled))
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let backend = Backend::from_url(&args.database_url)?;
    let mut conn = establish(&backend)?;
    migrate::run_pending(&mut conn)?;
    let mut rng = Rng(args.seed);
    let setup = Instant::now();
    let wall = create_wall(&mut conn, &args, &mut rng)?;
    let tz = wall.retailer.tz()?;
    let today = Utc::now().with_timezone(&tz).date_naive();
    let dates: Vec<NaiveDate> = (1..=args.days)
        .rev()
        .map(|back| today - Duration::days(i64::from(back)))
        .collect();
    let weight: f64 = dates.iter().copied().map(day_weight).sum();
    let mut days: Vec<(NaiveDate, u64)> = dates
        .iter()
        .map(|&d| (d, (args.events as f64 * day_weight(d) / weight) as u64))
        .collect();
    let assigned: u64 = days.iter().map(|(_, n)| n).sum();
    if let Some(last) = days.last_mut() {
        last.1 += args.events - assigned;
    }
    eprintln!(
        "set up {} placements x {} products in {:.1} s; seeding {} scans over {} .. {}",
        args.placements,
        args.products,
        setup.elapsed().as_secs_f64(),
        args.events,
        dates[0],
        dates[dates.len() - 1]
    );
    let scan_seconds = seed_scans(&args, &wall, &days)?;
    let order_start = Instant::now();
    let (orders, returned, cancelled) = seed_orders(&mut conn, &args, &wall, &days, &mut rng)?;
    let order_seconds = order_start.elapsed().as_secs_f64();
    // The sweeper forgets every past day's salt once the day is over everywhere.
    rollup::forget_days_before(&mut conn, today)?;
    eprintln!(
        "{} scans in {scan_seconds:.0} s ({:.0} events/s); {orders} orders ({returned} returned, {cancelled} cancelled) in {order_seconds:.1} s",
        args.events,
        args.events as f64 / scan_seconds
    );
    // The one machine-readable line, on stdout for scripts/bench-analytics.
    writeln!(
        std::io::stdout().lock(),
        "{}",
        json!({
            "retailer_id": wall.retailer.id,
            "staff_email": STAFF_EMAIL,
            "staff_password": STAFF_PASSWORD,
            "from": dates[0].to_string(),
            "to": dates[dates.len() - 1].to_string(),
            "events": args.events,
            "scan_seconds": scan_seconds,
            "events_per_second": args.events as f64 / scan_seconds,
            "jobs": args.jobs,
            "batch": args.batch,
            "orders": orders,
            "returned": returned,
            "cancelled": cancelled,
        })
    )
    .context("stdout")?;
    Ok(())
}
