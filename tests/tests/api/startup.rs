//! Several API processes starting at once on one database migrate and seed it exactly once.

use diesel::dsl::count_star;
use diesel::prelude::*;
use virtual_shelf::db::schema::{products, retailers, users};
use virtual_shelf::startup::Application;

use crate::helpers::{Backend, fresh_database, test_settings};
use crate::on_both_backends;

on_both_backends!(nodes_starting_together_migrate_and_seed_once);

async fn nodes_starting_together_migrate_and_seed_once(backend: Backend) {
    crate::helpers::init_logs();
    let dir = tempfile::tempdir().expect("temp dir");
    let url = fresh_database(backend, &dir).await;
    let nodes = (0..4).map(|_| {
        let settings = test_settings(&url, &dir, "");
        tokio::spawn(Application::build(settings))
    });
    let mut apps = Vec::new();
    for node in nodes {
        apps.push(node.await.expect("task").expect("every node starts"));
    }
    let pool = apps[0].pool();
    let counts = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("connection");
        let count = |table: &str, conn: &mut virtual_shelf::db::DbConnection| -> i64 {
            match table {
                "retailers" => retailers::table.select(count_star()).first(conn),
                "users" => users::table.select(count_star()).first(conn),
                _ => products::table.select(count_star()).first(conn),
            }
            .expect("count")
        };
        (
            count("retailers", &mut conn),
            count("users", &mut conn),
            count("products", &mut conn),
        )
    })
    .await
    .expect("task");
    assert_eq!(counts, (1, 4, 12));
    drop(apps);
}

on_both_backends!(concurrent_seeds_seed_once);

/// The seed alone, from four threads at once, right after migrating: the race the setup
/// lock exists for.
async fn concurrent_seeds_seed_once(backend: Backend) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = fresh_database(backend, &dir).await;
    let settings = test_settings(&url, &dir, "");
    let pool = virtual_shelf::startup::open_database(&settings)
        .await
        .expect("migrated");
    let seeds: Vec<_> = (0..4)
        .map(|_| {
            let pool = pool.clone();
            tokio::task::spawn_blocking(move || virtual_shelf::seed::seed_if_empty(&pool))
        })
        .collect();
    for seed in seeds {
        seed.await.expect("task").expect("every seed succeeds");
    }
    let users: i64 = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("connection");
        users::table
            .select(count_star())
            .first(&mut conn)
            .expect("count")
    })
    .await
    .expect("task");
    assert_eq!(users, 4);
}
