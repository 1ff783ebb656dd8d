//! Delivery zones and slots: listing for an address, templates, closed dates, and the
//! hard capacity under 200 concurrent bookings.

use chrono::{Datelike, Duration, Utc};
use futures_util::{StreamExt, stream};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use virtual_shelf::domain::DomainError;
use virtual_shelf::domain::delivery::booking;

use crate::helpers::{Backend, TestApp, expect_json, expect_problem, spawn_app, spawn_app_with};
use crate::on_both_backends;

on_both_backends!(
    two_hundred_bookings_fill_twenty_places,
    a_place_is_released_exactly_once,
    the_demo_zone_lists_seoul_evening_slots,
    templates_closed_dates_and_changes,
    concurrent_readers_make_each_slot_once,
);

/// The ISO weekday (1 = Monday) of today + `days` in Seoul.
pub fn seoul_weekday_in(days: i64) -> (i64, String) {
    let date = (Utc::now() + Duration::hours(9) + Duration::days(days)).date_naive();
    (
        i64::from(date.weekday().number_from_monday()),
        date.to_string(),
    )
}

/// A shop with a zone for postal codes `99…` and one template; returns (shop, token, zone).
pub async fn zone_with_template(app: &TestApp, template: Value) -> (String, String, String) {
    let (shop, token) = app.retailer_with_admin("Slot Mart").await;
    let zone = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/delivery/zones"),
            &token,
        )
        .json(&json!({"name": "Test zone", "postal_codes": ["99", "98 1"]}))
        .send()
        .await
        .expect("zone");
    let zone = expect_json(zone, StatusCode::CREATED).await;
    assert_eq!(zone["postal_codes"], json!(["981", "99"]));
    let zone_id = zone["id"].as_str().expect("id").to_owned();
    let created = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/delivery/zones/{zone_id}/templates"),
            &token,
        )
        .json(&template)
        .send()
        .await
        .expect("template");
    expect_json(created, StatusCode::CREATED).await;
    (shop, token, zone_id)
}

pub async fn slots_for(app: &TestApp, shop: &str, query: &str) -> Vec<Value> {
    let response = app
        .request(
            Method::GET,
            &format!("/v1/delivery/slots?retailer_id={shop}&{query}"),
        )
        .send()
        .await
        .expect("slots");
    expect_json(response, StatusCode::OK).await["slots"]
        .as_array()
        .expect("slots")
        .clone()
}

/// A bookable slot two days ahead with the given capacity; returns (app, shop, slot id).
async fn slot_with_capacity(backend: Backend, capacity: i32) -> (TestApp, String, String) {
    let app = spawn_app_with(backend, "db_pool_size = 24").await;
    let (weekday, date) = seoul_weekday_in(2);
    let (shop, _, _) = zone_with_template(
        &app,
        json!({"weekday": weekday, "start": "18:00", "end": "20:00", "capacity": capacity,
               "fee": {"amount_minor": 3000}, "prior_notice_minutes": 60}),
    )
    .await;
    let slots = slots_for(
        &app,
        &shop,
        &format!("postal_code=99123&from={date}&days=1"),
    )
    .await;
    assert_eq!(slots.len(), 1);
    assert_eq!(slots[0]["remaining"], capacity);
    let slot_id = slots[0]["id"].as_str().expect("id").to_owned();
    (app, shop, slot_id)
}

async fn book_many(
    app: &TestApp,
    slot_id: &str,
    attempts: usize,
) -> Vec<Result<booking::Booking, DomainError>> {
    stream::iter(0..attempts)
        .map(|i| {
            let pool = app.pool.clone();
            let slot_id = slot_id.to_owned();
            tokio::task::spawn_blocking(move || {
                let mut conn = pool.get().expect("connection");
                booking::book(&mut conn, &slot_id, &format!("order-{i}"))
            })
        })
        .buffer_unordered(attempts)
        .map(|joined| joined.expect("task"))
        .collect()
        .await
}

async fn two_hundred_bookings_fill_twenty_places(backend: Backend) {
    let (app, shop, slot_id) = slot_with_capacity(backend, 20).await;
    let outcomes = book_many(&app, &slot_id, 200).await;
    let booked = outcomes.iter().filter(|o| o.is_ok()).count();
    let full = outcomes
        .iter()
        .filter(|o| {
            matches!(
                o,
                Err(DomainError::Conflict {
                    code: "slot_full",
                    ..
                })
            )
        })
        .count();
    assert_eq!(booked, 20, "exactly the capacity succeeds");
    assert_eq!(
        full,
        180,
        "every other attempt is refused as full: {:?}",
        outcomes.iter().find(|o| o.is_err()
            && !matches!(
                o,
                Err(DomainError::Conflict {
                    code: "slot_full",
                    ..
                })
            ))
    );
    let (_, date) = seoul_weekday_in(2);
    let slots = slots_for(
        &app,
        &shop,
        &format!("postal_code=99123&from={date}&days=1&include_unavailable=true"),
    )
    .await;
    assert_eq!(slots[0]["remaining"], 0);
    assert_eq!(slots[0]["bookable"], false);
    assert!(
        slots_for(
            &app,
            &shop,
            &format!("postal_code=99123&from={date}&days=1")
        )
        .await
        .is_empty()
    );
}

async fn a_place_is_released_exactly_once(backend: Backend) {
    let (app, shop, slot_id) = slot_with_capacity(backend, 2).await;
    let bookings: Vec<booking::Booking> = book_many(&app, &slot_id, 2)
        .await
        .into_iter()
        .map(|b| b.expect("two places"))
        .collect();
    let released: Vec<bool> = stream::iter(0..10)
        .map(|_| {
            let pool = app.pool.clone();
            let id = bookings[0].id.clone();
            tokio::task::spawn_blocking(move || {
                let mut conn = pool.get().expect("connection");
                booking::release(&mut conn, &id).expect("release")
            })
        })
        .buffer_unordered(10)
        .map(|joined| joined.expect("task"))
        .collect()
        .await;
    assert_eq!(
        released.iter().filter(|r| **r).count(),
        1,
        "one release frees the place"
    );
    let (_, date) = seoul_weekday_in(2);
    let slots = slots_for(
        &app,
        &shop,
        &format!("postal_code=99123&from={date}&days=1&include_unavailable=true"),
    )
    .await;
    assert_eq!(slots[0]["remaining"], 1);
    let again = book_many(&app, &slot_id, 3).await;
    assert_eq!(again.iter().filter(|o| o.is_ok()).count(), 1);
}

async fn the_demo_zone_lists_seoul_evening_slots(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, _) = app.demo_retailer().await;
    let all = slots_for(
        &app,
        &shop,
        "postal_code=04524&days=7&include_unavailable=true",
    )
    .await;
    assert_eq!(all.len(), 14, "two evening slots a day for a week");
    for slot in &all {
        let local_start = slot["local_start"].as_str().expect("local start");
        assert!(local_start.ends_with("+09:00"), "{local_start}");
        assert!(
            local_start.contains("T18:00:00") || local_start.contains("T20:00:00"),
            "{local_start}"
        );
        assert!(slot["starts_at"].as_str().expect("utc").ends_with('Z'));
        assert_eq!(
            slot["fee"],
            json!({"amount_minor": 3000, "currency": "KRW"})
        );
        assert_eq!(slot["remaining"], 20);
    }
    let starts: Vec<&str> = all
        .iter()
        .map(|s| s["starts_at"].as_str().expect("start"))
        .collect();
    let mut sorted = starts.clone();
    sorted.sort_unstable();
    assert_eq!(starts, sorted);
    // Tomorrow's and later slots are bookable now; only today's may be past the cutoff.
    let bookable = slots_for(&app, &shop, "postal_code=04524&days=7").await;
    assert!(bookable.len() >= 12 && bookable.iter().all(|s| s["bookable"] == true));
    assert!(
        slots_for(&app, &shop, "postal_code=06236&days=7")
            .await
            .is_empty(),
        "outside the zone"
    );
    for (query, field) in [
        ("postal_code=04524&days=15", "days"),
        ("postal_code=04524&days=-5", "days"),
        ("postal_code=04524&from=2020-01-01", "from"),
    ] {
        let response = app
            .request(
                Method::GET,
                &format!("/v1/delivery/slots?retailer_id={shop}&{query}"),
            )
            .send()
            .await
            .expect("slots");
        let problem = expect_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(problem["errors"][0]["field"], field);
    }
    let missing = app
        .request(Method::GET, "/v1/delivery/slots?postal_code=04524")
        .send()
        .await
        .expect("slots");
    expect_problem(missing, StatusCode::BAD_REQUEST, "bad_request").await;
    for unknown in ["00000000-0000-4000-8000-000000000000", "not-an-id"] {
        let response = app
            .request(
                Method::GET,
                &format!("/v1/delivery/slots?retailer_id={unknown}&postal_code=04524"),
            )
            .send()
            .await
            .expect("slots");
        expect_problem(response, StatusCode::NOT_FOUND, "not_found").await;
    }
}

async fn templates_closed_dates_and_changes(backend: Backend) {
    let app = spawn_app_with(backend, "db_pool_size = 8").await;
    let (weekday, date) = seoul_weekday_in(3);
    let template = json!({"weekday": weekday, "start": "18:00", "end": "20:00", "capacity": 5,
                          "fee": {"amount_minor": 2500}, "prior_notice_minutes": 90, "same_day_cutoff": "13:00"});
    let (shop, token, zone) = zone_with_template(&app, template.clone()).await;
    let base = format!("/v1/retailers/{shop}/delivery/zones/{zone}");
    let overlapping = app
        .authed(Method::POST, &format!("{base}/templates"), &token)
        .json(&json!({"weekday": weekday, "start": "19:00", "end": "21:00", "capacity": 5, "fee": {"amount_minor": 0}}))
        .send()
        .await
        .expect("template");
    expect_problem(overlapping, StatusCode::CONFLICT, "template_overlap").await;
    let invalid = app
        .authed(Method::POST, &format!("{base}/templates"), &token)
        .json(&json!({"weekday": 8, "start": "25:00", "end": "18:00", "capacity": -1, "fee": {"amount_minor": 1, "currency": "EUR"}, "same_day_cutoff": "noon"}))
        .send()
        .await
        .expect("template");
    let problem = expect_problem(
        invalid,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let fields = crate::helpers::error_fields(&problem);
    assert_eq!(
        fields,
        [
            "weekday",
            "start",
            "capacity",
            "fee.currency",
            "same_day_cutoff"
        ]
    );

    let query = format!("postal_code=99000&from={date}&days=1&include_unavailable=true");
    let slot = slots_for(&app, &shop, &query).await.remove(0);
    assert!(
        slot["local_start"]
            .as_str()
            .expect("start")
            .ends_with("T18:00:00+09:00")
    );
    let slot_id = slot["id"].as_str().expect("id").to_owned();

    // Close the date: the slot stays listed but cannot be booked.
    let closed = app
        .authed(Method::PUT, &format!("{base}/closed-dates/{date}"), &token)
        .send()
        .await
        .expect("close");
    assert_eq!(closed.status(), StatusCode::NO_CONTENT);
    let slot = slots_for(&app, &shop, &query).await.remove(0);
    assert_eq!(
        (slot["closed"].as_bool(), slot["bookable"].as_bool()),
        (Some(true), Some(false))
    );
    let refused = book_many(&app, &slot_id, 1).await;
    assert!(matches!(
        refused[0],
        Err(DomainError::Conflict {
            code: "slot_unavailable",
            ..
        })
    ));
    let reopened = app
        .authed(
            Method::DELETE,
            &format!("{base}/closed-dates/{date}"),
            &token,
        )
        .send()
        .await
        .expect("reopen");
    assert_eq!(reopened.status(), StatusCode::NO_CONTENT);
    assert!(book_many(&app, &slot_id, 1).await[0].is_ok());

    // Change the template: the booked slot is kept and flagged; its date gets no twin.
    let templates = expect_json(
        app.authed(Method::GET, &format!("{base}/templates"), &token)
            .send()
            .await
            .expect("list"),
        StatusCode::OK,
    )
    .await;
    let template_id = templates["items"][0]["id"].as_str().expect("id").to_owned();
    let mut later = template.clone();
    later["start"] = json!("19:00");
    later["end"] = json!("21:00");
    let changed = app
        .authed(
            Method::PUT,
            &format!("{base}/templates/{template_id}"),
            &token,
        )
        .json(&later)
        .send()
        .await
        .expect("update");
    assert_eq!(expect_json(changed, StatusCode::OK).await["start"], "19:00");
    let after = slots_for(&app, &shop, &query).await;
    assert_eq!(after.len(), 1);
    assert_eq!(after[0]["id"], slot_id.as_str());
    assert_eq!(after[0]["detached"], true);
    assert_eq!(after[0]["bookable"], false);
    assert!(
        after[0]["local_start"]
            .as_str()
            .expect("start")
            .ends_with("T18:00:00+09:00"),
        "the booked slot keeps its time"
    );
    // A week later nothing was booked, so that date follows the new template.
    let next_week = (chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").expect("date")
        + Duration::days(7))
    .to_string();
    let moved = slots_for(
        &app,
        &shop,
        &format!("postal_code=99000&from={next_week}&days=1&include_unavailable=true"),
    )
    .await;
    assert!(
        moved[0]["local_start"]
            .as_str()
            .expect("start")
            .ends_with("T19:00:00+09:00")
    );
    let admin = expect_json(
        app.authed(
            Method::GET,
            &format!("{base}/slots?from={date}&days=1"),
            &token,
        )
        .send()
        .await
        .expect("slots"),
        StatusCode::OK,
    )
    .await;
    assert_eq!(admin["slots"][0]["detached"], true);
}

async fn concurrent_readers_make_each_slot_once(backend: Backend) {
    let app = spawn_app_with(backend, "db_pool_size = 16").await;
    let (shop, _) = app.demo_retailer().await;
    let lists: Vec<Vec<Value>> = stream::iter(0..12)
        .map(|_| {
            slots_for(
                &app,
                &shop,
                "postal_code=04100&days=14&include_unavailable=true",
            )
        })
        .buffer_unordered(12)
        .collect()
        .await;
    for list in &lists {
        assert_eq!(list.len(), 28);
        assert_eq!(list, &lists[0], "every reader sees the same slots");
    }
}
