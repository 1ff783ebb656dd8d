//! Real processes for the cluster tests: a throwaway PostgreSQL of the test's own
//! (scripts/lib-postgres.sh, so stopping it never touches the suite's shared cluster), API
//! nodes of the built `virtual-shelf` binary, and HAProxy with deploy/haproxy.cfg rendered
//! for them (scripts/lib-cluster.sh). Everything is stopped and deleted on drop, also when
//! a test panics; then the tail of every log is printed.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl};
use tempfile::TempDir;

/// The JWT secret every node of a cluster shares.
const JWT_SECRET: &str = "cluster-test-secret-cluster-test-secret-0123";
/// Longest wait for a process to become ready or to stop.
const STARTUP_DEADLINE: Duration = Duration::from_secs(120);

/// Holds the cluster tests to one at a time: each starts several processes on the same
/// two cores, and they time failovers. An async lock: each test holds it across its
/// awaits, on a runtime of its own.
pub async fn serial() -> tokio::sync::MutexGuard<'static, ()> {
    static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    SERIAL.lock().await
}

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lives in the repository")
        .to_owned()
}

/// `target/<profile>/virtual-shelf`, next to this test binary's `deps` directory: another
/// package's binary is not one of this crate's `CARGO_BIN_EXE_*`.
pub fn node_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("test binary under target/<profile>/deps");
    let binary = profile_dir.join("virtual-shelf");
    assert!(
        binary.is_file(),
        "{} is missing: build it first: cargo build -p virtual-shelf (scripts/test does)",
        binary.display()
    );
    binary
}

/// Runs a function of a sourced script of scripts/, failing the test when it fails.
fn script_function(library: &str, args: &[&str]) -> String {
    let output = Command::new("bash")
        .arg("-c")
        .arg("source \"$0\" && \"$@\"")
        .arg(repository().join("scripts").join(library))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("bash");
    assert!(
        output.status.success(),
        "{library} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("free port")
        .port()
}

fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// A PostgreSQL cluster of one test, on a fixed port so it can stop and start again.
pub struct Postgres {
    dir: TempDir,
    port: u16,
    running: bool,
}

impl Postgres {
    /// Creates and starts a cluster.
    pub fn start() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("shelf-cluster-pg.")
            .tempdir()
            .expect("temp dir");
        let port = free_port();
        let path = dir.path().to_str().expect("UTF-8 path").to_owned();
        script_function("lib-postgres.sh", &["pg_init", &path]);
        let mut postgres = Self {
            dir,
            port,
            running: false,
        };
        postgres.restart();
        postgres
    }

    /// The URL of its `postgres` database.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// A connection for checks that read the database directly.
    pub fn connect(&self) -> PgConnection {
        PgConnection::establish(&self.url()).expect("connect to the cluster's PostgreSQL")
    }

    /// Stops the server (fast: sessions are cut, as when a database host goes away).
    pub fn stop(&mut self) {
        script_function("lib-postgres.sh", &["pg_stop", self.path(), "fast"]);
        self.running = false;
    }

    /// Starts the server again on the same port.
    pub fn restart(&mut self) {
        let port = self.port.to_string();
        script_function("lib-postgres.sh", &["pg_start", self.path(), &port]);
        self.running = true;
    }

    fn path(&self) -> &str {
        self.dir.path().to_str().expect("UTF-8 path")
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "--- PostgreSQL log (last lines) ---\n{}",
                tail(&self.dir.path().join("server.log"), 20)
            );
        }
        if self.running {
            let _ = Command::new("bash")
                .arg("-c")
                .arg("source \"$0\" && pg_stop \"$1\" immediate")
                .arg(repository().join("scripts/lib-postgres.sh"))
                .arg(self.dir.path())
                .status();
        }
    }
}

/// One API process.
pub struct Node {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The number of the node in its cluster, from 1 (HAProxy's `nodeN`).
    pub number: usize,
    child: Option<Child>,
    env: Vec<(String, String)>,
    dir: TempDir,
}

impl Node {
    /// Starts `virtual-shelf serve` on a free port with these `SHELF_*` settings (on top of
    /// its own bind address and data directory), without waiting for it.
    pub fn spawn(number: usize, env: &[(&str, &str)]) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("shelf-cluster-node.")
            .tempdir()
            .expect("temp dir");
        let port = free_port();
        let mut all: Vec<(String, String)> = vec![
            ("SHELF_BIND".into(), format!("127.0.0.1:{port}")),
            ("SHELF_DATA_DIR".into(), dir.path().display().to_string()),
            ("SHELF_JWT_SECRET".into(), JWT_SECRET.into()),
            ("SHELF_LOG".into(), "warn".into()),
        ];
        all.extend(env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        let mut node = Self {
            url: format!("http://127.0.0.1:{port}"),
            number,
            child: None,
            env: all,
            dir,
        };
        node.start_again();
        node
    }

    /// Starts the process again with the same settings, port and data directory.
    pub fn start_again(&mut self) {
        assert!(self.child.is_none(), "node {} still runs", self.number);
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.path().join("server.log"))
            .expect("node log");
        let mut command = Command::new(node_binary());
        command
            .arg("serve")
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log);
        // The caller's own SHELF_* settings must not leak into the nodes.
        for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("SHELF_")) {
            command.env_remove(name);
        }
        command.envs(self.env.iter().map(|(k, v)| (k, v)));
        self.child = Some(command.spawn().expect("start virtual-shelf"));
    }

    /// `host:port`.
    pub fn address(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    /// The process id, while it runs.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("node runs").id()
    }

    /// Waits until `/readyz` answers 200.
    pub async fn wait_ready(&self) {
        let client = client();
        let deadline = Instant::now() + STARTUP_DEADLINE;
        loop {
            let ready = client
                .get(format!("{}/readyz", self.url))
                .timeout(Duration::from_secs(2))
                .send()
                .await
                .is_ok_and(|response| response.status().is_success());
            if ready {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "node {} did not become ready:\n{}",
                self.number,
                self.log_tail(20)
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// SIGKILL: the process dies at once, whatever it was doing.
    pub fn kill(&mut self) {
        let mut child = self.child.take().expect("node runs");
        child.kill().expect("SIGKILL");
        child.wait().expect("reap the node");
    }

    /// Sends SIGTERM and returns at once; [`Node::wait_exit`] collects the status.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .expect("kill -TERM");
        assert!(status.success(), "kill -TERM failed");
    }

    /// Waits for the process to exit (failing after a generous deadline).
    pub async fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + STARTUP_DEADLINE;
        loop {
            let child = self.child.as_mut().expect("node runs");
            if let Some(status) = child.try_wait().expect("wait") {
                self.child = None;
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "node {} did not exit",
                self.number
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The data directory (its SQLite file, when it has one).
    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// The last lines of the node's log.
    pub fn log_tail(&self, lines: usize) -> String {
        tail(&self.dir.path().join("server.log"), lines)
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        if std::thread::panicking() {
            eprintln!(
                "--- node {} log (last lines) ---\n{}",
                self.number,
                self.log_tail(30)
            );
        }
    }
}

/// HAProxy in front of the nodes.
pub struct Balancer {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    child: Child,
    dir: TempDir,
}

/// One server line of HAProxy's `show stat`.
#[derive(Debug, Clone)]
pub struct ServerStat {
    /// `node1`, `node1-open`…
    pub name: String,
    /// `UP`, `DOWN`, `no check`…
    pub status: String,
    /// Responses with a 4xx status this server gave.
    pub responses_4xx: u64,
}

impl Balancer {
    /// Starts HAProxy on `port` with deploy/haproxy.cfg rendered for `nodes`.
    pub fn start(port: u16, nodes: &[Node]) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("shelf-cluster-lb.")
            .tempdir()
            .expect("temp dir");
        let socket = dir.path().join("admin.sock");
        let bind = format!("127.0.0.1:{port}");
        let socket_arg = socket.display().to_string();
        let mut args = vec!["render_haproxy_cfg", &bind, &socket_arg];
        args.extend(nodes.iter().map(Node::address));
        let config = script_function("lib-cluster.sh", &args);
        let config_path = dir.path().join("haproxy.cfg");
        std::fs::write(&config_path, config).expect("write haproxy.cfg");
        let log = std::fs::File::create(dir.path().join("haproxy.log")).expect("haproxy log");
        let child = Command::new("haproxy")
            .arg("-db")
            .arg("-f")
            .arg(&config_path)
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log)
            .spawn()
            .expect("start haproxy (scripts/install-deps installs it)");
        Self {
            url: format!("http://127.0.0.1:{port}"),
            child,
            dir,
        }
    }

    /// The checked servers (`nodeN`) as HAProxy sees them now.
    pub fn servers(&self) -> Vec<ServerStat> {
        let Ok(mut socket) = UnixStream::connect(self.dir.path().join("admin.sock")) else {
            return Vec::new();
        };
        let mut text = String::new();
        if socket.write_all(b"show stat\n").is_err() || socket.read_to_string(&mut text).is_err() {
            return Vec::new();
        }
        let mut lines = text.lines();
        let header: Vec<&str> = lines
            .next()
            .unwrap_or_default()
            .trim_start_matches("# ")
            .split(',')
            .collect();
        let column = |name: &str| header.iter().position(|h| *h == name);
        let (Some(sv), Some(status), Some(hrsp)) =
            (column("svname"), column("status"), column("hrsp_4xx"))
        else {
            return Vec::new();
        };
        lines
            .map(|line| line.split(',').collect::<Vec<_>>())
            .filter(|fields| fields.len() > hrsp && fields[sv].starts_with("node"))
            .filter(|fields| !fields[sv].ends_with("-open"))
            .map(|fields| ServerStat {
                name: fields[sv].to_owned(),
                status: fields[status].to_owned(),
                responses_4xx: fields[hrsp].parse().unwrap_or(0),
            })
            .collect()
    }

    /// Waits until HAProxy's checks see `expected` servers and they are all up.
    pub async fn wait_all_up(&self, expected: usize) {
        self.wait_for(|servers| {
            servers.len() == expected && servers.iter().all(|s| s.status == "UP")
        })
        .await;
    }

    /// Waits until the servers' states satisfy `done`.
    pub async fn wait_for(&self, done: impl Fn(&[ServerStat]) -> bool) {
        let deadline = Instant::now() + STARTUP_DEADLINE;
        loop {
            let servers = self.servers();
            if done(&servers) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "HAProxy servers did not reach the state waited for: {servers:?}\n{}",
                tail(&self.dir.path().join("haproxy.log"), 20)
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Balancer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!(
                "--- HAProxy log (last lines) ---\n{}",
                tail(&self.dir.path().join("haproxy.log"), 20)
            );
        }
    }
}

/// PostgreSQL, N nodes and HAProxy. Fields drop in order: the balancer, the nodes, then
/// the database.
pub struct Cluster {
    /// HAProxy.
    pub balancer: Balancer,
    /// The API nodes; `nodes[0]` seeded the demo data.
    pub nodes: Vec<Node>,
    /// The database they share.
    pub postgres: Postgres,
}

impl Cluster {
    /// Starts PostgreSQL, `count` nodes with `env` on top of the cluster settings (the
    /// first one seeds the demo data and is ready before the others start), and HAProxy;
    /// returns once HAProxy sees every node up.
    pub async fn start(count: usize, env: &[(&str, &str)]) -> Self {
        let postgres = Postgres::start();
        let balancer_port = free_port();
        let database_url = postgres.url();
        let origin = format!("http://127.0.0.1:{balancer_port}");
        let mut nodes = Vec::with_capacity(count);
        for number in 1..=count {
            let seed = if number == 1 { "true" } else { "false" };
            let mut all = vec![
                ("SHELF_DATABASE_URL", database_url.as_str()),
                ("SHELF_PUBLIC_BASE_URL", origin.as_str()),
                ("SHELF_TRUSTED_PROXIES", "127.0.0.1"),
                ("SHELF_SEED_DEMO", seed),
            ];
            all.extend_from_slice(env);
            let node = Node::spawn(number, &all);
            if number == 1 {
                node.wait_ready().await;
            }
            nodes.push(node);
        }
        for node in &nodes {
            node.wait_ready().await;
        }
        let balancer = Balancer::start(balancer_port, &nodes);
        balancer.wait_all_up(count).await;
        Self {
            balancer,
            nodes,
            postgres,
        }
    }
}

/// An HTTP client for the tests: no proxy, and a generous timeout that means "hung".
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("HTTP client")
}

#[derive(QueryableByName)]
struct Number {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    value: i64,
}

/// The `value` column (a `bigint`) of the one row `sql` returns.
pub fn number(conn: &mut PgConnection, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<Number>(conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .value
}
