//! The API's end-to-end suite: every test runs against a real server on a real port, once
//! on SQLite and once on PostgreSQL.

mod helpers;

mod analytics;
mod auth;
mod blob_stores;
mod browser;
mod catalog;
mod checkout;
mod checkout_browser;
mod console;
mod console_browser;
mod console_channels;
mod console_catalogue;
mod console_crawl;
mod console_delivery;
mod console_first_hour;
mod console_orders;
mod console_posters;
mod console_staff;
mod cpu_bound;
mod delivery;
mod embed;
mod feeds;
mod fulfilment;
mod grocery;
mod health;
mod images;
mod import;
mod notifications;
mod openapi;
mod ops_browser;
mod ops_pages;
mod order_lists;
mod payments_shared;
mod phone;
mod posters;
mod printing;
mod referrals;
mod schema;
mod share_pages;
mod shelves;
mod startup;
mod throttles;
mod venv_servers;
mod web_pages;
