//! Photos and print files the same from every node.

use reqwest::StatusCode;

use crate::harness::{self, Cluster};
use crate::shop;

fn photo_png() -> Vec<u8> {
    let picture = image::RgbImage::from_fn(200, 160, |x, y| {
        image::Rgb([(x % 255) as u8, (y % 255) as u8, 90])
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

/// A photo uploaded through HAProxy is served by each of three nodes asked directly
/// (with PostgreSQL and no SHELF_BLOB_URL, photos live in the database), byte for byte
/// the same; and a poster version's print file rendered by each node (print files are a
/// per-node cache) is byte-identical.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_node_serves_the_same_photo_and_print_file() {
    let _serial = harness::serial().await;
    let cluster = Cluster::start(3, &[]).await;
    let client = harness::client();
    let base = &cluster.balancer.url;
    let (retailer, admin) = shop::demo_retailer(&client, base).await;
    shop::import(
        &client,
        base,
        &retailer,
        &admin,
        "sku,name,description,price_minor,stock_on_hand\nPHOTO,Pear,Sweet,990,50\n".into(),
    )
    .await;
    let uploaded = client
        .put(format!(
            "{base}/v1/retailers/{retailer}/products/PHOTO/image"
        ))
        .bearer_auth(&admin)
        .header("content-type", "application/octet-stream")
        .body(photo_png())
        .send()
        .await
        .expect("upload");
    let product = shop::expect_json(uploaded, StatusCode::OK).await;
    let url = product["image_url"].as_str().expect("image url");
    let path = url
        .strip_prefix(base.as_str())
        .unwrap_or_else(|| panic!("{url}: image URLs use the public origin, the balancer's"));
    let mut photos = Vec::new();
    for node in &cluster.nodes {
        let served = client
            .get(format!("{}{path}", node.url))
            .send()
            .await
            .expect("photo");
        assert_eq!(
            served.status(),
            StatusCode::OK,
            "node {} lacks {path}",
            node.number
        );
        photos.push(served.bytes().await.expect("photo bytes"));
    }
    assert!(photos.windows(2).all(|pair| pair[0] == pair[1]));

    let poster = shop::poster(&client, base, &retailer, &admin, &["PHOTO"]).await;
    let id = poster["id"].as_str().expect("poster id");
    let mut prints = Vec::new();
    for node in &cluster.nodes {
        let print = client
            .get(format!(
                "{}/v1/retailers/{retailer}/posters/{id}/print.pdf",
                node.url
            ))
            .bearer_auth(&admin)
            .send()
            .await
            .expect("print");
        assert_eq!(print.status(), StatusCode::OK, "node {}", node.number);
        prints.push(print.bytes().await.expect("print bytes"));
    }
    assert!(prints[0].starts_with(b"%PDF"));
    assert!(
        prints.windows(2).all(|pair| pair[0] == pair[1]),
        "the nodes rendered different bytes for one poster version"
    );
}
