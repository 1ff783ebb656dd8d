//! Product photos: upload, normalization, serving, and refusal of non-images and bombs.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{Backend, TestApp, expect_json, expect_problem, spawn_app_with};
use crate::on_both_backends;

on_both_backends!(photos_upload_in_each_format, bad_uploads_change_nothing);

pub fn encoded(format: ImageFormat, width: u32, height: u32) -> Vec<u8> {
    let picture = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut bytes = Vec::new();
    DynamicImage::ImageRgb8(picture)
        .write_to(&mut Cursor::new(&mut bytes), format)
        .expect("encode");
    bytes
}

pub async fn upload(
    app: &TestApp,
    shop: &str,
    token: &str,
    sku: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    app.authed(
        Method::PUT,
        &format!("/v1/retailers/{shop}/products/{sku}/image"),
        token,
    )
    .header("content-type", "application/octet-stream")
    .body(body)
    .send()
    .await
    .expect("upload")
}

async fn shop_with_product(app: &TestApp) -> (String, String) {
    let (shop, token) = app.retailer_with_admin("Photo Mart").await;
    let response = app
        .authed(
            Method::POST,
            &format!("/v1/retailers/{shop}/products"),
            &token,
        )
        .json(&json!({"sku": "PEAR", "name": "Pear", "price": {"amount_minor": 990}}))
        .send()
        .await
        .expect("create");
    expect_json(response, StatusCode::CREATED).await;
    (shop, token)
}

async fn photos_upload_in_each_format(backend: Backend) {
    let app = spawn_app_with(backend, "").await;
    let (shop, token) = shop_with_product(&app).await;
    for (format, width, height) in [
        (ImageFormat::Jpeg, 198, 198),
        (ImageFormat::Png, 320, 200),
        (ImageFormat::WebP, 64, 48),
        (ImageFormat::Png, 3000, 1500),
    ] {
        let product = expect_json(
            upload(&app, &shop, &token, "PEAR", encoded(format, width, height)).await,
            StatusCode::OK,
        )
        .await;
        let url = product["image_url"].as_str().expect("image url");
        assert!(url.starts_with(&app.address), "{url}");
        let served = app.client.get(url).send().await.expect("image");
        assert_eq!(served.status(), StatusCode::OK);
        assert_eq!(
            served.headers()["cache-control"].to_str().expect("header"),
            "public, max-age=31536000, immutable"
        );
        let bytes = served.bytes().await.expect("bytes");
        let stored = image::load_from_memory(&bytes).expect("a valid image");
        let expected = if width > 2048 {
            (2048, 1024)
        } else {
            (width, height)
        };
        assert_eq!((stored.width(), stored.height()), expected, "{format:?}");
    }
    let missing = app
        .request(Method::GET, "/media/0123456789abcdef.jpg")
        .send()
        .await
        .expect("get");
    expect_problem(missing, StatusCode::NOT_FOUND, "not_found").await;
    let traversal = app
        .request(Method::GET, "/media/..%2F..%2Fetc%2Fpasswd.jpg")
        .send()
        .await
        .expect("get");
    assert_eq!(traversal.status(), StatusCode::NOT_FOUND);
}

async fn bad_uploads_change_nothing(backend: Backend) {
    let app = spawn_app_with(backend, "max_image_bytes = 200000").await;
    let (shop, token) = shop_with_product(&app).await;
    let fine = expect_json(
        upload(
            &app,
            &shop,
            &token,
            "PEAR",
            encoded(ImageFormat::Png, 50, 50),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let url = fine["image_url"].clone();

    let text = upload(
        &app,
        &shop,
        &token,
        "PEAR",
        b"just some text, not a photo".to_vec(),
    )
    .await;
    expect_problem(text, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let gif = upload(
        &app,
        &shop,
        &token,
        "PEAR",
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(),
    )
    .await;
    expect_problem(gif, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let mut truncated = encoded(ImageFormat::Jpeg, 120, 120);
    truncated.truncate(truncated.len() / 3);
    let truncated = upload(&app, &shop, &token, "PEAR", truncated).await;
    expect_problem(
        truncated,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    // A decompression bomb: a few kilobytes of PNG that claim 30000 x 30000 pixels.
    let bomb = upload(&app, &shop, &token, "PEAR", png_bomb()).await;
    let problem = expect_problem(bomb, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "image");
    let huge = upload(&app, &shop, &token, "PEAR", vec![0u8; 300_000]).await;
    expect_problem(huge, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    let unknown = upload(
        &app,
        &shop,
        &token,
        "NO-SUCH",
        encoded(ImageFormat::Png, 10, 10),
    )
    .await;
    expect_problem(unknown, StatusCode::NOT_FOUND, "not_found").await;

    let after = app
        .authed(
            Method::GET,
            &format!("/v1/retailers/{shop}/products/PEAR"),
            &token,
        )
        .send()
        .await
        .expect("get");
    assert_eq!(expect_json(after, StatusCode::OK).await["image_url"], url);
}

/// A grayscale PNG header announcing 30000 x 30000 pixels, with a valid start of image
/// data: a few kilobytes on the wire, 900 MB once decoded.
fn png_bomb() -> Vec<u8> {
    use std::io::Write;
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(
            &u32::try_from(data.len())
                .expect("small chunk")
                .to_be_bytes(),
        );
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(&crc.finalize().to_be_bytes());
    }
    let side: u32 = 30_000;
    let mut header = Vec::new();
    header.extend_from_slice(&side.to_be_bytes());
    header.extend_from_slice(&side.to_be_bytes());
    header.extend_from_slice(&[8, 0, 0, 0, 0]);
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let row = vec![0u8; side as usize + 1];
    for _ in 0..64 {
        zlib.write_all(&row).expect("compress");
    }
    let data = zlib.finish().expect("compress");
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"IDAT", &data);
    chunk(&mut png, b"IEND", &[]);
    png
}
