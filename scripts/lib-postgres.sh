# Throwaway PostgreSQL clusters for tests, benchmarks and scripts/cluster; sourced by
# scripts/with-postgres and scripts/cluster, and run by the cluster tests
# (tests/tests/cluster/harness.rs) as `bash -c 'source scripts/lib-postgres.sh; pg_start …'`
# so that all of them create, start and stop a cluster the same way.
# A cluster is a directory: DIR/data holds the database files, DIR/server.log the log,
# DIR itself the Unix socket. PostgreSQL refuses to run as root, so as root every
# command runs as the postgres user, who owns DIR.

pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)"

# pg_as_owner COMMAND...: runs COMMAND as the cluster owner.
pg_as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# free_port: prints a loopback port that was free a moment ago.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# pg_init DIR: creates an empty cluster in DIR (which must exist and be empty).
pg_init() {
    if [[ -z "$pg_bin" || ! -x "$pg_bin/initdb" ]]; then
        echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2
        return 1
    fi
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$1"; fi
    pg_as_owner "$pg_bin/initdb" -D "$1/data" -U postgres -A trust -E UTF8 --no-sync > "$1/initdb.log" 2>&1 \
        || { cat "$1/initdb.log" >&2; return 1; }
}

# pg_start DIR PORT: starts the cluster on 127.0.0.1:PORT and waits until it accepts
# connections. Durability is irrelevant for a throwaway cluster; speed and connections
# matter.
pg_start() {
    pg_as_owner "$pg_bin/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 60 \
        -o "-p $2 -k $1 -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500 -c shared_buffers=128MB" \
        start > /dev/null || { cat "$1/server.log" >&2; return 1; }
}

# pg_stop DIR [MODE]: stops the cluster (MODE fast by default: connections are cut,
# the stop waits for the shutdown); a cluster that is not running is not an error.
pg_stop() {
    pg_as_owner "$pg_bin/pg_ctl" -D "$1/data" -m "${2:-fast}" -w stop > /dev/null 2>&1 || true
}
