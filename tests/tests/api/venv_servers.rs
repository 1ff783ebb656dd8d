//! Servers from the project's Python test venv (tests/fuzz/requirements.txt, which
//! scripts/install-deps installs): moto's S3 server, aiosmtpd's SMTP server. Each is
//! started on a loopback port, waited for until it accepts connections, and killed when
//! dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// A venv program serving on a loopback port; killed when dropped.
pub struct VenvServer {
    process: Child,
    _log_dir: TempDir,
}

/// A loopback port nothing listens on (now).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

impl VenvServer {
    /// Starts `program` (a file of the venv's `bin/`) with `args` and waits until
    /// `port` accepts connections.
    pub fn start(program: &str, args: &[&str], port: u16) -> Self {
        let executable = venv_dir().join("bin").join(program);
        assert!(
            executable.is_file(),
            "{} is missing: run scripts/install-deps, which installs \
             tests/fuzz/requirements.txt into the test venv",
            executable.display()
        );
        // Servers log every request: into a file, as an unread pipe would fill and stall them.
        let log_dir = tempfile::tempdir().expect("temp dir");
        let log = log_dir.path().join(format!("{program}.log"));
        let mut process = Command::new(&executable)
            .args(args)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&log).expect("log file"))
            .stderr(std::fs::File::create(log.with_extension("err")).expect("log file"))
            .spawn()
            .unwrap_or_else(|e| panic!("start {program}: {e}"));
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            let exited = process.try_wait().expect("server status");
            if exited.is_some() || Instant::now() > deadline {
                let _ = process.kill();
                panic!(
                    "{program} did not start ({exited:?}):\n{}",
                    std::fs::read_to_string(log.with_extension("err")).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Self {
            process,
            _log_dir: log_dir,
        }
    }
}

impl Drop for VenvServer {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// The test venv's directory, as tests/fuzz/common.sh computes it (it depends on the
/// requirements file's content), asked from the script so that the two cannot disagree.
fn venv_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root");
    let output = Command::new("bash")
        .args(["-c", "source tests/fuzz/common.sh && fuzz_venv_dir"])
        .current_dir(root)
        .output()
        .expect("run bash");
    assert!(output.status.success(), "fuzz_venv_dir failed: {output:?}");
    PathBuf::from(
        String::from_utf8(output.stdout)
            .expect("a UTF-8 path")
            .trim(),
    )
}
