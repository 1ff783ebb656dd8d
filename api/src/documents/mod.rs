//! Documents the service produces for people outside a browser: CSV files that open
//! cleanly in a spreadsheet, the printable pick list and the analytics charts.

pub mod charts;
pub mod csv;
pub mod pick_list_pdf;
