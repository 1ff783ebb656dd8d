//! Mobile web pages for commuters: server-rendered HTML, small, fast on a phone in a
//! station, in Korean or English.

pub mod i18n;
pub mod pages;
