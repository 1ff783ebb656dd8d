//! Operators' order lists and pick lists: filters, loading order, pages, CSV that any
//! reader parses back (commas, quotes, newlines, Hangul) with formulas neutralized, pick
//! lists summed across orders as JSON, CSV and an A4 PDF (kept in
//! `target/test-artifacts/pick-list/<backend>/`), and who may read them.

use std::process::Command;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use virtual_shelf::domain::accounts::Role;
use virtual_shelf::domain::orders::{self, Change, OrderStatus};

use crate::checkout::{checkout, customer, set_item};
use crate::delivery::{seoul_weekday_in, slots_for, zone_with_template};
use crate::helpers::{Backend, TestApp, error_fields, expect_json, expect_problem, spawn_app};
use crate::on_both_backends;
use crate::phone::artifact_dir;

on_both_backends!(
    csv_round_trips_names_and_neutralizes_formulas,
    filters_sort_and_pages,
    pick_lists_sum_across_orders,
    only_the_retailers_staff_read_the_lists,
);

const PRODUCTS_CSV: &str = "sku,name,description,price_minor,stock_on_hand,gtin\n\
    MILK,서울우유 1L,Milk,2500,500,8801115114154\n\
    RAMEN,신라면 멀티팩,Noodles,4980,500,8801043014830\n\
    EGGS,\"Eggs, \"\"free range\"\"\n15 pack\",Eggs,7480,500,0880123456782\n\
    TOFU,두부 300g,Tofu,1980,500,\n";

/// A product name with a comma, quotes and a line break (customers' names cannot have
/// line breaks; product names can).
const EGGS_NAME: &str = "Eggs, \"free range\"\n15 pack";

/// A shop two days ahead: zone A (postal codes `99…`, `981…`) with an early (18–20) and a
/// late (20–22) slot, zone B (`97…`) with one 18–20 slot; an operator and a customer.
struct Floor {
    shop: String,
    admin: String,
    operator: String,
    customer: String,
    date: String,
    zone_a: String,
    zone_b: String,
    early: String,
    late: String,
    north: String,
}

fn template(weekday: i64, start: &str, end: &str) -> Value {
    json!({"weekday": weekday, "start": start, "end": end, "capacity": 50,
           "fee": {"amount_minor": 3000}, "prior_notice_minutes": 60})
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    let response = app
        .authed(Method::POST, path, token)
        .json(&body)
        .send()
        .await
        .expect("post");
    expect_json(response, StatusCode::CREATED).await
}

async fn floor(app: &TestApp) -> Floor {
    let (weekday, date) = seoul_weekday_in(2);
    let (shop, admin, zone_a) = zone_with_template(app, template(weekday, "18:00", "20:00")).await;
    let zones = format!("/v1/retailers/{shop}/delivery/zones");
    post(
        app,
        &admin,
        &format!("{zones}/{zone_a}/templates"),
        template(weekday, "20:00", "22:00"),
    )
    .await;
    let zone_b = post(
        app,
        &admin,
        &zones,
        json!({"name": "North", "postal_codes": ["97"]}),
    )
    .await["id"]
        .as_str()
        .expect("zone id")
        .to_owned();
    post(
        app,
        &admin,
        &format!("{zones}/{zone_b}/templates"),
        template(weekday, "18:00", "20:00"),
    )
    .await;
    let imported = app.import_csv(&shop, &admin, PRODUCTS_CSV).await;
    expect_json(imported, StatusCode::OK).await;
    let slot_ids = |slots: Vec<Value>| -> Vec<String> {
        slots
            .iter()
            .map(|s| s["id"].as_str().expect("slot id").to_owned())
            .collect()
    };
    let zone_a_slots =
        slot_ids(slots_for(app, &shop, &format!("postal_code=99123&from={date}&days=1")).await);
    let zone_b_slots =
        slot_ids(slots_for(app, &shop, &format!("postal_code=97123&from={date}&days=1")).await);
    assert_eq!((zone_a_slots.len(), zone_b_slots.len()), (2, 1));
    let operator = app.staff(&shop, Role::Operator).await;
    let customer = customer(app, "lists").await;
    Floor {
        shop,
        admin,
        operator,
        customer,
        date,
        zone_a,
        zone_b,
        early: zone_a_slots[0].clone(),
        late: zone_a_slots[1].clone(),
        north: zone_b_slots[0].clone(),
    }
}

/// Where and to whom an order goes.
struct To<'a> {
    slot: &'a str,
    name: &'a str,
    phone: &'a str,
    postal_code: &'a str,
}

impl<'a> To<'a> {
    fn slot(slot: &'a str, postal_code: &'a str) -> Self {
        Self {
            slot,
            name: "Buyer",
            phone: "010-0000-0000",
            postal_code,
        }
    }
}

/// One checkout of `items` (SKU, quantity) paid with `payment`; the answer's JSON.
async fn order(
    app: &TestApp,
    floor: &Floor,
    to: To<'_>,
    items: &[(&str, i32)],
    payment: &str,
) -> Value {
    for (sku, quantity) in items {
        let added = set_item(
            app,
            &floor.customer,
            json!({"retailer_id": floor.shop, "sku": sku, "quantity": quantity}),
        )
        .await;
        expect_json(added, StatusCode::OK).await;
    }
    let body = json!({
        "delivery_slot_id": to.slot,
        "address": {"name": to.name, "phone": to.phone, "line1": "세종대로 110", "line2": "3층",
                    "postal_code": to.postal_code, "city": "서울"},
        "payment": {"token": payment}
    });
    let key = uuid::Uuid::new_v4().to_string();
    let response = checkout(app, &floor.customer, &key, &body).await;
    let status = response.status();
    let body: Value = response.json().await.expect("checkout body");
    assert!(
        status == StatusCode::CREATED || payment != "tok_approve",
        "{status}: {body}"
    );
    body
}

/// A confirmed order of one unit of milk; its number.
async fn milk(app: &TestApp, floor: &Floor, slot: &str, postal_code: &str) -> String {
    let placed = order(
        app,
        floor,
        To::slot(slot, postal_code),
        &[("MILK", 1)],
        "tok_approve",
    )
    .await;
    number(&placed)
}

/// Cancels an order as its customer.
async fn cancel(app: &TestApp, floor: &Floor, order: &Value) {
    let id = order["id"].as_str().expect("id");
    let response = app
        .authed(
            Method::POST,
            &format!("/v1/orders/{id}/cancel"),
            &floor.customer,
        )
        .send()
        .await
        .expect("cancel");
    expect_json(response, StatusCode::OK).await;
}

fn number(order: &Value) -> String {
    order["number"].as_str().expect("number").to_owned()
}

async fn get(app: &TestApp, token: &str, path: &str, accept: &str) -> reqwest::Response {
    app.authed(Method::GET, path, token)
        .header("accept", accept)
        .send()
        .await
        .expect("get")
}

/// The order numbers a JSON list answers, and its `next_page`.
async fn numbers(app: &TestApp, floor: &Floor, query: &str) -> (Vec<String>, Value) {
    let path = format!("/v1/retailers/{}/orders?{query}", floor.shop);
    let page = expect_json(
        get(app, &floor.operator, &path, "application/json").await,
        StatusCode::OK,
    )
    .await;
    let numbers = page["orders"]
        .as_array()
        .expect("orders")
        .iter()
        .map(number)
        .collect();
    (numbers, page["next_page"].clone())
}

/// Reads a CSV answer with the `csv` crate: the header and the rows.
async fn read_csv(response: reqwest::Response) -> (Vec<String>, Vec<csv::StringRecord>) {
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = response.headers()["content-type"]
        .to_str()
        .expect("type")
        .to_owned();
    assert_eq!(content_type, "text/csv; charset=utf-8");
    let bytes = response.bytes().await.expect("body");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for spreadsheets");
    let mut reader = csv::Reader::from_reader(bytes.as_ref());
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader.records().map(|r| r.expect("record")).collect();
    (header, rows)
}

async fn csv_round_trips_names_and_neutralizes_formulas(backend: Backend) {
    let app = spawn_app(backend).await;
    let floor = floor(&app).await;
    let tricky = "Kim, \"Jay\" 김";
    let formula = "=HYPERLINK(\"http://evil.test\",\"x\")";
    let approve = "tok_approve";
    let first = order(
        &app,
        &floor,
        To {
            name: tricky,
            ..To::slot(&floor.early, "99100")
        },
        &[("MILK", 2), ("EGGS", 1)],
        approve,
    )
    .await;
    let second = order(
        &app,
        &floor,
        To {
            name: "홍길동",
            ..To::slot(&floor.early, "99200")
        },
        &[("TOFU", 1)],
        approve,
    )
    .await;
    let third = order(
        &app,
        &floor,
        To {
            name: formula,
            phone: "+82 10-1234-5678",
            ..To::slot(&floor.early, "99300")
        },
        &[("MILK", 1)],
        approve,
    )
    .await;

    let path = format!("/v1/retailers/{}/orders?date={}", floor.shop, floor.date);
    let response = get(&app, &floor.operator, &path, "text/csv").await;
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .expect("disposition")
        .to_owned();
    assert_eq!(
        disposition,
        format!("attachment; filename=\"orders-{}.csv\"", floor.date)
    );
    let (header, rows) = read_csv(response).await;
    assert_eq!(
        header,
        [
            "number",
            "slot_start",
            "slot_end",
            "name",
            "phone",
            "address",
            "postal_code",
            "items",
            "total_minor",
            "currency",
            "status"
        ]
    );
    assert_eq!(rows.len(), 3);
    let column = |name: &str| header.iter().position(|h| h == name).expect("column");
    let cell = |row: usize, name: &str| rows[row][column(name)].to_owned();
    assert_eq!(
        (0..3).map(|r| cell(r, "number")).collect::<Vec<_>>(),
        [number(&first), number(&second), number(&third)]
    );
    assert_eq!(cell(0, "name"), tricky);
    assert_eq!(cell(1, "name"), "홍길동");
    assert_eq!(
        cell(2, "name"),
        format!("'{formula}"),
        "formula neutralized"
    );
    assert_eq!(cell(2, "phone"), "'+82 10-1234-5678");
    assert_eq!(cell(0, "address"), "세종대로 110, 3층, 서울");
    assert_eq!(cell(0, "postal_code"), "99100");
    let mut items: Vec<String> = cell(0, "items").split("; ").map(str::to_owned).collect();
    items.sort();
    assert_eq!(
        items,
        [format!("1× {EGGS_NAME}"), "2× 서울우유 1L".to_owned()]
    );
    assert_eq!(cell(0, "total_minor"), (2 * 2500 + 7480 + 3000).to_string());
    assert_eq!(cell(0, "currency"), "KRW");
    assert_eq!(cell(0, "status"), "confirmed");
    assert_eq!(
        cell(0, "slot_start"),
        format!("{}T18:00:00+09:00", floor.date)
    );
    assert_eq!(
        cell(0, "slot_end"),
        format!("{}T20:00:00+09:00", floor.date)
    );

    // JSON carries the names as typed; only CSV cells are neutralized.
    let json = expect_json(
        get(&app, &floor.operator, &path, "application/json").await,
        StatusCode::OK,
    )
    .await;
    let listed = &json["orders"];
    assert_eq!(listed[0]["address"]["name"], tricky);
    assert_eq!(listed[2]["address"]["name"], formula);
    assert_eq!(listed[0]["delivery_slot"]["id"], floor.early.as_str());
    assert_eq!(listed[0]["zone_id"], floor.zone_a.as_str());
    assert_eq!(listed[0]["total"]["amount_minor"], 2 * 2500 + 7480 + 3000);
    assert_eq!(listed[1]["items_summary"], "1× 두부 300g");
    assert_eq!(listed[1]["items"][0]["sku"], "TOFU");
}

async fn filters_sort_and_pages(backend: Backend) {
    let app = spawn_app(backend).await;
    let floor = floor(&app).await;
    let late = milk(&app, &floor, &floor.late, "99100").await;
    let early_far = milk(&app, &floor, &floor.early, "99500").await;
    let early_near = milk(&app, &floor, &floor.early, "98123").await;
    let north = milk(&app, &floor, &floor.north, "97100").await;
    let cancelled = order(
        &app,
        &floor,
        To::slot(&floor.early, "99300"),
        &[("TOFU", 1)],
        "tok_approve",
    )
    .await;
    cancel(&app, &floor, &cancelled).await;
    let cancelled = number(&cancelled);
    let declined = order(
        &app,
        &floor,
        To::slot(&floor.early, "99400"),
        &[("TOFU", 1)],
        "tok_decline",
    )
    .await;
    let declined = declined["order_id"]
        .as_str()
        .expect("declined order")
        .to_owned();
    let declined = orders_number(&app, &declined).await;

    // Slot start, then postal code: both 18:00 slots first, the late one last.
    let everything = vec![
        north.clone(),
        early_near.clone(),
        cancelled.clone(),
        early_far.clone(),
        late.clone(),
    ];
    let (all, next) = numbers(&app, &floor, "").await;
    assert_eq!(all, everything, "declined payments are never listed");
    assert_eq!(next, Value::Null);
    let date = &floor.date;
    for (query, expected) in [
        (format!("date={date}"), everything.clone()),
        (
            "status=confirmed".to_owned(),
            vec![
                north.clone(),
                early_near.clone(),
                early_far.clone(),
                late.clone(),
            ],
        ),
        ("status=cancelled".to_owned(), vec![cancelled.clone()]),
        ("status=payment_failed".to_owned(), vec![declined]),
        (format!("slot_id={}", floor.late), vec![late.clone()]),
        (format!("zone_id={}", floor.zone_b), vec![north.clone()]),
        (
            format!(
                "zone_id={}&slot_id={}&status=confirmed",
                floor.zone_a, floor.early
            ),
            vec![early_near.clone(), early_far.clone()],
        ),
        ("date=2001-01-01".to_owned(), vec![]),
    ] {
        assert_eq!(numbers(&app, &floor, &query).await.0, expected, "{query}");
    }

    let (first, next) = numbers(&app, &floor, "per_page=2").await;
    assert_eq!((first, next), (everything[..2].to_vec(), json!(2)));
    let (second, next) = numbers(&app, &floor, "per_page=2&page=2").await;
    assert_eq!((second, next), (everything[2..4].to_vec(), json!(3)));
    let (third, next) = numbers(&app, &floor, "per_page=2&page=3").await;
    assert_eq!((third, next), (everything[4..].to_vec(), Value::Null));

    // CSV lists every match in the same order, whatever the page size.
    let path = format!("/v1/retailers/{}/orders?per_page=1", floor.shop);
    let (_, rows) = read_csv(get(&app, &floor.operator, &path, "text/csv").await).await;
    let csv_numbers: Vec<String> = rows.iter().map(|r| r[0].to_owned()).collect();
    assert_eq!(csv_numbers, everything);

    for (query, field) in [
        ("date=2026-13-01", "date"),
        ("status=shipped", "status"),
        ("per_page=501", "per_page"),
        ("page=0", "page"),
        ("slot_id=no-such-slot", "slot_id"),
        ("zone_id=no-such-zone", "zone_id"),
    ] {
        let path = format!("/v1/retailers/{}/orders?{query}", floor.shop);
        let problem = expect_problem(
            get(&app, &floor.operator, &path, "application/json").await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(error_fields(&problem), [field], "{query}");
    }
    for query in ["colour=red", "page=first"] {
        let path = format!("/v1/retailers/{}/orders?{query}", floor.shop);
        expect_problem(
            get(&app, &floor.operator, &path, "text/csv").await,
            StatusCode::BAD_REQUEST,
            "bad_request",
        )
        .await;
    }
}

/// An order's number, read from the database (a declined checkout answers its id only).
async fn orders_number(app: &TestApp, order_id: &str) -> String {
    let id = order_id.to_owned();
    app.with_db(move |conn| orders::get(conn, &id).expect("order").number)
        .await
}

async fn pick_lists_sum_across_orders(backend: Backend) {
    let app = spawn_app(backend).await;
    let floor = floor(&app).await;
    let approve = "tok_approve";
    let (early, late) = (floor.early.as_str(), floor.late.as_str());
    let one = order(
        &app,
        &floor,
        To::slot(early, "99100"),
        &[("MILK", 2), ("RAMEN", 1)],
        approve,
    )
    .await;
    let two = order(
        &app,
        &floor,
        To::slot(early, "99200"),
        &[("MILK", 3), ("TOFU", 2)],
        approve,
    )
    .await;
    let gone = order(
        &app,
        &floor,
        To::slot(early, "99300"),
        &[("MILK", 1)],
        approve,
    )
    .await;
    cancel(&app, &floor, &gone).await;
    let picking = order(
        &app,
        &floor,
        To::slot(early, "99400"),
        &[("EGGS", 1)],
        approve,
    )
    .await;
    let picking_id = picking["id"].as_str().expect("id").to_owned();
    app.with_db(move |conn| {
        orders::transition(
            conn,
            &picking_id,
            &[OrderStatus::Confirmed],
            OrderStatus::Picking,
            Change::system("picking started"),
        )
        .expect("to picking");
    })
    .await;
    let evening = order(
        &app,
        &floor,
        To::slot(late, "99100"),
        &[("MILK", 5)],
        approve,
    )
    .await;

    let base = format!("/v1/retailers/{}/pick-list", floor.shop);
    let slot_list = expect_json(
        get(
            &app,
            &floor.operator,
            &format!("{base}?slot_id={early}"),
            "application/json",
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        slot_list["order_count"], 3,
        "cancelled orders are not picked"
    );
    assert_eq!(slot_list["units"], 2 + 1 + 3 + 2 + 1);
    assert_eq!(slot_list["delivery_slot"]["id"], early);
    let skus: Vec<&str> = slot_list["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|line| line["sku"].as_str().expect("sku"))
        .collect();
    assert_eq!(skus, ["EGGS", "MILK", "RAMEN", "TOFU"]);
    let milk = &slot_list["lines"][1];
    assert_eq!(milk["name"], "서울우유 1L");
    assert_eq!(milk["gtin"], "8801115114154");
    assert_eq!(milk["quantity"], 5);
    assert_eq!(
        milk["orders"],
        json!([
            {"id": one["id"], "number": one["number"], "quantity": 2},
            {"id": two["id"], "number": two["number"], "quantity": 3},
        ])
    );
    assert_eq!(slot_list["lines"][0]["gtin"], "0880123456782");
    assert_eq!(slot_list["lines"][3]["gtin"], Value::Null);
    assert_eq!(
        slot_list["lines"][0]["orders"][0]["number"],
        picking["number"]
    );

    let day_list = expect_json(
        get(
            &app,
            &floor.operator,
            &format!("{base}?date={}", floor.date),
            "application/json",
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(day_list["order_count"], 4);
    assert_eq!(day_list["lines"][1]["quantity"], 10);
    assert_eq!(
        day_list["lines"][1]["orders"][2]["number"],
        evening["number"]
    );

    let (header, rows) = read_csv(
        get(
            &app,
            &floor.operator,
            &format!("{base}?slot_id={early}"),
            "text/csv",
        )
        .await,
    )
    .await;
    assert_eq!(header, ["sku", "gtin", "name", "quantity", "orders"]);
    assert_eq!(rows.len(), 4);
    assert_eq!(&rows[0][2], EGGS_NAME);
    assert_eq!(&rows[1][0], "MILK");
    assert_eq!(&rows[1][2], "서울우유 1L");
    assert_eq!(&rows[1][3], "5");
    assert_eq!(
        &rows[1][4],
        format!("{} ×2; {} ×3", number(&one), number(&two))
    );

    let pdf = get(
        &app,
        &floor.operator,
        &format!("{base}?slot_id={early}"),
        "application/pdf",
    )
    .await;
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let bytes = pdf.bytes().await.expect("pdf");
    // Kept for people to look at, like the browser test's screenshots.
    let backend_name = format!("{backend:?}").to_lowercase();
    let file = artifact_dir(&format!("pick-list/{backend_name}")).join("pick-list.pdf");
    std::fs::write(&file, &bytes).expect("write pdf");
    let info = run("pdfinfo", &file);
    assert!(info.contains("(A4)"), "{info}");
    let text = run("pdftotext", &file);
    for expected in ["MILK", "8801115114154", "서울우유 1L", &number(&one)] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }

    let problem = expect_problem(
        get(&app, &floor.operator, &base, "application/json").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&problem), ["date", "slot_id"]);
    expect_problem(
        get(
            &app,
            &floor.operator,
            &format!("{base}?date={}&status=confirmed", floor.date),
            "application/json",
        )
        .await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;
}

/// Runs a poppler tool on `file` (`pdftotext` writes to standard output).
fn run(tool: &str, file: &std::path::Path) -> String {
    let mut command = Command::new(tool);
    command.arg(file);
    if tool == "pdftotext" {
        command.arg("-");
    }
    let output = command.output().expect("poppler-utils installed");
    assert!(output.status.success(), "{tool} failed");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

async fn only_the_retailers_staff_read_the_lists(backend: Backend) {
    let app = spawn_app(backend).await;
    let floor = floor(&app).await;
    milk(&app, &floor, &floor.early, "99100").await;
    let (other, _) = app.retailer_with_admin("Other Mart").await;
    let stranger = app.staff(&other, Role::Operator).await;
    let root = app.platform_admin().await;
    let paths = [
        format!("/v1/retailers/{}/orders", floor.shop),
        format!("/v1/retailers/{}/pick-list?date={}", floor.shop, floor.date),
    ];
    for path in &paths {
        for (token, accept) in [
            (&floor.operator, "application/json"),
            (&floor.admin, "text/csv"),
            (&root, "application/json"),
        ] {
            let response = get(&app, token, path, accept).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
        }
        for accept in ["application/json", "text/csv"] {
            expect_problem(
                get(&app, &stranger, path, accept).await,
                StatusCode::NOT_FOUND,
                "not_found",
            )
            .await;
            expect_problem(
                get(&app, &floor.customer, path, accept).await,
                StatusCode::FORBIDDEN,
                "forbidden",
            )
            .await;
        }
        let anonymous = app
            .request(Method::GET, path)
            .send()
            .await
            .expect("anonymous");
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    }
}
