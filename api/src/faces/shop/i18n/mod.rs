//! The shop's strings of newer areas, one module per area (a `<Area>Strings` struct, its
//! `EN` and `KO` statics and `strings(lang)`); the pages' common words are the core's
//! (`crate::app::pages::i18n`).

pub mod share;
