//! Several nodes on one database hold no file of their own: a photo uploaded through one
//! node is served by another, from the database (the PostgreSQL default) or from an S3
//! bucket (a real S3-compatible server, moto, started here); and a poster version's print
//! files, cached by each node for itself, are the same bytes whichever node renders them.

use std::process::Command;

use diesel::prelude::*;
use reqwest::{Method, StatusCode};
use tempfile::TempDir;
use virtual_shelf::db::schema::blobs;

use crate::helpers::{Backend, TestApp, expect_json, spawn_app, spawn_app_with};
use crate::images::upload;
use crate::on_both_backends;
use crate::posters::{create_poster, stocked_shop};
use crate::printing::photo_png;
use crate::venv_servers::{VenvServer, free_port};

on_both_backends!(every_node_renders_the_same_print_bytes_for_a_poster_version);

/// Uploads a photo for `sku` through `app`; answers the photo's storage key.
async fn upload_photo(app: &TestApp, shop: &str, token: &str, sku: &str, photo: Vec<u8>) -> String {
    let product = expect_json(upload(app, shop, token, sku, photo).await, StatusCode::OK).await;
    let url = product["image_url"].as_str().expect("image url");
    url.rsplit_once("/media/")
        .expect("a media URL")
        .1
        .to_owned()
}

/// The photo stored under `key`, as `app` serves it.
async fn served_photo(app: &TestApp, key: &str) -> Vec<u8> {
    let response = app
        .request(Method::GET, &format!("/media/{key}"))
        .send()
        .await
        .expect("media");
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "/media/{key} on {}",
        app.address
    );
    response.bytes().await.expect("photo").to_vec()
}

/// The bytes stored in the `blobs` table under `key`, if any.
async fn blob_row(app: &TestApp, key: &str) -> Option<Vec<u8>> {
    let key = key.to_owned();
    app.with_db(move |conn| {
        blobs::table
            .find(key)
            .select(blobs::bytes)
            .first::<Vec<u8>>(conn)
            .optional()
            .expect("blobs query")
    })
    .await
}

/// With PostgreSQL and no `SHELF_BLOB_URL`, photos live in the database: a node that did
/// not take the upload serves it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_uploaded_to_one_node_is_served_by_another_from_the_database() {
    let first = spawn_app(Backend::Postgres).await;
    let second = first.sibling("").await;
    let (shop, token) = stocked_shop(&first).await;
    let key = upload_photo(&first, &shop, &token, "P1", photo_png(1)).await;

    let stored = blob_row(&first, &key)
        .await
        .expect("the photo is in the blobs table");
    assert_eq!(served_photo(&first, &key).await, stored);
    assert_eq!(served_photo(&second, &key).await, stored);
}

/// Marks the child process of [`photos_in_s3_are_served_by_every_node`] and names its
/// bucket.
const S3_CHILD_BUCKET: &str = "SHELF_TEST_S3_CHILD_BUCKET";
/// Where the photos go in the bucket.
const S3_PREFIX: &str = "shelf/media";
/// Credentials and region the nodes and the checks sign with (moto takes any).
const S3_KEY_ID: &str = "test";
/// See [`S3_KEY_ID`].
const S3_SECRET: &str = "test";
/// See [`S3_KEY_ID`].
const S3_REGION: &str = "us-east-1";

/// The S3 store takes its endpoint and credentials from `AWS_*` in the environment, as in
/// production. A test cannot set them in this process: other tests run on other threads
/// and read the environment (libpq does, through `getenv`), so changing it is a data race
/// (`set_var` is `unsafe`, which this workspace forbids). So this test starts moto and
/// runs [`s3_nodes_in_a_child_process`] in a child process of this test binary, started
/// with `AWS_*` naming moto.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photos_in_s3_are_served_by_every_node() {
    let moto = Moto::start();
    let bucket = format!("shelf-{}", uuid::Uuid::new_v4().simple());
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client");
    // moto accepts unsigned requests: creating the bucket needs no credentials.
    let created = client
        .put(format!("{}/{bucket}", moto.endpoint))
        .send()
        .await
        .expect("create bucket");
    assert_eq!(created.status(), StatusCode::OK, "CreateBucket");

    let test_name = {
        let path = module_path!();
        let module = path.split_once("::").map_or(path, |(_, module)| module);
        format!("{module}::s3_nodes_in_a_child_process")
    };
    let mut child = Command::new(std::env::current_exe().expect("test binary"));
    child
        .args([
            &test_name,
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(S3_CHILD_BUCKET, &bucket)
        .env("AWS_ENDPOINT_URL", &moto.endpoint)
        .env("AWS_ALLOW_HTTP", "true")
        .env("AWS_ACCESS_KEY_ID", S3_KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", S3_SECRET)
        .env("AWS_DEFAULT_REGION", S3_REGION);
    let output = tokio::task::spawn_blocking(move || child.output())
        .await
        .expect("child task")
        .expect("run the child test");
    let stdout = String::from_utf8_lossy(&output.stdout);
    // "1 passed" also proves the name matched a test: libtest exits 0 having run none.
    assert!(
        output.status.success() && stdout.contains("test result: ok. 1 passed"),
        "the S3 nodes failed ({}):\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );

    let listing = s3_get(format!(
        "{}/{bucket}?list-type=2&prefix={S3_PREFIX}/",
        moto.endpoint
    ))
    .await;
    let listing = String::from_utf8_lossy(&listing);
    assert!(
        listing.contains(&format!("<Key>{S3_PREFIX}/")),
        "nothing under {S3_PREFIX}/ in the bucket: {listing}"
    );
}

/// Run by [`photos_in_s3_are_served_by_every_node`] with `AWS_*` naming its moto: two
/// nodes on one database with `SHELF_BLOB_URL=s3://BUCKET/PREFIX`. On PostgreSQL when the
/// suite has one (the production case), else on SQLite.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "run in a child process by photos_in_s3_are_served_by_every_node"]
async fn s3_nodes_in_a_child_process() {
    let bucket = std::env::var(S3_CHILD_BUCKET).unwrap_or_else(|_| {
        panic!("{S3_CHILD_BUCKET} is not set: run photos_in_s3_are_served_by_every_node")
    });
    let endpoint = std::env::var("AWS_ENDPOINT_URL").expect("AWS_ENDPOINT_URL");
    let backend = if std::env::var_os("SHELF_TEST_POSTGRES_URL").is_some() {
        Backend::Postgres
    } else {
        Backend::Sqlite
    };
    let settings = format!("blob_url = \"s3://{bucket}/{S3_PREFIX}\"");
    let first = spawn_app_with(backend, &settings).await;
    let second = first.sibling(&settings).await;
    let (shop, token) = stocked_shop(&first).await;
    let key = upload_photo(&first, &shop, &token, "P1", photo_png(2)).await;

    let object = s3_get(format!("{endpoint}/{bucket}/{S3_PREFIX}/{key}")).await;
    assert_eq!(served_photo(&first, &key).await, object);
    assert_eq!(served_photo(&second, &key).await, object);
    assert_eq!(
        blob_row(&first, &key).await,
        None,
        "the photo went to S3 alone"
    );
}

/// A signed S3 GET of `url`, by curl's own SigV4 (not the API's client): moto, like S3,
/// refuses anonymous reads of what an account wrote.
async fn s3_get(url: String) -> Vec<u8> {
    let shown = url.clone();
    let output = tokio::task::spawn_blocking(move || {
        Command::new("curl")
            .args(["--silent", "--show-error", "--fail", "--noproxy", "*"])
            .args(["--aws-sigv4", &format!("aws:amz:{S3_REGION}:s3")])
            .args(["--user", &format!("{S3_KEY_ID}:{S3_SECRET}"), &url])
            .output()
    })
    .await
    .expect("curl task")
    .expect("run curl (scripts/install-deps installs it)");
    assert!(
        output.status.success(),
        "GET {shown} from S3 failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// moto's S3-compatible server on a free loopback port, stopped when dropped.
struct Moto {
    _server: VenvServer,
    endpoint: String,
}

impl Moto {
    /// Starts `moto_server` from the project's Python test venv and waits until it answers.
    fn start() -> Self {
        let port = free_port();
        let server = VenvServer::start(
            "moto_server",
            &["-H", "127.0.0.1", "-p", &port.to_string()],
            port,
        );
        Self {
            _server: server,
            endpoint: format!("http://127.0.0.1:{port}"),
        }
    }
}

/// Settings of a node whose print cache (and photos) is a directory of its own, so that
/// each node renders for itself, and whose QR codes carry the cluster's public URL (as
/// every node behind one balancer is configured).
fn own_files(dir: &TempDir) -> String {
    format!(
        "public_base_url = \"https://shelf.test\"\nblob_url = \"file://{}\"",
        dir.path().display()
    )
}

/// Print files may be cached per node, so they must not depend on the node: two nodes
/// that each render a poster version themselves answer the same bytes in every format.
async fn every_node_renders_the_same_print_bytes_for_a_poster_version(backend: Backend) {
    let (first_files, second_files) = (TempDir::new().expect("dir"), TempDir::new().expect("dir"));
    let first = spawn_app_with(backend, &own_files(&first_files)).await;
    let second = first.sibling(&own_files(&second_files)).await;
    let (shop, token) = stocked_shop(&first).await;
    // Each node's own store needs the photos: uploading the same file through both gives
    // the same content key, so the poster version does not change.
    for (sku, seed) in [("P1", 1), ("P2", 2)] {
        let key = upload_photo(&first, &shop, &token, sku, photo_png(seed)).await;
        let again = upload_photo(&second, &shop, &token, sku, photo_png(seed)).await;
        assert_eq!(key, again);
    }
    let poster = create_poster(&first, &shop, &token, &["P1", "P2", "P3"]).await;
    let id = poster["id"].as_str().expect("id");

    for print in ["print.pdf", "print.svg", "print.png?dpi=50"] {
        let path = format!("/v1/retailers/{shop}/posters/{id}/{print}");
        let mut files = Vec::new();
        for node in [&first, &second] {
            let response = node
                .authed(Method::GET, &path, &token)
                .send()
                .await
                .expect("print");
            assert_eq!(
                response.status(),
                StatusCode::OK,
                "{path} on {}",
                node.address
            );
            files.push(response.bytes().await.expect("file"));
        }
        assert!(!files[0].is_empty());
        assert!(files[0] == files[1], "{print} differs between the nodes");
    }
    // Rendered by each node, not read from a store they share.
    for dir in [&first_files, &second_files] {
        let renders = std::fs::read_dir(dir.path())
            .expect("the node's files")
            .filter_map(Result::ok)
            .filter(|entry| entry.file_name().to_string_lossy().starts_with("render-"))
            .count();
        assert!(
            renders >= 3,
            "{} holds {renders} renders",
            dir.path().display()
        );
    }
}
