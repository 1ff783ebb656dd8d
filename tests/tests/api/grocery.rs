//! The 81 real grocery products of the fixtures (`tests/fixtures/grocery-store`), imported and photographed through
//! the API, read back unchanged.

use std::path::PathBuf;

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{Backend, expect_json, spawn_app};
use crate::on_both_backends;

on_both_backends!(grocery_catalogue_round_trips);

/// One fixture product as the test expects to read it back.
pub struct Fixture {
    /// Its SKU (the class name, upper case).
    pub sku: String,
    /// Its title.
    pub name: String,
    /// Origin and description.
    pub description: String,
    /// A made-up price.
    pub price_minor: i64,
    /// A made-up stock.
    pub stock_on_hand: i64,
    /// Its photo (JPEG).
    pub photo: PathBuf,
}

pub fn dataset_dir() -> PathBuf {
    std::env::var_os("SHELF_FIXTURES_DIR")
        .map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
            PathBuf::from,
        )
        .join("grocery-store/dataset")
}

fn information_field(text: &str, label: &str) -> String {
    text.lines()
        .find_map(|line| line.strip_prefix(label))
        .map(|value| value.trim().to_owned())
        .unwrap_or_default()
}

/// The 81 products, in the dataset's order.
pub fn fixtures() -> Vec<Fixture> {
    let dir = dataset_dir();
    let mut reader = csv::Reader::from_path(dir.join("classes.csv")).expect("classes.csv");
    reader
        .records()
        .map(|record| {
            let record = record.expect("class row");
            let class = &record[0];
            let id: i64 = record[1].parse().expect("class id");
            let photo = dir.join(record[4].trim_start_matches('/'));
            let photo_path = photo.to_string_lossy().into_owned();
            // One fixture spells it `Cabbage-Information.txt`; real data is like that.
            let info = ["_Information.txt", "-Information.txt"]
                .iter()
                .find_map(|suffix| {
                    std::fs::read_to_string(photo_path.replace("_Iconic.jpg", suffix)).ok()
                })
                .expect("information file");
            // Some files start with a byte order mark.
            let info = info.trim_start_matches('\u{feff}');
            let title = information_field(info, "Title:");
            let origin = information_field(info, "Country and volume:");
            Fixture {
                sku: class.to_uppercase(),
                name: title,
                description: [origin, information_field(info, "Description:")]
                    .into_iter()
                    .filter(|part| !part.is_empty())
                    .collect::<Vec<_>>()
                    .join(". "),
                price_minor: 990 + id * 100,
                stock_on_hand: id * 3,
                photo,
            }
        })
        .collect()
}

async fn grocery_catalogue_round_trips(backend: Backend) {
    let products = fixtures();
    assert_eq!(products.len(), 81);
    assert!(
        products.iter().any(|p| p.name.contains(['å', 'ä', 'ö'])),
        "Swedish titles present"
    );
    let app = spawn_app(backend).await;
    let (shop, token) = app.retailer_with_admin("Hemköp Virtual").await;

    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "sku",
            "name",
            "description",
            "price_minor",
            "stock_on_hand",
            "active",
        ])
        .expect("header");
    for p in &products {
        writer
            .write_record([
                &p.sku,
                &p.name,
                &p.description,
                &p.price_minor.to_string(),
                &p.stock_on_hand.to_string(),
                "true",
            ])
            .expect("row");
    }
    let csv = writer.into_inner().expect("csv");
    let report = app.import_csv(&shop, &token, csv).await;
    assert_eq!(expect_json(report, StatusCode::OK).await["created"], 81);

    for p in &products {
        let photo = std::fs::read(&p.photo).expect("photo");
        let original = image::load_from_memory(&photo).expect("fixture photo decodes");
        let uploaded = app
            .authed(
                Method::PUT,
                &format!("/v1/retailers/{shop}/products/{}/image", p.sku),
                &token,
            )
            .header("content-type", "image/jpeg")
            .body(photo)
            .send()
            .await
            .expect("upload");
        expect_json(uploaded, StatusCode::OK).await;

        let read = app
            .authed(
                Method::GET,
                &format!("/v1/retailers/{shop}/products/{}", p.sku),
                &token,
            )
            .send()
            .await
            .expect("get");
        let read = expect_json(read, StatusCode::OK).await;
        assert_eq!(read["sku"], p.sku.as_str());
        assert_eq!(read["name"], p.name.as_str());
        assert_eq!(read["description"], p.description.as_str());
        assert_eq!(
            read["price"],
            json!({"amount_minor": p.price_minor, "currency": "KRW"})
        );
        assert_eq!(read["stock_on_hand"], p.stock_on_hand);
        assert_eq!(read["available"], p.stock_on_hand);
        assert_eq!(read["active"], true);
        let served = app
            .client
            .get(read["image_url"].as_str().expect("image url"))
            .send()
            .await
            .expect("photo");
        assert_eq!(served.status(), StatusCode::OK);
        let stored =
            image::load_from_memory(&served.bytes().await.expect("bytes")).expect("valid image");
        assert_eq!(
            (stored.width(), stored.height()),
            (original.width(), original.height()),
            "{}",
            p.sku
        );
    }
}
