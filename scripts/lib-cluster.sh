# Shared by scripts/cluster, scripts/bench-cluster, scripts/chaos-checkout and the cluster
# tests (tests/tests/cluster/harness.rs runs render_haproxy_cfg through bash): the
# HAProxy configuration of a loopback cluster, rendered from deploy/haproxy.cfg.

lib_cluster_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# render_haproxy_cfg BIND SOCKET ADDRESS...: prints deploy/haproxy.cfg with the frontend
# bound to BIND (host:port), the admin socket at SOCKET, logs on stderr, and one node per
# ADDRESS (host:port) in place of the example servers: nodeN checked, nodeN-open its
# unchecked backup (see the comment in deploy/haproxy.cfg).
render_haproxy_cfg() {
    local bind="$1" socket="$2"; shift 2
    awk -v bind="$bind" -v socket="$socket" '
        /^[[:space:]]*server[[:space:]]/ { next }
        /^[[:space:]]*bind[[:space:]]/ { print "    bind " bind; next }
        /^[[:space:]]*stats socket[[:space:]]/ { print "    stats socket " socket " mode 600 level admin"; next }
        /^[[:space:]]*log \/dev\/log/ { print "    log stderr format raw local0 info"; next }
        { print }
    ' "$lib_cluster_root/deploy/haproxy.cfg"
    local i=1 address
    for address in "$@"; do
        echo "    server node$i $address check"
        i=$((i + 1))
    done
    i=1
    for address in "$@"; do
        echo "    server node$i-open $address backup"
        i=$((i + 1))
    done
}

# wait_ready URL [SECONDS]: waits until URL answers 2xx; fails after SECONDS (60).
wait_ready() {
    local deadline=$((SECONDS + ${2:-60}))
    until curl -fs -o /dev/null --max-time 2 "$1" 2> /dev/null; do
        if ((SECONDS >= deadline)); then
            echo "$1 did not become ready" >&2
            return 1
        fi
        sleep 0.2
    done
}

# shelf_binary [--release]: prints the path of the API binary, building it when missing:
# the release build when asked or when it exists, else the debug build.
shelf_binary() {
    local release="$lib_cluster_root/target/release/virtual-shelf"
    local debug="$lib_cluster_root/target/debug/virtual-shelf"
    if [[ "${1:-}" == --release ]]; then
        (cd "$lib_cluster_root" && cargo build --release --quiet --locked -p virtual-shelf --bin virtual-shelf) >&2
        echo "$release"
    elif [[ -x "$release" ]]; then
        echo "$release"
    else
        [[ -x "$debug" ]] || (cd "$lib_cluster_root" && cargo build --quiet --locked -p virtual-shelf --bin virtual-shelf) >&2
        echo "$debug"
    fi
}
