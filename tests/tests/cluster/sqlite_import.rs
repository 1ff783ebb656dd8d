//! A SQLite node killed with SIGKILL in the middle of a large catalogue import.

use std::time::Instant;

use diesel::{Connection, QueryableByName, RunQueryDsl, SqliteConnection};

use crate::harness::{self, Node};
use crate::shop;

const ROWS: usize = 10_000;

fn catalogue(prefix: &str) -> String {
    let mut csv = String::from("sku,name,description,price_minor,stock_on_hand\n");
    for i in 0..ROWS {
        csv.push_str(&format!(
            "{prefix}-{i:05},Item {i},Imported in bulk,{},5\n",
            1000 + i
        ));
    }
    csv
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    value: i64,
}

#[derive(QueryableByName)]
struct Integrity {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}

/// A 10,000-row import is one transaction: a process killed with SIGKILL at points from a
/// quarter to three times a complete import's time (so that kills land before, around and
/// after the commit) leaves all of the rows or none, an answered import is all there, the
/// node starts again on the same file, and `PRAGMA integrity_check` says `ok`. (No
/// balancer: SQLite serves one node.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_killed_mid_import_leaves_all_or_none() {
    let _serial = harness::serial().await;
    let mut node = Node::spawn(1, &[]);
    node.wait_ready().await;
    let client = harness::client();
    let (retailer, token) = shop::demo_retailer(&client, &node.url).await;
    let started = Instant::now();
    shop::import(&client, &node.url, &retailer, &token, catalogue("WARM")).await;
    let full_import = started.elapsed();

    let database = node.data_dir().join("virtual-shelf.db");
    for (round, fraction) in [0.25, 0.5, 0.75, 1.0, 1.5, 3.0].into_iter().enumerate() {
        let prefix = format!("KILL{round}");
        // A connection of its own: a pooled one may be to the process killed last round.
        let request = harness::client()
            .post(format!(
                "{}/v1/retailers/{retailer}/products/import",
                node.url
            ))
            .bearer_auth(&token)
            .header("content-type", "text/csv")
            .body(catalogue(&prefix))
            .send();
        let import = tokio::spawn(request);
        tokio::time::sleep(full_import.mul_f64(fraction)).await;
        node.kill();
        let answered = import
            .await
            .expect("import task")
            .is_ok_and(|response| response.status().is_success());
        node.start_again();
        node.wait_ready().await;

        let path = database.display().to_string();
        let mut conn = SqliteConnection::establish(&path).expect("open the node's SQLite file");
        let imported = diesel::sql_query(format!(
            "SELECT count(*) AS value FROM products WHERE sku LIKE '{prefix}-%'"
        ))
        .get_result::<Count>(&mut conn)
        .expect("count")
        .value;
        eprintln!("killed at {fraction} of {full_import:?}: {imported} rows, answered: {answered}");
        assert!(
            imported == 0 || imported == ROWS as i64,
            "killed at {fraction} of an import: {imported} of {ROWS} rows stayed"
        );
        if answered {
            assert_eq!(imported, ROWS as i64, "an answered import is all there");
        }
        let integrity: Vec<Integrity> = diesel::sql_query("PRAGMA integrity_check")
            .load(&mut conn)
            .expect("integrity check");
        let verdicts: Vec<&str> = integrity
            .iter()
            .map(|r| r.integrity_check.as_str())
            .collect();
        assert_eq!(verdicts, ["ok"]);
    }
}
