//! The console's strings, one module per area (a `<Area>Strings` struct, its `EN` and `KO`
//! statics and `strings(lang)`); the header, sign-in and dashboard use the shared staff
//! strings of `crate::app::pages::i18n::staff`.

pub mod catalogue;
pub mod channels;
pub mod delivery;
pub mod feeds;
pub mod orders;
pub mod posters;
pub mod shelves;
pub mod staff;
