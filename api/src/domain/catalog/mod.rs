//! A retailer's catalogue: products addressed by SKU, their validation, bulk import and
//! photos.

pub mod export;
pub mod feed_secrets;
pub mod feeds;
pub mod gtin;
pub mod images;
pub mod import;
pub mod input;
pub mod photo_zip;
pub mod products;
pub mod share_cards;
pub mod shelves;

pub use input::ProductInput;
pub use products::Product;
