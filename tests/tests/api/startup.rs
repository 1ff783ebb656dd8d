//! Several API processes starting at once on one database migrate and seed it exactly
//! once; the seeded demo poster hangs in a placement whose codes scan; the demo products
//! have photos and the placement's print file is on disk.

use diesel::dsl::count_star;
use diesel::prelude::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use virtual_shelf::db::schema::{placements, posters, products, retailers, users};
use virtual_shelf::startup::Application;

use crate::helpers::{
    Backend, DEMO_PASSWORD, TestApp, expect_json, fresh_database, spawn_app, test_settings,
};
use crate::on_both_backends;

on_both_backends!(nodes_starting_together_migrate_and_seed_once);

async fn nodes_starting_together_migrate_and_seed_once(backend: Backend) {
    crate::helpers::init_logs();
    let dir = tempfile::tempdir().expect("temp dir");
    let url = fresh_database(backend, &dir).await;
    let nodes = (0..4).map(|_| {
        let settings = test_settings(&url, &dir, "");
        tokio::spawn(Application::build(settings))
    });
    let mut apps = Vec::new();
    for node in nodes {
        apps.push(node.await.expect("task").expect("every node starts"));
    }
    let pool = apps[0].pool();
    let counts = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("connection");
        let count = |table: &str, conn: &mut virtual_shelf::db::DbConnection| -> i64 {
            match table {
                "retailers" => retailers::table.select(count_star()).first(conn),
                "users" => users::table.select(count_star()).first(conn),
                "posters" => posters::table.select(count_star()).first(conn),
                "placements" => placements::table.select(count_star()).first(conn),
                _ => products::table.select(count_star()).first(conn),
            }
            .expect("count")
        };
        (
            count("retailers", &mut conn),
            count("users", &mut conn),
            count("products", &mut conn),
            count("posters", &mut conn),
            count("placements", &mut conn),
        )
    })
    .await
    .expect("task");
    assert_eq!(counts, (1, 4, 12, 1, 1));
    drop(apps);
}

on_both_backends!(concurrent_seeds_seed_once);

/// The seed alone, from four threads at once, right after migrating: the race the setup
/// lock exists for.
async fn concurrent_seeds_seed_once(backend: Backend) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = fresh_database(backend, &dir).await;
    let settings = test_settings(&url, &dir, "");
    let pool = virtual_shelf::startup::open_database(&settings)
        .await
        .expect("migrated");
    let files = virtual_shelf::seed::SeedFiles {
        blobs: std::sync::Arc::new(
            virtual_shelf::storage::FsBlobStore::new(dir.path().join("media")).expect("media"),
        ),
        urls: virtual_shelf::app::urls::PublicUrls::new("http://shop.test"),
        data_dir: dir.path().to_path_buf(),
    };
    let seeds: Vec<_> = (0..4)
        .map(|_| {
            let (pool, files) = (pool.clone(), files.clone());
            tokio::task::spawn_blocking(move || virtual_shelf::seed::seed_if_empty(&pool, &files))
        })
        .collect();
    for seed in seeds {
        seed.await.expect("task").expect("every seed succeeds");
    }
    let users: i64 = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("connection");
        users::table
            .select(count_star())
            .first(&mut conn)
            .expect("count")
    })
    .await
    .expect("task");
    assert_eq!(users, 4);
}

on_both_backends!(demo_poster_hangs_in_seoul_and_its_codes_scan);

/// GETs `path` with `token` and answers its JSON, asserting 200.
async fn get_json(app: &TestApp, path: &str, token: &str) -> Value {
    let response = app
        .authed(Method::GET, path, token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    expect_json(response, StatusCode::OK).await
}

/// The `sku` of each entry of a JSON array, in order.
fn skus(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("array")
        .iter()
        .map(|entry| entry["sku"].as_str().expect("sku"))
        .collect()
}

/// The seed's poster carries the whole demo catalogue, hangs in one running placement, and
/// every code of that placement resolves to its product, attributed to the placement.
async fn demo_poster_hangs_in_seoul_and_its_codes_scan(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, token) = app.demo_retailer().await;
    let base = format!("/v1/retailers/{shop}");

    let posters = get_json(&app, &format!("{base}/posters"), &token).await;
    let posters = posters["items"].as_array().expect("items");
    assert_eq!(posters.len(), 1, "{posters:?}");
    let poster_id = posters[0]["id"].as_str().expect("poster id");
    assert_eq!(posters[0]["page_size"], "A1");
    assert!(posters[0]["retired_at"].is_null());

    let catalogue = get_json(&app, &format!("{base}/products"), &token).await;
    let mut catalogue = skus(&catalogue["items"]);
    catalogue.sort_unstable();
    assert_eq!(catalogue.len(), 12);
    let poster = get_json(&app, &format!("{base}/posters/{poster_id}"), &token).await;
    let mut on_poster = skus(&poster["slots"]);
    on_poster.sort_unstable();
    assert_eq!(on_poster, catalogue, "every demo product is on the poster");
    // The startup log points here: the demo poster must pass the generator's preflight.
    let print = app
        .authed(
            Method::GET,
            &format!("{base}/posters/{poster_id}/print.pdf"),
            &token,
        )
        .send()
        .await
        .expect("print");
    assert_eq!(print.status(), StatusCode::OK);
    assert!(print.bytes().await.expect("pdf").starts_with(b"%PDF"));

    let placements_path = format!("{base}/posters/{poster_id}/placements");
    let placements = get_json(&app, &placements_path, &token).await;
    let placements = placements["items"].as_array().expect("items");
    assert_eq!(placements.len(), 1, "{placements:?}");
    let placement_id = placements[0]["id"].as_str().expect("placement id");
    assert_eq!(placements[0]["city"], "Seoul");
    assert_eq!(placements[0]["campaign_active"], true);

    let placement = get_json(&app, &format!("{placements_path}/{placement_id}"), &token).await;
    let name = placement["name"].as_str().expect("placement name");
    let slots = placement["slots"].as_array().expect("slots");
    assert_eq!(slots.len(), catalogue.len());
    for slot in slots {
        let code = slot["code"].as_str().expect("code");
        let scan = app
            .request(Method::GET, &format!("/v1/scans/{code}"))
            .send()
            .await
            .expect("scan");
        let scan = expect_json(scan, StatusCode::OK).await;
        assert_eq!(scan["product"]["sku"], slot["sku"], "{scan}");
        assert_eq!(scan["campaign_active"], true, "{scan}");
        assert_eq!(scan["poster"]["id"], poster_id, "{scan}");
        assert_eq!(scan["placement"]["id"], placement_id, "{scan}");
        assert_eq!(scan["placement"]["name"], name, "{scan}");
    }
}

on_both_backends!(demo_products_have_photos_and_the_placement_print_is_on_disk);

/// The seed gives every demo product a photo the way an upload does (its `image_url`
/// serves the image), and writes the demo placement's print PDF where the startup log says:
/// the same file the placement's print route serves, QR codes and all.
async fn demo_products_have_photos_and_the_placement_print_is_on_disk(backend: Backend) {
    crate::helpers::init_logs();
    let dir = tempfile::tempdir().expect("temp dir");
    let url = fresh_database(backend, &dir).await;
    let app = Application::build(test_settings(&url, &dir, ""))
        .await
        .expect("the app starts");
    let origin = app.public_base_url().to_owned();
    let handle = app.handle();
    let server = tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("http client");
    let login = client
        .post(format!("{origin}/v1/auth/login"))
        .json(&json!({"email": "retailer@demo.test", "password": DEMO_PASSWORD}))
        .send()
        .await
        .expect("login");
    let login = expect_json(login, StatusCode::OK).await;
    let token = login["access_token"].as_str().expect("token").to_owned();
    let get = |path: String| {
        let request = client.get(format!("{origin}{path}")).bearer_auth(&token);
        async move { request.send().await.expect("GET") }
    };
    let me = expect_json(get("/v1/me".into()).await, StatusCode::OK).await;
    let base = format!(
        "/v1/retailers/{}",
        me["retailer_id"].as_str().expect("shop")
    );

    let catalogue = expect_json(get(format!("{base}/products")).await, StatusCode::OK).await;
    let products = catalogue["items"].as_array().expect("items");
    assert_eq!(products.len(), 12);
    for product in products {
        let image_url = product["image_url"]
            .as_str()
            .unwrap_or_else(|| panic!("no photo: {product}"));
        assert!(
            image_url.starts_with(&format!("{origin}/media/")),
            "{image_url}"
        );
        let image = client.get(image_url).send().await.expect("photo");
        assert_eq!(image.status(), StatusCode::OK, "{image_url}");
        let content_type = image.headers()["content-type"].to_str().expect("type");
        assert!(content_type.starts_with("image/"), "{content_type}");
        let image = image::load_from_memory(&image.bytes().await.expect("bytes"))
            .unwrap_or_else(|e| panic!("{image_url} is no image: {e}"));
        assert_eq!(image.width().max(image.height()), 800, "{image_url}");
    }

    let posters = expect_json(get(format!("{base}/posters")).await, StatusCode::OK).await;
    let poster_id = posters["items"][0]["id"].as_str().expect("poster id");
    let placements_path = format!("{base}/posters/{poster_id}/placements");
    let placements = expect_json(get(placements_path.clone()).await, StatusCode::OK).await;
    let placement_id = placements["items"][0]["id"].as_str().expect("placement id");
    let file = virtual_shelf::seed::demo_print_file(dir.path(), placement_id);
    assert_eq!(
        file,
        dir.path()
            .join(format!("demo/placement-{placement_id}.pdf"))
    );
    let pdf = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    assert!(pdf.starts_with(b"%PDF"), "{} is no PDF", file.display());
    let served = get(format!("{placements_path}/{placement_id}/print.pdf")).await;
    assert_eq!(served.status(), StatusCode::OK);
    assert!(
        served.bytes().await.expect("pdf")[..] == pdf[..],
        "the file is the placement's print"
    );

    handle.stop(true).await;
    server
        .await
        .expect("server task")
        .expect("server stopped cleanly");
}
