//! Checkout load generator: many customers filling their carts and checking out against a
//! running `virtual-shelf`, for `scripts/bench-checkout`. Timing lives here, never in the
//! pass/fail tests.
//!
//! ```sh
//! cargo run --release -p virtual-shelf-tests --example checkout_load -- \
//!     --base-url http://127.0.0.1:8080 --customers 200 --concurrency 32 --seconds 10
//! ```
//!
//! Setup (not timed): signs in as the demo retailer admin, imports `--products` products
//! with a billion units each, creates a zone for postal codes `99…` with four two-hour
//! templates of capacity 10,000 (the maximum) on every weekday, picks `--slots` bookable
//! slots from tomorrow on, and registers `--customers` customers (Argon2 hashing, so this
//! takes a while). Timed phase: `--concurrency` workers, each with its own share of the
//! customers, repeat "set 1–3 cart lines (quantity 1–3), check out with a fresh
//! `Idempotency-Key` and `tok_approve`" until `--seconds` have passed; a cycle that has
//! started finishes, so the database matches the counts. Customer `i` always uses slot
//! `i mod slots`.
//!
//! Prints a human summary on stderr and one JSON line on stdout: checkouts (201s) per
//! second over the whole timed phase, checkout latency percentiles (every checkout
//! request, whatever its answer), cart-line latency, units in the 201 orders, and every
//! other answer counted by status and problem code. With `--server-pid` (and
//! `--postgres-database` for the backends serving that database) it also reports the CPU
//! seconds each side spent during the timed phase, read from Linux's `/proc`.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use chrono::Utc;
use futures_util::{StreamExt, future, stream};
use reqwest::{Client, Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};

const USAGE: &str = "checkout_load --base-url URL [--customers 200] [--concurrency 32] \
[--seconds 10] [--products 100] [--slots 8] [--retailer-email retailer@demo.test] \
[--retailer-password demo-password] [--server-pid PID] [--postgres-database NAME]";

/// Highest capacity a slot template accepts.
const SLOT_CAPACITY: u32 = 10_000;
/// Template windows per weekday (local time).
const WINDOWS: [(&str, &str); 4] = [
    ("10:00", "12:00"),
    ("12:00", "14:00"),
    ("14:00", "16:00"),
    ("16:00", "18:00"),
];
const CUSTOMER_PASSWORD: &str = "checkout load password";
/// Registrations at a time (each hashes a password with Argon2 on the server).
const REGISTRATION_CONCURRENCY: usize = 4;

#[derive(Debug)]
struct Args {
    base_url: String,
    customers: usize,
    concurrency: usize,
    seconds: f64,
    products: usize,
    slots: usize,
    retailer_email: String,
    retailer_password: String,
    server_pid: Option<u32>,
    postgres_database: Option<String>,
}

impl Args {
    fn parse() -> Result<Self> {
        let mut args = Self {
            base_url: String::new(),
            customers: 200,
            concurrency: 32,
            seconds: 10.0,
            products: 100,
            slots: 8,
            retailer_email: "retailer@demo.test".into(),
            retailer_password: "demo-password".into(),
            server_pid: None,
            postgres_database: None,
        };
        let mut raw = std::env::args().skip(1);
        while let Some(flag) = raw.next() {
            if flag == "--help" || flag == "-h" {
                bail!("usage: {USAGE}");
            }
            let value = raw
                .next()
                .with_context(|| format!("{flag} needs a value; usage: {USAGE}"))?;
            let number = || -> Result<usize> {
                value
                    .parse()
                    .with_context(|| format!("{flag}: not a number: {value}"))
            };
            match flag.as_str() {
                "--base-url" => args.base_url = value.trim_end_matches('/').to_owned(),
                "--customers" => args.customers = number()?,
                "--concurrency" => args.concurrency = number()?,
                "--seconds" => {
                    args.seconds = value
                        .parse()
                        .with_context(|| format!("--seconds: not a number: {value}"))?;
                }
                "--products" => args.products = number()?,
                "--slots" => args.slots = number()?,
                "--retailer-email" => args.retailer_email = value,
                "--retailer-password" => args.retailer_password = value,
                "--server-pid" => args.server_pid = Some(number()?.try_into()?),
                "--postgres-database" => args.postgres_database = Some(value),
                _ => bail!("unknown argument {flag}; usage: {USAGE}"),
            }
        }
        ensure!(
            !args.base_url.is_empty(),
            "--base-url is required; usage: {USAGE}"
        );
        ensure!(args.concurrency >= 1, "--concurrency must be at least 1");
        ensure!(
            args.customers >= args.concurrency,
            "--customers must be at least --concurrency (a customer is used by one worker)"
        );
        ensure!(args.products >= 3, "--products must be at least 3");
        ensure!(args.slots >= 1, "--slots must be at least 1");
        ensure!(args.seconds > 0.0, "--seconds must be positive");
        Ok(args)
    }
}

/// splitmix64: small, seeded, good enough to pick products.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
}

struct Api {
    client: Client,
    base: String,
}

impl Api {
    fn request(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let request = self.client.request(method, format!("{}{path}", self.base));
        match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }
}

/// Sends the request and returns the JSON body, failing on any other status.
async fn expect(request: RequestBuilder, status: StatusCode, what: &str) -> Result<Value> {
    let response = request.send().await.with_context(|| what.to_owned())?;
    let actual = response.status();
    let body = response.text().await.with_context(|| what.to_owned())?;
    ensure!(actual == status, "{what}: {actual} {body}");
    serde_json::from_str(&body).with_context(|| format!("{what}: not JSON: {body}"))
}

fn text<'a>(value: &'a Value, field: &str) -> Result<&'a str> {
    value[field]
        .as_str()
        .with_context(|| format!("no {field} in {value}"))
}

struct Shop {
    retailer_id: String,
    zone_id: String,
    skus: Vec<String>,
    slot_ids: Vec<String>,
}

async fn prepare_shop(api: &Api, args: &Args) -> Result<Shop> {
    let login = expect(
        api.request(Method::POST, "/v1/auth/login", None)
            .json(&json!({"email": args.retailer_email, "password": args.retailer_password})),
        StatusCode::OK,
        "retailer login",
    )
    .await?;
    let token = text(&login, "access_token")?.to_owned();
    let me = expect(
        api.request(Method::GET, "/v1/me", Some(&token)),
        StatusCode::OK,
        "me",
    )
    .await?;
    let retailer_id = text(&me, "retailer_id")?.to_owned();

    let skus: Vec<String> = (0..args.products).map(|i| format!("LOAD-{i:04}")).collect();
    let mut csv = String::from("sku,name,description,price_minor,stock_on_hand\n");
    for (i, sku) in skus.iter().enumerate() {
        csv.push_str(&format!(
            "{sku},Load product {i},For the checkout load test,{},1000000000\n",
            1000 + 10 * i
        ));
    }
    expect(
        api.request(
            Method::POST,
            &format!("/v1/retailers/{retailer_id}/products/import"),
            Some(&token),
        )
        .header("content-type", "text/csv")
        .body(csv),
        StatusCode::OK,
        "product import",
    )
    .await?;

    let zones_path = format!("/v1/retailers/{retailer_id}/delivery/zones");
    let zones = expect(
        api.request(Method::GET, &zones_path, Some(&token)),
        StatusCode::OK,
        "zones",
    )
    .await?;
    let existing = zones["items"].as_array().and_then(|zones| {
        zones
            .iter()
            .find(|zone| {
                zone["postal_codes"]
                    .as_array()
                    .is_some_and(|codes| codes.contains(&json!("99")))
            })
            .cloned()
    });
    let zone = match existing {
        Some(zone) => zone,
        None => {
            expect(
                api.request(Method::POST, &zones_path, Some(&token))
                    .json(&json!({"name": "Checkout load", "postal_codes": ["99"]})),
                StatusCode::CREATED,
                "zone",
            )
            .await?
        }
    };
    let zone_id = text(&zone, "id")?.to_owned();
    for weekday in 1..=7 {
        for (start, end) in WINDOWS {
            let response = api
                .request(
                    Method::POST,
                    &format!("{zones_path}/{zone_id}/templates"),
                    Some(&token),
                )
                .json(&json!({"weekday": weekday, "start": start, "end": end,
                              "capacity": SLOT_CAPACITY, "fee": {"amount_minor": 3000},
                              "prior_notice_minutes": 60}))
                .send()
                .await
                .context("template")?;
            // 409: the template exists from an earlier run against this server.
            let status = response.status();
            ensure!(
                status == StatusCode::CREATED || status == StatusCode::CONFLICT,
                "template: {status} {}",
                response.text().await.unwrap_or_default()
            );
        }
    }

    let tomorrow = (Utc::now() + chrono::Duration::hours(9) + chrono::Duration::days(1))
        .date_naive()
        .to_string();
    let listed = expect(
        api.request(
            Method::GET,
            &format!(
                "/v1/delivery/slots?retailer_id={retailer_id}&postal_code=99123&from={tomorrow}&days=13"
            ),
            None,
        ),
        StatusCode::OK,
        "slots",
    )
    .await?;
    let slot_ids: Vec<String> = listed["slots"]
        .as_array()
        .context("no slots array")?
        .iter()
        .filter(|slot| slot["bookable"] == json!(true))
        .filter_map(|slot| slot["id"].as_str().map(str::to_owned))
        .take(args.slots)
        .collect();
    ensure!(
        slot_ids.len() == args.slots,
        "only {} bookable slots, {} wanted",
        slot_ids.len(),
        args.slots
    );
    Ok(Shop {
        retailer_id,
        zone_id,
        skus,
        slot_ids,
    })
}

async fn register_customers(api: &Api, count: usize) -> Result<Vec<String>> {
    let run = uuid::Uuid::new_v4().simple().to_string();
    let tokens: Vec<Result<String>> = stream::iter(0..count)
        .map(|i| {
            let email = format!("load-{run}-{i}@customer.test");
            async move {
                let registered = expect(
                    api.request(Method::POST, "/v1/auth/register", None).json(
                        &json!({"email": email, "password": CUSTOMER_PASSWORD, "name": format!("Rider {i}")}),
                    ),
                    StatusCode::CREATED,
                    "register",
                )
                .await?;
                Ok(text(&registered, "access_token")?.to_owned())
            }
        })
        .buffered(REGISTRATION_CONCURRENCY)
        .collect()
        .await;
    tokens.into_iter().collect()
}

/// What one worker saw.
#[derive(Default)]
struct Tally {
    checkout_latencies: Vec<Duration>,
    cart_latencies: Vec<Duration>,
    created: u64,
    units: u64,
    /// Non-201 checkout answers and failed cart requests, by "what status code".
    other: BTreeMap<String, u64>,
}

impl Tally {
    fn other(&mut self, what: String) {
        *self.other.entry(what).or_default() += 1;
    }

    fn merge(&mut self, other: Self) {
        self.checkout_latencies.extend(other.checkout_latencies);
        self.cart_latencies.extend(other.cart_latencies);
        self.created += other.created;
        self.units += other.units;
        for (what, count) in other.other {
            *self.other.entry(what).or_default() += count;
        }
    }
}

/// "409 out_of_stock", "500 internal", "transport error" …
async fn describe(response: reqwest::Response) -> String {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or_default();
    match body["code"].as_str() {
        Some(code) => format!("{status} {code}"),
        None => status.to_string(),
    }
}

/// Empties a cart after a failed cycle, so the next cycle starts clean.
async fn empty_cart(api: &Api, token: &str) {
    let Ok(response) = api
        .request(Method::GET, "/v1/cart", Some(token))
        .send()
        .await
    else {
        return;
    };
    let cart: Value = response.json().await.unwrap_or_default();
    for line in cart["items"].as_array().into_iter().flatten() {
        if let Some(id) = line["id"].as_str() {
            let _ = api
                .request(Method::DELETE, &format!("/v1/cart/items/{id}"), Some(token))
                .send()
                .await;
        }
    }
}

/// One worker: cycles through its customers until the deadline.
async fn worker(
    api: &Api,
    shop: &Shop,
    customers: Vec<(usize, &str)>,
    worker: usize,
    deadline: Instant,
) -> Tally {
    let mut tally = Tally::default();
    let mut rng = Rng(worker as u64 + 1);
    let address = json!({"name": "홍길동", "phone": "010-1234-5678", "line1": "세종대로 110",
                         "line2": "3층", "postal_code": "99123", "city": "서울"});
    for &(index, token) in customers.iter().cycle() {
        if Instant::now() >= deadline {
            break;
        }
        let lines = 1 + rng.below(3);
        let mut products: Vec<usize> = Vec::with_capacity(lines);
        while products.len() < lines {
            let product = rng.below(shop.skus.len());
            if !products.contains(&product) {
                products.push(product);
            }
        }
        let mut cart_ok = true;
        for product in products {
            let body = json!({"retailer_id": shop.retailer_id, "sku": shop.skus[product],
                              "quantity": 1 + rng.below(3)});
            let started = Instant::now();
            let sent = api
                .request(Method::POST, "/v1/cart/items", Some(token))
                .json(&body)
                .send()
                .await;
            tally.cart_latencies.push(started.elapsed());
            match sent {
                Ok(response) if response.status() == StatusCode::OK => {}
                Ok(response) => {
                    let what = describe(response).await;
                    tally.other(format!("cart {what}"));
                    cart_ok = false;
                }
                Err(_) => {
                    tally.other("cart transport error".into());
                    cart_ok = false;
                }
            }
        }
        if !cart_ok {
            empty_cart(api, token).await;
            continue;
        }
        let body = json!({"delivery_slot_id": shop.slot_ids[index % shop.slot_ids.len()],
                          "address": address, "payment": {"token": "tok_approve"}});
        let started = Instant::now();
        let sent = api
            .request(Method::POST, "/v1/checkout", Some(token))
            .header("idempotency-key", uuid::Uuid::new_v4().to_string())
            .json(&body)
            .send()
            .await;
        let answer = match sent {
            Ok(response) if response.status() == StatusCode::CREATED => response
                .json::<Value>()
                .await
                .map_err(|_| "checkout 201 unreadable".to_owned()),
            Ok(response) => Err(format!("checkout {}", describe(response).await)),
            Err(_) => Err("checkout transport error".to_owned()),
        };
        tally.checkout_latencies.push(started.elapsed());
        match answer {
            Ok(order) if order["status"] == "confirmed" => {
                tally.created += 1;
                tally.units += order["items"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|item| item["quantity"].as_u64())
                    .sum::<u64>();
            }
            Ok(order) => tally.other(format!("checkout 201 {}", order["status"])),
            Err(what) => {
                tally.other(what);
                empty_cart(api, token).await;
            }
        }
    }
    tally
}

/// CPU seconds spent during the timed phase, read from Linux's `/proc` (clock ticks of
/// 1/100 s), to tell where the time went; `None` where `/proc` cannot be read.
#[derive(Debug, Clone, Copy, Default)]
struct CpuSnapshot {
    /// Busy time of all cores together (everything but idle and iowait).
    machine_busy: f64,
    /// Busy plus idle time of all cores.
    machine_total: f64,
    server: Option<f64>,
    generator: Option<f64>,
    /// The PostgreSQL backends connected to the benchmark's database.
    postgres: f64,
}

const TICKS_PER_SECOND: f64 = 100.0;

/// utime + stime of a process, with its command name.
fn process_cpu(stat_path: &std::path::Path) -> Option<(String, f64)> {
    let stat = std::fs::read_to_string(stat_path).ok()?;
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let name = stat.get(open + 1..close)?.to_owned();
    let fields: Vec<&str> = stat.get(close + 1..)?.split_whitespace().collect();
    // Fields 14 and 15 of proc(5); the first after the name is field 3.
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((name, (utime + stime) / TICKS_PER_SECOND))
}

impl CpuSnapshot {
    fn take(args: &Args) -> Self {
        let mut snapshot = Self::default();
        if let Ok(stat) = std::fs::read_to_string("/proc/stat")
            && let Some(line) = stat.lines().next()
        {
            let ticks: Vec<f64> = line
                .split_whitespace()
                .skip(1)
                .filter_map(|t| t.parse().ok())
                .collect();
            let total: f64 = ticks.iter().take(8).sum();
            let idle = ticks.get(3).copied().unwrap_or(0.0) + ticks.get(4).copied().unwrap_or(0.0);
            snapshot.machine_total = total / TICKS_PER_SECOND;
            snapshot.machine_busy = (total - idle) / TICKS_PER_SECOND;
        }
        snapshot.server = args
            .server_pid
            .and_then(|pid| {
                process_cpu(
                    &std::path::Path::new("/proc")
                        .join(pid.to_string())
                        .join("stat"),
                )
            })
            .map(|(_, seconds)| seconds);
        snapshot.generator = process_cpu(std::path::Path::new("/proc/self/stat")).map(|(_, s)| s);
        if let Some(database) = &args.postgres_database
            && let Ok(entries) = std::fs::read_dir("/proc")
        {
            // A backend's command line reads "postgres: USER DATABASE ADDRESS STATE".
            let marker = format!(" {database} ");
            snapshot.postgres = entries
                .flatten()
                .filter(|entry| {
                    std::fs::read(entry.path().join("cmdline"))
                        .is_ok_and(|line| String::from_utf8_lossy(&line).contains(&marker))
                })
                .filter_map(|entry| process_cpu(&entry.path().join("stat")))
                .filter(|(name, _)| name == "postgres")
                .map(|(_, seconds)| seconds)
                .sum();
        }
        snapshot
    }

    /// What happened between `self` and `later`, as JSON.
    fn spent_until(&self, later: &Self) -> Value {
        let busy = later.machine_busy - self.machine_busy;
        let server = later.server.zip(self.server).map(|(b, a)| b - a);
        let generator = later.generator.zip(self.generator).map(|(b, a)| b - a);
        let postgres = later.postgres - self.postgres;
        let other = busy - server.unwrap_or(0.0) - generator.unwrap_or(0.0) - postgres;
        json!({
            "capacity_s": round2(later.machine_total - self.machine_total),
            "busy_s": round2(busy),
            "server_s": server.map(round2),
            "generator_s": generator.map(round2),
            "postgres_s": round2(postgres),
            "other_s": round2(other),
        })
    }
}

/// Nearest-rank percentile in milliseconds.
fn percentile_ms(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    let index = rank.clamp(1, sorted.len()) - 1;
    sorted[index].as_secs_f64() * 1000.0
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let args = Args::parse()?;
    // One thread for the whole generator, so it takes at most one of the cores it
    // shares with the server and the database.
    let api = Api {
        client: Client::builder()
            .timeout(Duration::from_secs(60))
            .pool_max_idle_per_host(args.concurrency * 2)
            .build()
            .context("HTTP client")?,
        base: args.base_url.clone(),
    };

    let setup = Instant::now();
    let shop = prepare_shop(&api, &args).await?;
    let tokens = register_customers(&api, args.customers).await?;
    let setup_secs = setup.elapsed().as_secs_f64();
    eprintln!(
        "setup: {} products, {} slots, {} customers registered in {setup_secs:.1} s",
        shop.skus.len(),
        shop.slot_ids.len(),
        tokens.len()
    );

    let cpu_before = CpuSnapshot::take(&args);
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(args.seconds);
    let workers = (0..args.concurrency).map(|w| {
        let customers: Vec<(usize, &str)> = tokens
            .iter()
            .enumerate()
            .skip(w)
            .step_by(args.concurrency)
            .map(|(i, token)| (i, token.as_str()))
            .collect();
        worker(&api, &shop, customers, w, deadline)
    });
    let tallies = future::join_all(workers).await;
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = cpu_before.spent_until(&CpuSnapshot::take(&args));

    let mut tally = Tally::default();
    for one in tallies {
        tally.merge(one);
    }
    tally.checkout_latencies.sort_unstable();
    tally.cart_latencies.sort_unstable();
    let checkout = &tally.checkout_latencies;
    let cart = &tally.cart_latencies;
    let result = json!({
        "customers": args.customers,
        "concurrency": args.concurrency,
        "slots": shop.slot_ids.len(),
        "products": shop.skus.len(),
        "seconds": round2(elapsed),
        "setup_seconds": round2(setup_secs),
        "checkouts": tally.created,
        "checkouts_per_s": round2(tally.created as f64 / elapsed),
        "checkout_requests": checkout.len(),
        "checkout_p50_ms": round2(percentile_ms(checkout, 0.50)),
        "checkout_p90_ms": round2(percentile_ms(checkout, 0.90)),
        "checkout_p99_ms": round2(percentile_ms(checkout, 0.99)),
        "checkout_max_ms": round2(percentile_ms(checkout, 1.0)),
        "cart_requests": cart.len(),
        "cart_p50_ms": round2(percentile_ms(cart, 0.50)),
        "cart_p99_ms": round2(percentile_ms(cart, 0.99)),
        "units": tally.units,
        "other": tally.other,
        "cpu": cpu,
        "retailer_id": shop.retailer_id,
        "zone_id": shop.zone_id,
    });
    eprintln!(
        "{} checkouts in {elapsed:.2} s = {:.1}/s; checkout p50 {:.1} ms, p99 {:.1} ms; \
         cart line p50 {:.1} ms; other answers: {}; CPU seconds: {}",
        tally.created,
        tally.created as f64 / elapsed,
        percentile_ms(checkout, 0.50),
        percentile_ms(checkout, 0.99),
        percentile_ms(cart, 0.50),
        result["other"],
        result["cpu"]
    );
    // The one machine-readable line, on stdout for scripts/bench-checkout.
    writeln!(std::io::stdout().lock(), "{result}").context("stdout")?;
    Ok(())
}
