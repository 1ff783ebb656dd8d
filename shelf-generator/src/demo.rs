//! The demo poster: the project's demo catalogue (`assets/demo/catalog.csv`, the API's
//! Korean demo retailer, prices in KRW) with the illustrations of `assets/demo-poster/`.

use std::sync::Arc;

use crate::catalog::{self, CsvOptions};
use crate::error::Result;
use crate::spec::{ImageSource, LayoutSpec, PageSpec, PosterSpec, QrSpec};

const CATALOG: &str = include_str!("../../assets/demo/catalog.csv");

/// Product illustrations by SKU (SVG artwork drawn for the demo, see the folder's README).
const ARTWORK: [(&str, &[u8]); 12] = [
    (
        "DEMO-RAMEN-5",
        include_bytes!("../../assets/demo-poster/ramen.svg"),
    ),
    (
        "DEMO-MILK-1L",
        include_bytes!("../../assets/demo-poster/milk.svg"),
    ),
    (
        "DEMO-KIMCHI-500",
        include_bytes!("../../assets/demo-poster/kimchi.svg"),
    ),
    (
        "DEMO-RICE-4KG",
        include_bytes!("../../assets/demo-poster/rice.svg"),
    ),
    (
        "DEMO-EGGS-15",
        include_bytes!("../../assets/demo-poster/eggs.svg"),
    ),
    (
        "DEMO-TOFU-300",
        include_bytes!("../../assets/demo-poster/tofu.svg"),
    ),
    (
        "DEMO-BANANA",
        include_bytes!("../../assets/demo-poster/banana.svg"),
    ),
    (
        "DEMO-APPLE-6",
        include_bytes!("../../assets/demo-poster/apple.svg"),
    ),
    (
        "DEMO-COFFEE-10",
        include_bytes!("../../assets/demo-poster/coffee.svg"),
    ),
    (
        "DEMO-WATER-2L",
        include_bytes!("../../assets/demo-poster/water.svg"),
    ),
    (
        "DEMO-GIM-10",
        include_bytes!("../../assets/demo-poster/gim.svg"),
    ),
    (
        "DEMO-CHOCO-PIE",
        include_bytes!("../../assets/demo-poster/chocopie.svg"),
    ),
];

/// The illustration of a demo product (an SVG document), by SKU.
pub fn artwork(sku: &str) -> Option<&'static [u8]> {
    ARTWORK
        .iter()
        .find(|(art_sku, _)| *art_sku == sku)
        .map(|(_, bytes)| *bytes)
}

/// The demo poster's spec: twelve products on an A1, scanned from 0.7 m.
pub fn demo_spec() -> Result<PosterSpec> {
    let options = CsvOptions {
        url_template: "https://shop.example/p/{sku}".into(),
        images_dir: None,
        currency: "KRW".into(),
        locale: Some("ko-KR".into()),
        title: "오늘 저녁, 문 앞까지".into(),
        brand: Some("Virtual Shelf 데모 마트 · 서울".into()),
        tagline: Some("상품을 스캔하세요 · 오늘 저녁 배송".into()),
        footer: Some(
            "13시 전 주문은 오늘 저녁 도착 · Order before 13:00, delivered tonight".into(),
        ),
        page: PageSpec::default(),
        layout: LayoutSpec::default(),
        scan_distance_m: 0.7,
        qr: QrSpec::default(),
    };
    let mut spec = catalog::spec_from_csv(CATALOG.as_bytes(), &options)?;
    for slot in &mut spec.slots {
        let art = slot.sku.as_deref().and_then(artwork);
        slot.image = art.map(|bytes| ImageSource::Bytes(Arc::from(bytes)));
    }
    Ok(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_product_has_artwork() {
        let spec = demo_spec().expect("the demo catalogue parses");
        assert_eq!(spec.slots.len(), ARTWORK.len());
        assert!(
            spec.slots.iter().all(|s| s.image.is_some()),
            "a demo product has no artwork"
        );
    }
}
