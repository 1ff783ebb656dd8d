//! Documents the service produces for people outside a browser: CSV files that open
//! cleanly in a spreadsheet and the printable pick list.

pub mod csv;
pub mod pick_list_pdf;
