//! Every page of the staff faces (the console and the operator pages), found the way
//! people find them: by following the links of the pages, from the start, as a retailer
//! admin, an operator and a platform admin (SQLite: the pages do not depend on the
//! backend). Every page answers 200 or a redirect, never an error; every page answers a
//! browser without a session with a redirect to sign-in; another retailer's admin gets
//! 404 for every one of them; and following every link changed nothing stored.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use diesel::sql_types::Text;
use diesel::{QueryableByName, RunQueryDsl};
use reqwest::{StatusCode, Url};

use crate::checkout::{customer, fill, place, shop};
use crate::console::{Console, location, placement, user};
use crate::helpers::{Backend, DEMO_PASSWORD, TestApp, spawn_app_with};
use virtual_shelf::domain::accounts::Role;

/// Pages one crawl visits at most (the site has far fewer; a loop of links would not end).
const MAX_PAGES: usize = 600;

/// Queries followed per path: enough for a pager's or a calendar's next page without
/// walking every month there is.
const QUERIES_PER_PATH: usize = 4;

/// Tables a GET may write without changing anything anyone sees: print files rendered on
/// first download are cached in the blob store.
const CACHES: [&str; 1] = ["blobs"];

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Content {
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    content: Option<String>,
}

/// Every row of every table but the caches, quoted: equal snapshots mean nothing changed.
async fn snapshot(app: &TestApp) -> BTreeMap<String, String> {
    app.with_db(|conn| {
        let tables: Vec<Name> = diesel::sql_query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .load(conn)
        .expect("tables");
        tables
            .into_iter()
            .filter(|table| !CACHES.contains(&table.name.as_str()))
            .map(|table| {
                let columns: Vec<Name> = diesel::sql_query(format!(
                    "SELECT name FROM pragma_table_info('{}')",
                    table.name
                ))
                .load(conn)
                .expect("columns");
                let row = columns
                    .iter()
                    .map(|c| format!("quote(\"{}\")", c.name))
                    .collect::<Vec<_>>()
                    .join(" || ',' || ");
                let content: Vec<Content> = diesel::sql_query(format!(
                    "SELECT group_concat(row, char(10)) AS content FROM \
                     (SELECT {row} AS row FROM \"{}\" ORDER BY 1)",
                    table.name
                ))
                .load(conn)
                .expect("rows");
                (
                    table.name,
                    content
                        .into_iter()
                        .next()
                        .and_then(|c| c.content)
                        .unwrap_or_default(),
                )
            })
            .collect()
    })
    .await
}

/// The links of an HTML page at `here` into the face under `face` (`/console`, `/ops`),
/// resolved.
fn links(here: &Url, html: &str, face: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|href| href.replace("&amp;", "&"))
        .filter_map(|href| here.join(&href).ok())
        .filter(|url| url.origin() == here.origin() && url.path().starts_with(face))
        .map(|url| match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        })
        .collect()
}

/// Follows every link of the staff face `face` (`/console`, `/ops`) from its front page as
/// `browser`'s user: each answer must be 200 or a redirect within the face. The pages
/// visited.
async fn crawl(app: &TestApp, browser: &mut Console<'_>, face: &str, who: &str) -> Vec<String> {
    let base = Url::parse(&app.address).expect("address");
    let start = format!("{face}/");
    let sign_in = format!("{face}/login");
    let mut queue = VecDeque::from([start.clone()]);
    let mut seen = BTreeSet::from([start]);
    let mut visited = Vec::new();
    let mut queries: BTreeMap<String, usize> = BTreeMap::new();
    while let Some(path) = queue.pop_front() {
        assert!(
            visited.len() < MAX_PAGES,
            "{who}: more than {MAX_PAGES} pages: {visited:#?}"
        );
        let response = browser.get(&path).await;
        let status = response.status();
        let next: Vec<String> = if status == StatusCode::SEE_OTHER {
            let to = location(&response).to_owned();
            assert!(to.starts_with(face), "{who}: {path} redirects out to {to}");
            vec![to]
        } else {
            assert_eq!(status, StatusCode::OK, "{who}: {path}");
            let html = response
                .headers()
                .get("content-type")
                .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
            let body = response.text().await.expect("body");
            if html {
                links(&base.join(&path).expect("url"), &body, face)
            } else {
                Vec::new()
            }
        };
        visited.push(path);
        for link in next {
            // Signing out is a form, never a link; a link to the sign-in page from a
            // signed-in page would only lead back.
            let bare = link.split('?').next().unwrap_or_default().to_owned();
            let variants = queries.entry(bare).or_default();
            if !link.starts_with(&sign_in)
                && *variants < QUERIES_PER_PATH
                && seen.insert(link.clone())
            {
                *variants += 1;
                queue.push_back(link);
            }
        }
    }
    visited
}

/// Waits until the notifier has no delivery left pending.
async fn outbox_settled(app: &TestApp) {
    #[derive(QueryableByName)]
    struct Pending {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        count: i64,
    }
    for _ in 0..200 {
        let pending = app
            .with_db(|conn| {
                diesel::sql_query(
                    "SELECT count(*) AS count FROM notification_deliveries \
                     WHERE status = 'pending'",
                )
                .get_result::<Pending>(conn)
                .expect("pending deliveries")
                .count
            })
            .await;
        if pending == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the notifier left deliveries pending");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_staff_page_answers_every_role_and_no_link_changes_anything() {
    let app = spawn_app_with(
        Backend::Sqlite,
        "scan_flush_interval_ms = 50\nnotify_poll_interval_ms = 50\n\
         trusted_proxies = \"127.0.0.1\"",
    )
    .await;
    // A retailer with a catalogue, a delivery zone, a poster in a placement, an order.
    let shop = shop(
        &app,
        5,
        "MILK,Milk,Fresh milk,2500,50\nEGGS,Eggs,Free range,4000,50\n",
    )
    .await;
    let poster =
        crate::posters::create_poster(&app, &shop.id, &shop.token, &["MILK", "EGGS"]).await;
    let poster = poster["id"].as_str().expect("poster id");
    placement(&app, &shop.id, &shop.token, poster, "Gangnam exit 11").await;
    let buyer = customer(&app, "crawl").await;
    fill(&app, &buyer, &shop, "MILK", 2).await;
    place(&app, &buyer, &shop, "crawl-order", "tok_approve").await;
    let other = app.retailer_with_admin("Other Mart").await.0;

    let admin = user(&app, Role::RetailerAdmin, Some(&shop.id)).await;
    let operator = user(&app, Role::Operator, Some(&shop.id)).await;
    let platform = user(&app, Role::PlatformAdmin, None).await;
    let outsider = user(&app, Role::RetailerAdmin, Some(&other)).await;
    // Signing in is the one write of the walk: every browser signs in first.
    let mut browsers = Vec::new();
    for (who, email) in [
        ("retailer_admin", &admin),
        ("operator", &operator),
        ("platform_admin", &platform),
        ("outsider", &outsider),
    ] {
        let mut browser = Console::new(&app, "en");
        let signed_in = browser.sign_in(email, DEMO_PASSWORD).await;
        assert_eq!(signed_in.status(), StatusCode::SEE_OTHER, "{who}");
        browsers.push((who, browser));
    }
    let (_, mut outside) = browsers.pop().expect("the outsider");
    // The order's confirmation message is the notifier's to settle (no channel is set up
    // here, so it is skipped): that background write is not a GET's.
    outbox_settled(&app).await;
    let before = snapshot(&app).await;

    let mut pages_of = BTreeMap::new();
    let mut ops_pages_of = BTreeMap::new();
    for (who, browser) in &mut browsers {
        let pages = crawl(&app, browser, "/console", who).await;
        pages_of.insert(*who, pages);
        let pages = crawl(&app, browser, "/ops", who).await;
        ops_pages_of.insert(*who, pages);
    }
    let admin_pages = &pages_of["retailer_admin"];
    let areas = [
        "products",
        "products/import",
        "products/photos",
        "posters",
        "posters/new",
        "orders",
        "staff",
        "feeds",
    ];
    for area in areas {
        let page = format!("/console/r/{}/{area}", shop.id);
        assert!(
            admin_pages.contains(&page),
            "{page} not linked: {admin_pages:#?}"
        );
    }
    assert!(
        admin_pages.len() > 30,
        "the admin found only {} pages",
        admin_pages.len()
    );
    assert!(
        pages_of["platform_admin"]
            .iter()
            .any(|page| page.starts_with(&format!("/console/r/{other}/"))),
        "a platform admin reaches every retailer"
    );

    // Without a session, each is a redirect to sign-in that comes back to it; another
    // retailer's admin is told it does not exist.
    let mut stranger = Console::new(&app, "en");
    let retailer_pages: Vec<&String> = admin_pages
        .iter()
        .filter(|page| page.starts_with(&format!("/console/r/{}/", shop.id)))
        .collect();
    for page in &retailer_pages {
        let response = stranger.get(page).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{page}");
        assert!(
            location(&response).starts_with("/console/login?next="),
            "{page}: {}",
            location(&response)
        );
        assert_eq!(
            outside.get(page).await.status(),
            StatusCode::NOT_FOUND,
            "{page} for another retailer's admin"
        );
    }

    // The operator pages of the shop's slots and orders, likewise.
    let operator_pages = &ops_pages_of["operator"];
    for kind in ["slots", "orders"] {
        assert!(
            operator_pages
                .iter()
                .any(|page| page.starts_with(&format!("/ops/{kind}/"))),
            "no /ops/{kind}/ page linked: {operator_pages:#?}"
        );
    }
    for page in operator_pages
        .iter()
        .filter(|page| page.starts_with("/ops/slots/") || page.starts_with("/ops/orders/"))
    {
        let response = stranger.get(page).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{page}");
        assert!(
            location(&response).starts_with("/ops/login?next="),
            "{page}: {}",
            location(&response)
        );
        assert_eq!(
            outside.get(page).await.status(),
            StatusCode::NOT_FOUND,
            "{page} for another retailer's admin"
        );
    }

    let after = snapshot(&app).await;
    for (table, rows) in &before {
        assert_eq!(Some(rows), after.get(table), "a GET changed {table}");
    }
}
