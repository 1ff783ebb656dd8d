//! The operator pages' strings, one module per area (a `<Area>Strings` struct, its `EN`
//! and `KO` statics and `strings(lang)`); the header's language switch, sign-out and
//! sign-in fields use the shared staff strings of `crate::app::pages::i18n::staff`.

pub mod ops;
