//! The embed pages' view models: one askama template each (in `../templates`), holding
//! display strings only; the routes in `../routes` fill them from domain results.

pub mod shelf;
