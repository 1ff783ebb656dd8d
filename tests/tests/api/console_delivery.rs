//! The console's delivery settings over plain HTTP (pages on SQLite; the JSON endpoints
//! they share with API clients on both backends): a zone created with prefixes typed as
//! people type them, a prefix another zone serves refused beside its field, weekly slots
//! added, refused when they overlap, edited and removed, dates closed and reopened on the
//! month calendar and seen by the JSON API; what operators, other retailers and forged
//! forms get; the three pages in a real browser with the keyboard and axe-core.

use chrono::{Duration, Utc};
use fantoccini::key::Key;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::console::{Console, csrf_of, location, page, user};
use crate::console_browser::Walk;
use crate::delivery::seoul_weekday_in;
use crate::helpers::{
    Backend, DEMO_PASSWORD, TestApp, error_fields, expect_json, expect_problem, spawn_app,
    spawn_app_with,
};
use crate::on_both_backends;
use virtual_shelf::domain::accounts::Role;
use virtual_shelf::domain::delivery::{closed_dates, templates};

/// The retailer's date in Seoul `days` from now, `YYYY-MM-DD`.
fn seoul_date(days: i64) -> String {
    (Utc::now() + Duration::hours(9) + Duration::days(days))
        .date_naive()
        .to_string()
}

/// A JSON API answer's body.
async fn get_json(app: &TestApp, token: &str, path: &str) -> Value {
    let response = app
        .authed(Method::GET, path, token)
        .send()
        .await
        .expect("get");
    expect_json(response, StatusCode::OK).await
}

/// The slot form's fields with `csrf`, overridden by `changes`.
fn slot_form<'a>(csrf: &'a str, changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("csrf", csrf),
        ("weekday", "1"),
        ("start", "18:00"),
        ("end", "20:00"),
        ("capacity", "5"),
        ("fee", "3,000"),
        ("prior_notice_minutes", "90"),
        ("same_day_cutoff", "13:00"),
    ];
    for (name, value) in changes {
        form.iter_mut()
            .find(|(field, _)| field == name)
            .expect("a slot field")
            .1 = value;
    }
    form
}

/// The text of the error paragraph of `field` on `html`.
fn error_of<'a>(html: &'a str, field: &str) -> &'a str {
    let marker = format!("id=\"{field}-error\">");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no error for {field} in {html}"))
        + marker.len();
    html[start..].split('<').next().expect("text")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zones_slots_and_closed_dates_are_set_in_the_console() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, token) = app.retailer_with_admin("Delivery Mart").await;
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let mut browser = Console::new(&app, "en");
    browser.sign_in(&admin, DEMO_PASSWORD).await;
    let base = format!("/console/r/{shop}/delivery");
    let zones_json = format!("/v1/retailers/{shop}/delivery/zones");

    // A zone, its prefixes typed with commas and spaces.
    let list = page(browser.get(&base).await, StatusCode::OK).await;
    assert!(list.contains("id=\"no-zones\"") && list.contains("id=\"nav-delivery\""));
    let csrf = csrf_of(&list);
    let created = browser
        .post(
            &base,
            &[
                ("csrf", &csrf),
                ("name", "Gangnam"),
                ("postal_codes", "04, 05 06"),
            ],
        )
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let zone_page = location(&created).to_owned();
    let zone = zone_page.rsplit('/').next().expect("zone id").to_owned();
    let stored = get_json(&app, &token, &zones_json).await;
    assert_eq!(
        stored["items"][0]["postal_codes"],
        json!(["04", "05", "06"])
    );

    // A prefix another zone serves, and one that is no postal code: the form again, the
    // error beside the field, the typed text kept, nothing stored.
    let taken = page(
        browser
            .post(
                &base,
                &[
                    ("csrf", &csrf),
                    ("name", "Seocho"),
                    ("postal_codes", "06 07"),
                ],
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(error_of(&taken, "postal_codes").contains("Another zone already serves"));
    assert!(taken.contains("value=\"06 07\"") && taken.contains("value=\"Seocho\""));
    let unreadable = page(
        browser
            .post(
                &base,
                &[("csrf", &csrf), ("name", ""), ("postal_codes", "04!")],
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(error_of(&unreadable, "postal_codes").contains("letters and digits"));
    assert!(error_of(&unreadable, "name").contains("1 to 120"));
    let stored = get_json(&app, &token, &zones_json).await;
    assert_eq!(stored["items"].as_array().expect("zones").len(), 1);

    // The zone's name and prefixes edited; a finer prefix inside another zone's is fine.
    let finer = browser
        .post(
            &base,
            &[
                ("csrf", &csrf),
                ("name", "Yeoksam"),
                ("postal_codes", "0612"),
            ],
        )
        .await;
    assert_eq!(finer.status(), StatusCode::SEE_OTHER);
    let refused = page(
        browser
            .post(
                &zone_page,
                &[
                    ("csrf", &csrf),
                    ("name", "Gangnam-gu"),
                    ("postal_codes", "04 0612"),
                ],
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(error_of(&refused, "postal_codes").contains("Another zone"));
    let renamed = browser
        .post(
            &zone_page,
            &[
                ("csrf", &csrf),
                ("name", "Gangnam-gu"),
                ("postal_codes", "04; 06-1"),
            ],
        )
        .await;
    assert_eq!(renamed.status(), StatusCode::SEE_OTHER);
    let stored = get_json(&app, &token, &zones_json).await;
    assert_eq!(stored["items"][0]["name"], "Gangnam-gu");
    assert_eq!(stored["items"][0]["postal_codes"], json!(["04", "061"]));

    // A weekly slot on the weekday of a date three days ahead, its fee typed with a
    // thousands separator.
    let (weekday, date) = seoul_weekday_in(3);
    let weekday = weekday.to_string();
    let templates_json = format!("{zones_json}/{zone}/templates");
    let added = browser
        .post(
            &format!("{zone_page}/templates"),
            &slot_form(&csrf, &[("weekday", &weekday)]),
        )
        .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let stored = get_json(&app, &token, &templates_json).await;
    let template = &stored["items"][0];
    assert_eq!(
        (
            &template["fee"]["amount_minor"],
            &template["same_day_cutoff"]
        ),
        (&json!(3000), &json!("13:00"))
    );
    let template_id = template["id"].as_str().expect("id").to_owned();
    let shown = page(browser.get(&zone_page).await, StatusCode::OK).await;
    assert!(shown.contains(&format!("id=\"slot-{template_id}\"")) && shown.contains("₩3,000"));

    // An overlapping slot is refused beside its start; unreadable fields beside theirs.
    let overlapping = page(
        browser
            .post(
                &format!("{zone_page}/templates"),
                &slot_form(
                    &csrf,
                    &[("weekday", &weekday), ("start", "19:00"), ("end", "21:00")],
                ),
            )
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(error_of(&overlapping, "start").contains("overlaps another slot"));
    assert!(overlapping.contains("value=\"19:00\""));
    let unreadable = page(
        browser
            .post(
                &format!("{zone_page}/templates"),
                &slot_form(
                    &csrf,
                    &[
                        ("weekday", "2"),
                        ("end", "17:00"),
                        ("capacity", "many"),
                        ("fee", "free"),
                    ],
                ),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(error_of(&unreadable, "end").contains("after the start"));
    assert!(error_of(&unreadable, "capacity").contains("whole number"));
    assert!(error_of(&unreadable, "fee").contains("amount"));
    let stored = get_json(&app, &token, &templates_json).await;
    assert_eq!(stored["items"].as_array().expect("templates").len(), 1);

    // Edited through the form the edit link fills, then a second slot added and removed.
    let editing = page(
        browser
            .get(&format!("{zone_page}?edit={template_id}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(editing.contains(&format!("action=\"{zone_page}/templates/{template_id}\"")));
    assert!(editing.contains("value=\"3000\""));
    let edited = browser
        .post(
            &format!("{zone_page}/templates/{template_id}"),
            &slot_form(&csrf, &[("weekday", &weekday), ("capacity", "8")]),
        )
        .await;
    assert_eq!(edited.status(), StatusCode::SEE_OTHER);
    let morning = browser
        .post(
            &format!("{zone_page}/templates"),
            &slot_form(
                &csrf,
                &[("weekday", &weekday), ("start", "09:00"), ("end", "11:00")],
            ),
        )
        .await;
    assert_eq!(morning.status(), StatusCode::SEE_OTHER);
    let stored = get_json(&app, &token, &templates_json).await;
    let items = stored["items"].as_array().expect("templates");
    assert_eq!(items.len(), 2);
    assert_eq!(items[1]["capacity"], 8);
    let morning_id = items[0]["id"].as_str().expect("id");
    let removed = browser
        .post(
            &format!("{zone_page}/templates/{morning_id}/remove"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(removed.status(), StatusCode::SEE_OTHER);
    let stored = get_json(&app, &token, &templates_json).await;
    assert_eq!(stored["items"].as_array().expect("templates").len(), 1);

    // The calendar: close the date, see it closed in the JSON API's slots and closed
    // dates and on the zone list, reopen it.
    let month = &date[..7];
    let calendar = format!("{zone_page}/calendar");
    let grid = page(
        browser.get(&format!("{calendar}?month={month}")).await,
        StatusCode::OK,
    )
    .await;
    assert!(grid.contains(&format!("id=\"close-{date}\"")));
    assert!(grid.contains("aria-label=\"Close "));
    let closed = browser
        .post(
            &calendar,
            &[("csrf", &csrf), ("date", &date), ("action", "close")],
        )
        .await;
    assert_eq!(closed.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&closed),
        format!("{calendar}?month={month}#d-{date}")
    );
    let closed_json = format!("{zones_json}/{zone}/closed-dates?from={date}&to={date}");
    assert_eq!(
        get_json(&app, &token, &closed_json).await["items"],
        json!([date])
    );
    let slots = get_json(
        &app,
        &token,
        &format!("{zones_json}/{zone}/slots?from={date}&days=1"),
    )
    .await;
    assert_eq!(slots["slots"][0]["closed"], true, "{slots}");
    let grid = page(
        browser.get(&format!("{calendar}?month={month}")).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        grid.contains(&format!("id=\"closed-{date}\">Closed<"))
            && grid.contains(&format!("id=\"reopen-{date}\""))
    );
    let list = page(browser.get(&base).await, StatusCode::OK).await;
    let written = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d")
        .expect("date")
        .format("%a %-d %b")
        .to_string();
    assert!(list.contains(&written), "{written} in {list}");
    let reopened = browser
        .post(
            &calendar,
            &[("csrf", &csrf), ("date", &date), ("action", "reopen")],
        )
        .await;
    assert_eq!(reopened.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        get_json(&app, &token, &closed_json).await["items"],
        json!([])
    );

    // Yesterday is history: no button, and a forged press is refused.
    let yesterday = seoul_date(-1);
    let past = page(
        browser
            .get(&format!("{calendar}?month={}", &yesterday[..7]))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(past.contains(&format!("id=\"d-{yesterday}\"")));
    assert!(!past.contains(&format!("id=\"close-{yesterday}\"")));
    let refused = browser
        .post(
            &calendar,
            &[("csrf", &csrf), ("date", &yesterday), ("action", "close")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad_month = browser.get(&format!("{calendar}?month=2026-13")).await;
    assert_eq!(bad_month.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // In Korean, the same calendar.
    let mut korean = Console::new(&app, "ko");
    korean.sign_in(&admin, DEMO_PASSWORD).await;
    let grid = page(
        korean.get(&format!("{calendar}?month={month}")).await,
        StatusCode::OK,
    )
    .await;
    assert!(grid.contains("휴무로 지정") && grid.contains("이전 달"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operators_read_other_retailers_get_404_and_forms_need_their_token() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, token) = app.retailer_with_admin("Delivery Mart").await;
    let zones_json = format!("/v1/retailers/{shop}/delivery/zones");
    let zone = expect_json(
        app.authed(Method::POST, &zones_json, &token)
            .json(&json!({"name": "Gangnam", "postal_codes": ["04"]}))
            .send()
            .await
            .expect("zone"),
        StatusCode::CREATED,
    )
    .await;
    let zone = zone["id"].as_str().expect("id").to_owned();
    let zone_page = format!("/console/r/{shop}/delivery/zones/{zone}");
    let date = seoul_date(2);

    // An operator reads every page and is shown no form; posting one is refused.
    let operator = user(&app, Role::Operator, Some(&shop)).await;
    let mut reader = Console::new(&app, "en");
    reader.sign_in(&operator, DEMO_PASSWORD).await;
    let list = page(
        reader.get(&format!("/console/r/{shop}/delivery")).await,
        StatusCode::OK,
    )
    .await;
    assert!(list.contains("id=\"read-only\"") && !list.contains("id=\"zone-form\""));
    let shown = page(reader.get(&zone_page).await, StatusCode::OK).await;
    assert!(!shown.contains("id=\"zone-form\"") && !shown.contains("id=\"slot-form\""));
    let grid = page(
        reader.get(&format!("{zone_page}/calendar")).await,
        StatusCode::OK,
    )
    .await;
    assert!(grid.contains("id=\"calendar\"") && !grid.contains("name=\"action\""));
    let csrf = csrf_of(&grid);
    let refused = reader
        .post(
            &format!("{zone_page}/calendar"),
            &[("csrf", &csrf), ("date", &date), ("action", "close")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let refused = reader
        .post(
            &format!("/console/r/{shop}/delivery"),
            &[("csrf", &csrf), ("name", "Mine"), ("postal_codes", "05")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    // Another retailer's admin: this zone does not exist under their retailer or ours.
    let (other, _) = app.retailer_with_admin("Other Mart").await;
    let stranger = user(&app, Role::RetailerAdmin, Some(&other)).await;
    let mut outsider = Console::new(&app, "en");
    outsider.sign_in(&stranger, DEMO_PASSWORD).await;
    let theirs = format!("/console/r/{other}/delivery/zones/{zone}");
    page(outsider.get(&theirs).await, StatusCode::NOT_FOUND).await;
    page(
        outsider.get(&format!("{theirs}/calendar")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    page(outsider.get(&zone_page).await, StatusCode::NOT_FOUND).await;
    let own = page(
        outsider.get(&format!("/console/r/{other}/delivery")).await,
        StatusCode::OK,
    )
    .await;
    let csrf = csrf_of(&own);
    let refused = outsider
        .post(
            &format!("{theirs}/calendar"),
            &[("csrf", &csrf), ("date", &date), ("action", "close")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);

    // A form without its token is refused, whoever posts it; nothing changes.
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let mut owner = Console::new(&app, "en");
    owner.sign_in(&admin, DEMO_PASSWORD).await;
    page(owner.get(&zone_page).await, StatusCode::OK).await;
    for (path, form) in [
        (
            format!("{zone_page}/calendar"),
            vec![("date", date.as_str()), ("action", "close")],
        ),
        (
            zone_page.clone(),
            vec![("name", "Forged"), ("postal_codes", "09")],
        ),
        (
            format!("{zone_page}/templates"),
            slot_form("", &[])[1..].to_vec(),
        ),
    ] {
        let forged = owner.post(&path, &form).await;
        assert_eq!(forged.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let closed = get_json(&app, &token, &format!("{zones_json}/{zone}/closed-dates")).await;
    assert_eq!(closed["items"], json!([]));
    let zones = get_json(&app, &token, &zones_json).await;
    assert_eq!(zones["items"][0]["name"], "Gangnam");
    let templates = get_json(&app, &token, &format!("{zones_json}/{zone}/templates")).await;
    assert_eq!(templates["items"], json!([]));

    // A platform admin may act for any retailer.
    let root = user(&app, Role::PlatformAdmin, None).await;
    let mut platform = Console::new(&app, "en");
    platform.sign_in(&root, DEMO_PASSWORD).await;
    let grid = page(
        platform.get(&format!("{zone_page}/calendar")).await,
        StatusCode::OK,
    )
    .await;
    let csrf = csrf_of(&grid);
    let closed = platform
        .post(
            &format!("{zone_page}/calendar"),
            &[("csrf", &csrf), ("date", &date), ("action", "close")],
        )
        .await;
    assert_eq!(closed.status(), StatusCode::SEE_OTHER);
}

on_both_backends!(the_json_api_edits_zones_and_lists_closed_dates);

async fn the_json_api_edits_zones_and_lists_closed_dates(backend: Backend) {
    // Connections enough for the race below to run at once.
    let app = spawn_app_with(backend, "db_pool_size = 8").await;
    let (shop, token) = app.retailer_with_admin("Delivery Mart").await;
    let zones_json = format!("/v1/retailers/{shop}/delivery/zones");
    let create = |body: Value| {
        app.authed(Method::POST, &zones_json, &token)
            .json(&body)
            .send()
    };
    let first = expect_json(
        create(json!({"name": "Gangnam", "postal_codes": ["04", "05"]}))
            .await
            .expect("zone"),
        StatusCode::CREATED,
    )
    .await;
    let first = first["id"].as_str().expect("id").to_owned();
    // A finer prefix inside another zone's is a zone of its own; the same prefix is not.
    let finer = expect_json(
        create(json!({"name": "Yeoksam", "postal_codes": ["0410"]}))
            .await
            .expect("zone"),
        StatusCode::CREATED,
    )
    .await;
    let finer = finer["id"].as_str().expect("id").to_owned();
    let taken = expect_problem(
        create(json!({"name": "Seocho", "postal_codes": ["06", "05"]}))
            .await
            .expect("zone"),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&taken), ["postal_codes"]);
    let update = |zone: &str, body: Value| {
        app.authed(Method::PUT, &format!("{zones_json}/{zone}"), &token)
            .json(&body)
            .send()
    };
    let taken = expect_problem(
        update(&finer, json!({"name": "Yeoksam", "postal_codes": ["04"]}))
            .await
            .expect("update"),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&taken), ["postal_codes"]);
    // A zone keeps its own prefixes when it is saved again.
    let updated = expect_json(
        update(
            &first,
            json!({"name": " Gangnam-gu ", "postal_codes": ["05", "06-1"]}),
        )
        .await
        .expect("update"),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (&updated["name"], &updated["postal_codes"]),
        (&json!("Gangnam-gu"), &json!(["05", "061"]))
    );
    let zones = get_json(&app, &token, &zones_json).await;
    assert_eq!(zones["items"].as_array().expect("zones").len(), 2);
    // Eight zones claiming one prefix at once: one takes it.
    let race = (0..8).map(|i| create(json!({"name": format!("Race {i}"), "postal_codes": ["09"]})));
    let statuses: Vec<StatusCode> = futures_util::future::join_all(race)
        .await
        .into_iter()
        .map(|response| response.expect("zone").status())
        .collect();
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::CREATED)
            .count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| [StatusCode::CREATED, StatusCode::UNPROCESSABLE_ENTITY].contains(s)),
        "{statuses:?}"
    );

    let (other, other_token) = app.retailer_with_admin("Other Mart").await;
    let foreign = app
        .authed(
            Method::PUT,
            &format!("/v1/retailers/{other}/delivery/zones/{first}"),
            &other_token,
        )
        .json(&json!({"name": "Mine", "postal_codes": ["09"]}))
        .send()
        .await
        .expect("update");
    expect_problem(foreign, StatusCode::NOT_FOUND, "not_found").await;

    // Closed dates: today onwards only, listed in a range.
    let dates = format!("{zones_json}/{first}/closed-dates");
    let (yesterday, soon, later) = (seoul_date(-1), seoul_date(2), seoul_date(40));
    for date in [&soon, &later] {
        let closed = app
            .authed(Method::PUT, &format!("{dates}/{date}"), &token)
            .send()
            .await
            .expect("close");
        assert_eq!(closed.status(), StatusCode::NO_CONTENT);
    }
    let past = app
        .authed(Method::PUT, &format!("{dates}/{yesterday}"), &token)
        .send()
        .await
        .expect("close");
    let problem = expect_problem(past, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(error_fields(&problem), ["date"]);
    assert_eq!(
        get_json(&app, &token, &dates).await["items"],
        json!([soon, later])
    );
    assert_eq!(
        get_json(&app, &token, &format!("{dates}?from={yesterday}&to={soon}")).await["items"],
        json!([soon])
    );
    // What the zone list reads in one query each: closed dates and slot counts of every
    // zone of the retailer (the other retailer's zone stays out).
    let template = app
        .authed(
            Method::POST,
            &format!("{zones_json}/{first}/templates"),
            &token,
        )
        .json(
            &json!({"weekday": 1, "start": "18:00", "end": "20:00", "capacity": 5,
                      "fee": {"amount_minor": 0}}),
        )
        .send()
        .await
        .expect("template");
    expect_json(template, StatusCode::CREATED).await;
    let from = chrono::NaiveDate::parse_from_str(&yesterday, "%Y-%m-%d").expect("date");
    let (for_task, to) = (shop.clone(), from + chrono::Days::new(400));
    let (closed, counts) = app
        .with_db(move |conn| {
            (
                closed_dates::of_retailer(conn, &for_task, from, to).expect("closed"),
                templates::active_counts(conn, &for_task).expect("counts"),
            )
        })
        .await;
    let closed: Vec<(String, String)> = closed
        .into_iter()
        .map(|(zone, date)| (zone, date.to_string()))
        .collect();
    assert_eq!(
        closed,
        [
            (first.clone(), soon.clone()),
            (first.clone(), later.clone())
        ]
    );
    assert_eq!(counts.into_iter().collect::<Vec<_>>(), [(first.clone(), 1)]);
    let backwards = app
        .authed(
            Method::GET,
            &format!("{dates}?from={soon}&to={yesterday}"),
            &token,
        )
        .send()
        .await
        .expect("list");
    expect_problem(
        backwards,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

/// Presses the focused-by-Tab element `id` with Enter and waits for `then` on the page
/// that answers.
async fn press(walk: &Walk, id: &str, then: &str) {
    walk.tab_to(id).await;
    walk.keys(&Key::Enter).await;
    walk.browser.wait_for(then).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_delivery_pages_in_a_browser_with_the_keyboard_pass_axe() {
    let app = spawn_app(Backend::Sqlite).await;
    let (shop, _) = app.retailer_with_admin("Delivery Mart").await;
    let admin = user(&app, Role::RetailerAdmin, Some(&shop)).await;
    let mut walk = Walk::desktop("console-delivery", "en-US,en", 1280, 800).await;
    walk.browser
        .open(&format!("{}/console/r/{shop}/delivery", app.address))
        .await;
    walk.sign_in(&admin).await;
    walk.browser.wait_for("#no-zones").await;
    walk.check_accessibility("zone list (empty)").await;

    // A zone with the keyboard, a prefix typed wrong first.
    walk.tab_to("name").await;
    walk.keys("Gangnam").await;
    walk.tab_to("postal_codes").await;
    walk.keys("04, 05!").await;
    press(&walk, "create-zone", "#postal_codes-error").await;
    walk.browser.shot("zone-refused").await;
    walk.check_accessibility("zone list (refused)").await;
    walk.tab_to("postal_codes").await;
    walk.browser
        .client()
        .execute(
            "document.getElementById('postal_codes').select();",
            Vec::new(),
        )
        .await
        .expect("select");
    walk.keys("04, 05 06").await;
    press(&walk, "create-zone", "#slot-form").await;

    // Two slots on Monday, the second overlapping first.
    walk.tab_to("fee").await;
    walk.browser
        .client()
        .execute("document.getElementById('fee').select();", Vec::new())
        .await
        .expect("select");
    walk.keys("3,000").await;
    press(&walk, "save-slot", "#weekday-1 tbody th").await;
    press(&walk, "save-slot", "#start-error").await;
    walk.browser
        .client()
        .execute(
            "document.getElementById('slot-form').scrollIntoView();",
            Vec::new(),
        )
        .await
        .expect("scroll");
    walk.browser.shot("slot-overlap").await;
    walk.check_accessibility("zone (overlap refused)").await;
    walk.tab_to("start").await;
    walk.browser
        .client()
        .execute("document.getElementById('start').select();", Vec::new())
        .await
        .expect("select");
    walk.keys("20:00").await;
    walk.tab_to("end").await;
    walk.browser
        .client()
        .execute("document.getElementById('end').select();", Vec::new())
        .await
        .expect("select");
    walk.keys("22:00").await;
    press(&walk, "save-slot", "#weekday-1 tbody tr:nth-child(2)").await;
    walk.browser.shot("zone").await;
    walk.check_accessibility("zone").await;

    // The calendar: close the day after tomorrow with the keyboard.
    let date = seoul_date(2);
    press(&walk, "open-calendar", "#calendar").await;
    walk.browser.shot("calendar-this-month").await;
    assert!(
        walk.browser
            .attr("td[aria-current=date]", "id")
            .await
            .is_some_and(|id| id == format!("d-{}", seoul_date(0)))
    );
    if date[..7] != seoul_date(0)[..7] {
        press(&walk, "next-month", &format!("#d-{date}")).await;
    }
    press(&walk, &format!("close-{date}"), &format!("#reopen-{date}")).await;
    walk.browser.shot("calendar").await;
    walk.check_accessibility("calendar").await;
    assert_eq!(
        walk.browser.text(&format!("#closed-{date}")).await,
        "Closed"
    );
    walk.browser.quit().await;
}
