//! From a printed code to a product: render a placement's poster, decode every QR code in
//! the PNG with a real decoder, and resolve each decoded URL on the running server.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Backend, expect_json, expect_problem, spawn_app};
use crate::on_both_backends;
use crate::posters::{create_poster, stocked_shop};

on_both_backends!(
    every_printed_code_resolves_to_its_product,
    print_formats_and_bad_requests
);

pub fn photo_png(seed: u8) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(240, 240, |x, y| {
        image::Rgb([seed.wrapping_mul(40), (x % 255) as u8, (y % 255) as u8])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .expect("encode");
    bytes
}

async fn every_printed_code_resolves_to_its_product(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, token) = stocked_shop(&app).await;
    for i in 1..=3u8 {
        let response = app
            .authed(
                Method::PUT,
                &format!("/v1/retailers/{shop}/products/P{i}/image"),
                &token,
            )
            .body(photo_png(i))
            .send()
            .await
            .expect("upload");
        expect_json(response, StatusCode::OK).await;
    }
    let poster = create_poster(&app, &shop, &token, &["P1", "P2", "P3", "P4", "P5", "P6"]).await;
    let id = poster["id"].as_str().expect("id");
    let placement = app
        .authed(Method::POST, &format!("/v1/retailers/{shop}/posters/{id}/placements"), &token)
        .json(&json!({"name": "Seolleung Station", "starts_at": "2026-01-01T00:00:00Z", "ends_at": "2027-12-31T00:00:00Z"}))
        .send()
        .await
        .expect("place");
    let placement = expect_json(placement, StatusCode::CREATED).await;
    let placement_id = placement["id"].as_str().expect("id");

    let png = app
        .authed(
            Method::GET,
            &format!(
                "/v1/retailers/{shop}/posters/{id}/placements/{placement_id}/print.png?dpi=100"
            ),
            &token,
        )
        .send()
        .await
        .expect("print");
    assert_eq!(png.status(), StatusCode::OK);
    assert_eq!(png.headers()["content-type"], "image/png");
    let bytes = png.bytes().await.expect("png");
    let gray = image::load_from_memory(&bytes).expect("a PNG").to_luma8();
    let decoded = shelf_generator::decode::decode_image(gray, 0);

    let slots = placement["slots"].as_array().expect("slots");
    let mut expected: Vec<&str> = slots
        .iter()
        .map(|s| s["qr_payload"].as_str().expect("payload"))
        .collect();
    let mut found: Vec<&str> = decoded.iter().map(|d| d.payload.as_str()).collect();
    expected.sort_unstable();
    found.sort_unstable();
    assert_eq!(
        found, expected,
        "every code decodes to exactly its slot's payload"
    );

    for code in &decoded {
        // The payload is the whole URL in upper case; the server must answer it as printed.
        let response = app
            .client
            .get(&code.payload)
            .header("accept", "application/json")
            .send()
            .await
            .expect("scan the decoded URL");
        let body: Value = expect_json(response, StatusCode::OK).await;
        let slot = slots
            .iter()
            .find(|s| s["qr_payload"] == code.payload.as_str())
            .expect("a slot printed this code");
        assert_eq!(body["product"]["sku"], slot["sku"], "{}", code.payload);
        assert_eq!(body["placement"]["id"], placement_id);
        assert_eq!(body["campaign_active"], true);
    }
}

async fn print_formats_and_bad_requests(backend: Backend) {
    let app = spawn_app(backend).await;
    let (shop, token) = stocked_shop(&app).await;
    let poster = create_poster(&app, &shop, &token, &["P1", "P2"]).await;
    let id = poster["id"].as_str().expect("id");
    let get = |path: String| app.authed(Method::GET, &path, &token).send();
    let pdf = get(format!("/v1/retailers/{shop}/posters/{id}/print.pdf"))
        .await
        .expect("pdf");
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let pdf = pdf.bytes().await.expect("bytes");
    assert!(pdf.starts_with(b"%PDF"));
    let again = get(format!("/v1/retailers/{shop}/posters/{id}/print.pdf"))
        .await
        .expect("pdf");
    assert_eq!(again.bytes().await.expect("bytes"), pdf, "cached render");
    let svg = get(format!("/v1/retailers/{shop}/posters/{id}/print.svg"))
        .await
        .expect("svg");
    assert_eq!(svg.headers()["content-type"], "image/svg+xml");
    assert!(svg.text().await.expect("text").contains("<svg"));

    for (path, status, code) in [
        (
            format!("/v1/retailers/{shop}/posters/{id}/print.gif"),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            format!("/v1/retailers/{shop}/posters/{id}/print.png?dpi=2000"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            format!("/v1/retailers/{shop}/posters/{id}/print.png?page=9&dpi=50"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            format!("/v1/retailers/{shop}/posters/{id}/print.png?dpi=lots"),
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            format!("/v1/retailers/{shop}/posters/nope/print.pdf"),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
    ] {
        let response = get(path.clone()).await.expect("request");
        expect_problem(response, status, code).await;
    }
    let (_, rival) = app.retailer_with_admin("Rival").await;
    let response = app
        .authed(
            Method::GET,
            &format!("/v1/retailers/{shop}/posters/{id}/print.pdf"),
            &rival,
        )
        .send()
        .await
        .expect("request");
    expect_problem(response, StatusCode::NOT_FOUND, "not_found").await;
}
