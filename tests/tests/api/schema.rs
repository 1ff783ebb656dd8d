//! Both migration sets produce exactly the schema `schema.rs` declares, and every
//! migration's `down` undoes its `up`.

use std::collections::BTreeMap;

use diesel::sql_types::{Integer, Text};
use diesel::{QueryableByName, RunQueryDsl};
use diesel_migrations::MigrationHarness;
use virtual_shelf::db::migrate::{POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};
use virtual_shelf::db::{self, Backend as DbBackend, DbConnection};

use crate::helpers::{Backend, fresh_database};
use crate::on_both_backends;

on_both_backends!(
    migrations_produce_the_declared_schema,
    every_down_reverses_its_up,
    scan_events_survive_the_row_key_migration,
    analytics_rollups_survive_the_scope_day_migration,
    products_get_share_codes_in_the_share_code_migration,
    hour_rows_become_the_poster_channels_in_the_channel_hours_migration,
    product_rows_become_the_poster_channels_in_the_channel_products_migration,
);

/// table -> column -> (normalized type, nullable)
type Schema = BTreeMap<String, BTreeMap<String, (String, bool)>>;

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Integer)]
    not_null: i32,
}

#[derive(QueryableByName)]
struct ObjectRow {
    #[diesel(sql_type = Text)]
    name: String,
}

/// Reads `api/src/db/schema.rs` as diesel's `table!` macros declare it.
fn declared_schema() -> Schema {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../api/src/db/schema.rs");
    let source = std::fs::read_to_string(path).expect("schema.rs");
    let mut schema = Schema::new();
    let mut table: Option<String> = None;
    for line in source.lines().map(str::trim) {
        if let Some((name, _)) = line.split_once(" (").filter(|_| line.ends_with('{')) {
            table = Some(name.to_owned());
            schema.entry(name.to_owned()).or_default();
        } else if let (Some(current), Some((column, sql_type))) = (&table, line.split_once(" -> "))
        {
            let sql_type = sql_type.trim_end_matches(',');
            let (sql_type, nullable) = match sql_type.strip_prefix("Nullable<") {
                Some(inner) => (inner.trim_end_matches('>'), true),
                None => (sql_type, false),
            };
            schema
                .entry(current.clone())
                .or_default()
                .insert(column.to_owned(), (sql_type.to_owned(), nullable));
        } else if line == "}" {
            table = None;
        }
    }
    assert!(schema.len() >= 4, "schema.rs parsed: {schema:?}");
    schema
}

/// Maps each backend's type names onto diesel's, as `print-schema` would (PostgreSQL
/// `Int8` and SQLite `BIGINT` are both `BigInt`).
fn normalize(data_type: &str) -> String {
    match data_type.to_ascii_lowercase().as_str() {
        "text" => "Text",
        "bigint" | "int8" => "BigInt",
        "integer" | "int4" | "int" => "Integer",
        "boolean" | "bool" => "Bool",
        "timestamp" | "timestamp without time zone" => "Timestamp",
        "timestamp with time zone" | "timestamptz" => "Timestamptz",
        "bytea" | "blob" => "Binary",
        "double precision" | "double" | "real" => "Double",
        other => return format!("unknown({other})"),
    }
    .to_owned()
}

/// A lone `INTEGER PRIMARY KEY` is SQLite's 64-bit rowid, which diesel reads as `BigInt`.
const SQLITE_COLUMNS: &str = "SELECT m.name AS table_name, p.name AS column_name, \
    CASE WHEN p.pk = 1 AND upper(p.type) = 'INTEGER' \
    AND (SELECT count(*) FROM pragma_table_info(m.name) k WHERE k.pk > 0) = 1 \
    THEN 'BIGINT' ELSE p.type END \
    AS data_type, p.\"notnull\" AS not_null \
    FROM sqlite_master m JOIN pragma_table_info(m.name) p \
    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
    AND m.name <> '__diesel_schema_migrations'";
const POSTGRES_COLUMNS: &str = "SELECT table_name::text AS table_name, \
    column_name::text AS column_name, data_type::text AS data_type, \
    CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END AS not_null \
    FROM information_schema.columns WHERE table_schema = 'public' \
    AND table_name <> '__diesel_schema_migrations'";
const SQLITE_OBJECTS: &str = "SELECT type || ':' || name AS name FROM sqlite_master \
    WHERE name NOT LIKE 'sqlite_%' AND name <> '__diesel_schema_migrations' ORDER BY 1";
const POSTGRES_OBJECTS: &str = "SELECT 'index:' || indexname AS name FROM pg_indexes \
    WHERE schemaname = 'public' AND tablename <> '__diesel_schema_migrations' \
    UNION ALL SELECT 'constraint:' || conname FROM pg_constraint c \
    JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public' \
    AND c.conname NOT LIKE '\\_\\_diesel%' ORDER BY 1";

fn actual_schema(conn: &mut DbConnection) -> Schema {
    let query = match conn {
        DbConnection::Sqlite(_) => SQLITE_COLUMNS,
        DbConnection::Postgresql(_) => POSTGRES_COLUMNS,
    };
    let rows: Vec<ColumnRow> = diesel::sql_query(query).load(conn).expect("columns");
    let mut schema = Schema::new();
    for row in rows {
        schema.entry(row.table_name).or_default().insert(
            row.column_name,
            (normalize(&row.data_type), row.not_null == 0),
        );
    }
    schema
}

/// Columns plus indexes and constraints: everything a `down` must take away again.
fn snapshot(conn: &mut DbConnection) -> (Schema, Vec<String>) {
    let query = match conn {
        DbConnection::Sqlite(_) => SQLITE_OBJECTS,
        DbConnection::Postgresql(_) => POSTGRES_OBJECTS,
    };
    let objects: Vec<ObjectRow> = diesel::sql_query(query).load(conn).expect("objects");
    (
        actual_schema(conn),
        objects.into_iter().map(|o| o.name).collect(),
    )
}

async fn connect(backend: Backend) -> (DbConnection, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = fresh_database(backend, &dir).await;
    let conn = db::establish(&DbBackend::from_url(&url).expect("url")).expect("connect");
    (conn, dir)
}

async fn migrations_produce_the_declared_schema(backend: Backend) {
    let (mut conn, _dir) = connect(backend).await;
    let applied = db::migrate::run_pending(&mut conn).expect("migrate");
    assert!(applied >= 2);
    assert_eq!(actual_schema(&mut conn), declared_schema());
    assert_eq!(
        db::migrate::run_pending(&mut conn).expect("migrate again"),
        0
    );
}

async fn every_down_reverses_its_up(backend: Backend) {
    let (mut conn, _dir) = connect(backend).await;
    let total = match &conn {
        DbConnection::Sqlite(_) => {
            diesel::migration::MigrationSource::<diesel::sqlite::Sqlite>::migrations(
                &SQLITE_MIGRATIONS,
            )
            .expect("list")
            .len()
        }
        DbConnection::Postgresql(_) => {
            diesel::migration::MigrationSource::<diesel::pg::Pg>::migrations(&POSTGRES_MIGRATIONS)
                .expect("list")
                .len()
        }
    };
    for step in 0..total {
        let before = snapshot(&mut conn);
        match &mut conn {
            DbConnection::Sqlite(inner) => {
                inner.run_next_migration(SQLITE_MIGRATIONS).expect("up");
                inner
                    .revert_last_migration(SQLITE_MIGRATIONS)
                    .expect("down");
            }
            DbConnection::Postgresql(inner) => {
                inner.run_next_migration(POSTGRES_MIGRATIONS).expect("up");
                inner
                    .revert_last_migration(POSTGRES_MIGRATIONS)
                    .expect("down");
            }
        }
        assert_eq!(
            snapshot(&mut conn),
            before,
            "migration {step}: down does not undo up"
        );
        run_next(&mut conn);
    }
    assert_eq!(actual_schema(&mut conn), declared_schema());
}

/// Applies the next pending migration of the connection's backend.
fn run_next(conn: &mut DbConnection) {
    match conn {
        DbConnection::Sqlite(inner) => inner.run_next_migration(SQLITE_MIGRATIONS).map(|_| ()),
        DbConnection::Postgresql(inner) => {
            inner.run_next_migration(POSTGRES_MIGRATIONS).map(|_| ())
        }
    }
    .expect("up");
}

/// Migration 000007 rebuilds `scan_events` with row keys: events recorded before it keep
/// their code, device class and time, numbered in the order they were scanned.
async fn scan_events_survive_the_row_key_migration(backend: Backend) {
    use virtual_shelf::domain::scans::events;

    let (mut conn, _dir) = connect(backend).await;
    for _ in 0..6 {
        run_next(&mut conn);
    }
    // Rows as the schema of the time had them: today's domain code writes columns that
    // later migrations added.
    let code = "7Q2K9XJ4";
    let poster_id = "poster-before";
    for statement in format!(
        "INSERT INTO retailers (id, name, currency, time_zone, locale, created_at) VALUES \
         ('r1', 'Before the migration', 'KRW', 'Asia/Seoul', 'ko-KR', '2026-11-01 08:00:00'); \
         INSERT INTO products (id, retailer_id, sku, name, description, price_minor, \
         stock_on_hand, active, created_at, updated_at) VALUES ('p1', 'r1', 'P1', 'Milk', '', \
         2500, 5, TRUE, '2026-11-01 08:00:00', '2026-11-01 08:00:00'); \
         INSERT INTO posters (id, retailer_id, title, page_size, layout, scan_distance_mm, \
         version, created_at, updated_at) VALUES ('{poster_id}', 'r1', 'Old events', 'A4', \
         'auto', 1000, 1, '2026-11-01 08:00:00', '2026-11-01 08:00:00'); \
         INSERT INTO scan_codes (code, retailer_id, poster_id, product_id, \
         printed_price_minor, created_at) VALUES ('{code}', 'r1', '{poster_id}', 'p1', 2500, \
         '2026-11-01 08:00:00')"
    )
    .split("; ")
    {
        diesel::sql_query(statement)
            .execute(&mut conn)
            .expect("rows before the migration");
    }
    // Text ids in the opposite order to the scan times: the new numbering follows time.
    diesel::sql_query(format!(
        "INSERT INTO scan_events (id, code, user_agent_class, scanned_at) VALUES \
         ('ffffffff-0000-4000-8000-000000000000', '{code}', 'ios', '2026-11-01 09:00:00'), \
         ('00000000-0000-4000-8000-000000000000', '{code}', 'android', '2026-11-01 10:30:00')"
    ))
    .execute(&mut conn)
    .expect("old events");
    run_next(&mut conn);

    let stored = events::of_poster(&mut conn, poster_id).expect("events");
    let summary: Vec<(i64, &str, &str, String)> = stored
        .iter()
        .map(|e| {
            (
                e.id,
                e.code.as_str(),
                e.user_agent_class.as_str(),
                e.scanned_at.to_string(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (1, code, "ios", "2026-11-01 09:00:00".to_owned()),
            (2, code, "android", "2026-11-01 10:30:00".to_owned()),
        ]
    );
}

#[derive(QueryableByName)]
struct ShareCodeRow {
    #[diesel(sql_type = Text)]
    share_code: String,
}

/// Migration 000013 gives every existing product a share code: valid, distinct, and the
/// share page finds the product by it.
async fn products_get_share_codes_in_the_share_code_migration(backend: Backend) {
    use virtual_shelf::domain::catalog::products;
    use virtual_shelf::domain::posters::codes;

    let (mut conn, _dir) = connect(backend).await;
    for _ in 0..12 {
        run_next(&mut conn);
    }
    diesel::sql_query(
        "INSERT INTO retailers (id, name, currency, time_zone, locale, created_at) VALUES \
         ('r1', 'Before share codes', 'KRW', 'Asia/Seoul', 'ko-KR', '2026-11-01 08:00:00')",
    )
    .execute(&mut conn)
    .expect("retailer");
    for (id, sku) in [("b", "MILK"), ("a", "TEA"), ("c", "RICE")] {
        diesel::sql_query(format!(
            "INSERT INTO products (id, retailer_id, sku, name, description, price_minor, \
             stock_on_hand, active, created_at, updated_at) VALUES ('{id}', 'r1', '{sku}', \
             '{sku}', '', 1000, 1, TRUE, '2026-11-01 08:00:00', '2026-11-01 08:00:00')"
        ))
        .execute(&mut conn)
        .expect("product");
    }
    run_next(&mut conn);

    let rows: Vec<ShareCodeRow> = diesel::sql_query("SELECT share_code FROM products")
        .load(&mut conn)
        .expect("share codes");
    let distinct: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r.share_code.as_str()).collect();
    assert_eq!(distinct.len(), 3, "{distinct:?}");
    for code in distinct {
        assert_eq!(codes::normalize(code).as_deref(), Some(code));
        assert!(products::by_share_code(&mut conn, code).is_ok(), "{code}");
    }
}

#[derive(QueryableByName, Debug, PartialEq)]
struct ScopeDayRow {
    #[diesel(sql_type = Text)]
    dimension: String,
    #[diesel(sql_type = Text)]
    scope_key: String,
    #[diesel(sql_type = Text)]
    local_date: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    scans: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    add_to_carts: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    visitors: i64,
}

#[derive(QueryableByName, Debug, PartialEq)]
struct SourceVisitors {
    #[diesel(sql_type = Text)]
    source_id: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    visitors: i64,
}

/// Migration 000010 replaces the per-hour counters and the per-scope unique counts with
/// per-dimension day rows: what the old rollups held is carried over, each dimension
/// summing its sources, each scope keeping its unique scanners, and each source its own.
async fn analytics_rollups_survive_the_scope_day_migration(backend: Backend) {
    let (mut conn, _dir) = connect(backend).await;
    for _ in 0..9 {
        run_next(&mut conn);
    }
    for statement in [
        "INSERT INTO analytics_source_days (retailer_id, local_date, channel, source_id, \
         poster_id, placement_id, product_id, scans, page_views, add_to_carts) VALUES \
         ('r', '2026-11-01', 'poster', 'A1', 'p', 'a', 'milk', 5, 2, 1), \
         ('r', '2026-11-01', 'poster', 'B1', 'p', 'b', 'milk', 3, 0, 0), \
         ('r', '2026-11-01', 'poster', 'P1', 'p', NULL, 'eggs', 2, 1, 0)",
        "INSERT INTO analytics_hours (retailer_id, local_date, local_hour, channel, poster_id, \
         placement_id, scans, page_views, add_to_carts) VALUES \
         ('r', '2026-11-01', 8, 'poster', 'p', 'a', 5, 2, 1), \
         ('r', '2026-11-01', 8, 'poster', 'p', 'b', 1, 0, 0), \
         ('r', '2026-11-01', 9, 'poster', 'p', 'b', 2, 0, 0), \
         ('r', '2026-11-01', 9, 'poster', 'p', '', 2, 1, 0)",
        "INSERT INTO analytics_uniques (retailer_id, local_date, scope, visitors) VALUES \
         ('r', '2026-11-01', 'all', 6), ('r', '2026-11-01', 'placement:a', 3), \
         ('r', '2026-11-01', 'product:milk', 5), ('r', '2026-11-01', 'hour:8', 4), \
         ('r', '2026-11-01', 'source:poster:A1', 3), ('r', '2026-11-01', 'source:poster:P1', 1)",
    ] {
        diesel::sql_query(statement)
            .execute(&mut conn)
            .expect("old rollups");
    }
    run_next(&mut conn);

    let rows: Vec<ScopeDayRow> = diesel::sql_query(
        "SELECT dimension, scope_key, local_date, scans, add_to_carts, visitors \
         FROM analytics_scope_days ORDER BY dimension, scope_key",
    )
    .load(&mut conn)
    .expect("scope days");
    let row = |dimension: &str, key: &str, scans, add_to_carts, visitors| ScopeDayRow {
        dimension: dimension.into(),
        scope_key: key.into(),
        local_date: "2026-11-01".into(),
        scans,
        add_to_carts,
        visitors,
    };
    assert_eq!(
        rows,
        vec![
            row("all", "", 10, 1, 6),
            row("channel", "poster", 10, 1, 0),
            row("hour", "8", 6, 1, 4),
            row("hour", "9", 4, 0, 0),
            row("placement", "", 2, 0, 0),
            row("placement", "a", 5, 1, 3),
            row("placement", "b", 3, 0, 0),
            row("poster", "p", 10, 1, 0),
            row("product", "eggs", 2, 0, 0),
            row("product", "milk", 8, 1, 5),
        ]
    );
    let sources: Vec<SourceVisitors> = diesel::sql_query(
        "SELECT source_id, visitors FROM analytics_source_days ORDER BY source_id",
    )
    .load(&mut conn)
    .expect("source days");
    let source = |source_id: &str, visitors| SourceVisitors {
        source_id: source_id.into(),
        visitors,
    };
    assert_eq!(
        sources,
        vec![source("A1", 3), source("B1", 0), source("P1", 1)]
    );
}

/// Migrates a fresh database, then reverts the migrations down to just before the one whose
/// name ends in `number`.
fn revert_through(conn: &mut DbConnection, number: &str) {
    db::migrate::run_pending(conn).expect("migrate");
    loop {
        let reverted = match &mut *conn {
            DbConnection::Sqlite(inner) => inner.revert_last_migration(SQLITE_MIGRATIONS),
            DbConnection::Postgresql(inner) => inner.revert_last_migration(POSTGRES_MIGRATIONS),
        }
        .expect("down");
        if reverted.to_string().ends_with(number) {
            break;
        }
    }
}

/// Migration 000017 copies the hour rows of days whose visits were all of the poster
/// channel as that channel's hour rows; a day that mixed channels gets none, since its
/// hours cannot be split.
async fn hour_rows_become_the_poster_channels_in_the_channel_hours_migration(backend: Backend) {
    let (mut conn, _dir) = connect(backend).await;
    revert_through(&mut conn, "000017");
    diesel::sql_query(
        "INSERT INTO analytics_scope_days (retailer_id, dimension, local_date, scope_key, \
         scans, page_views, add_to_carts, visitors) VALUES \
         ('r', 'hour', '2026-11-01', '8', 5, 2, 1, 3), \
         ('r', 'hour', '2026-11-01', '9', 2, 0, 0, 1), \
         ('r', 'channel', '2026-11-01', 'poster', 7, 2, 1, 4), \
         ('r', 'hour', '2026-11-02', '8', 4, 3, 0, 2), \
         ('r', 'channel', '2026-11-02', 'poster', 1, 1, 0, 1), \
         ('r', 'channel', '2026-11-02', 'feed', 3, 2, 0, 1)",
    )
    .execute(&mut conn)
    .expect("old rollups");
    run_next(&mut conn);

    let rows: Vec<ScopeDayRow> = diesel::sql_query(
        "SELECT dimension, scope_key, local_date, scans, add_to_carts, visitors \
         FROM analytics_scope_days WHERE dimension = 'channel_hour' ORDER BY scope_key",
    )
    .load(&mut conn)
    .expect("channel hours");
    let row = |key: &str, scans, add_to_carts, visitors| ScopeDayRow {
        dimension: "channel_hour".into(),
        scope_key: key.into(),
        local_date: "2026-11-01".into(),
        scans,
        add_to_carts,
        visitors,
    };
    assert_eq!(
        rows,
        vec![row("poster:8", 5, 1, 3), row("poster:9", 2, 0, 1)]
    );
}

/// A poster channel product row as migration 000018 writes it.
#[derive(QueryableByName, Debug, PartialEq)]
struct ChannelProductRow {
    #[diesel(sql_type = Text)]
    scope_key: String,
    #[diesel(sql_type = Text)]
    local_date: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    scans: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    page_views: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    add_to_carts: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    visitors: i64,
}

/// Migration 000018 gives every product with poster visits on a day the poster channel's
/// row: the sums of the poster sources' scans, page views and add-to-carts, and the
/// product day row's distinct visitors when those sources account for all of it (A), else
/// the sum of the sources' own visitors (B, which also had a direct visit). Other channels
/// get none, even for a product their source row does not name (C).
async fn product_rows_become_the_poster_channels_in_the_channel_products_migration(
    backend: Backend,
) {
    let (mut conn, _dir) = connect(backend).await;
    revert_through(&mut conn, "000018");
    diesel::sql_query(
        "INSERT INTO analytics_scope_days (retailer_id, dimension, local_date, scope_key, \
         scans, page_views, add_to_carts, visitors) VALUES \
         ('r', 'product', '2026-11-01', 'A', 4, 3, 1, 2), \
         ('r', 'product', '2026-11-01', 'B', 5, 6, 1, 4), \
         ('r', 'product', '2026-11-01', 'C', 0, 2, 0, 2), \
         ('r', 'product', '2026-11-02', 'A', 1, 1, 0, 1)",
    )
    .execute(&mut conn)
    .expect("old product rows");
    diesel::sql_query(
        "INSERT INTO analytics_source_days (retailer_id, local_date, channel, source_id, \
         poster_id, placement_id, product_id, scans, page_views, add_to_carts, visitors) VALUES \
         ('r', '2026-11-01', 'poster', 'c1', 'p', 'w', 'A', 3, 2, 1, 2), \
         ('r', '2026-11-01', 'poster', 'c2', 'p', 'w', 'A', 1, 1, 0, 1), \
         ('r', '2026-11-01', 'poster', 'c3', 'p', 'w', 'B', 2, 2, 0, 2), \
         ('r', '2026-11-01', 'poster', 'c4', 'q', 'w', 'B', 3, 3, 1, 1), \
         ('r', '2026-11-01', 'direct', '', NULL, NULL, 'B', 0, 3, 0, 2), \
         ('r', '2026-11-02', 'poster', 'c1', 'p', 'w', 'A', 1, 1, 0, 1)",
    )
    .execute(&mut conn)
    .expect("old source rows");
    run_next(&mut conn);

    let rows: Vec<ChannelProductRow> = diesel::sql_query(
        "SELECT scope_key, local_date, scans, page_views, add_to_carts, visitors \
         FROM analytics_scope_days WHERE dimension = 'channel_product' \
         ORDER BY local_date, scope_key",
    )
    .load(&mut conn)
    .expect("channel products");
    let row =
        |key: &str, date: &str, scans, page_views, add_to_carts, visitors| ChannelProductRow {
            scope_key: key.into(),
            local_date: date.into(),
            scans,
            page_views,
            add_to_carts,
            visitors,
        };
    assert_eq!(
        rows,
        vec![
            row("poster:A", "2026-11-01", 4, 3, 1, 2),
            row("poster:B", "2026-11-01", 5, 5, 1, 3),
            row("poster:A", "2026-11-02", 1, 1, 0, 1),
        ]
    );
}
