# shellcheck shell=bash
# What the schemathesis runs share (scripts/schemathesis-ci, scripts/fuzz, scripts/install-deps):
# the venv holding the pinned schemathesis, a server of this workspace started on a free
# port with a fresh data directory (so the demo seed runs) and stopped at exit, and the
# preparation of its data (tests/fuzz/prepare.py). Sourced from the repository root.

fuzz_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# The venv's directory: one per requirements file content, so that a new pin gets a new
# venv and an old one is never half upgraded. Kept in the user's cache, across clones.
fuzz_venv_dir() {
    local digest
    digest="$(sha256sum "$fuzz_root/tests/fuzz/requirements.txt" | cut -c1-12)"
    echo "${SHELF_FUZZ_VENV:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/virtual-shelf/fuzz-venv-$digest}"
}

# Creates the venv when missing, with every pinned tool (moto's S3 server as well, which
# tests/tests/api/blob_stores.rs finds through fuzz_venv_dir). A marker written last tells
# a complete venv from one an interrupted install left behind, which is made again.
ensure_schemathesis() {
    local venv
    venv="$(fuzz_venv_dir)"
    [[ -f "$venv/.complete" ]] && return 0
    echo "fuzz: creating $venv" >&2
    rm -rf "$venv"
    mkdir -p "$(dirname "$venv")"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
        -r "$fuzz_root/tests/fuzz/requirements.txt"
    touch "$venv/.complete"
}

fuzz_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

fuzz_server_pid=""
fuzz_workdir=""

# Stops the server and deletes its data; safe to call twice (it is also the EXIT trap).
stop_server() {
    if [[ -n "$fuzz_server_pid" ]]; then
        kill "$fuzz_server_pid" 2> /dev/null || true
        wait "$fuzz_server_pid" 2> /dev/null || true
        fuzz_server_pid=""
    fi
    if [[ -n "$fuzz_workdir" ]]; then
        rm -rf "$fuzz_workdir"
        fuzz_workdir=""
    fi
}

# start_server BINARY sqlite|postgres: starts BINARY on a free loopback port with a new
# data directory, on SQLite or on a new database of $SHELF_TEST_POSTGRES_URL's cluster
# (scripts/with-postgres), waits for /readyz and sets FUZZ_BASE_URL.
start_server() {
    local binary="$1" backend="$2" port database_url=""
    stop_server
    fuzz_workdir="$(mktemp -d /tmp/shelf-fuzz.XXXXXX)"
    if [[ "$backend" == postgres ]]; then
        if [[ -z "${SHELF_TEST_POSTGRES_URL:-}" ]]; then
            echo "fuzz: SHELF_TEST_POSTGRES_URL is not set; run under scripts/with-postgres" >&2
            return 1
        fi
        local name
        name="fuzz_$(basename "$fuzz_workdir" | tr -dc '[:alnum:]' | tr '[:upper:]' '[:lower:]')"
        psql -q -v ON_ERROR_STOP=1 "$SHELF_TEST_POSTGRES_URL" -c "CREATE DATABASE $name" > /dev/null || return 1
        database_url="${SHELF_TEST_POSTGRES_URL%/*}/$name"
    fi
    port="$(fuzz_free_port)"
    FUZZ_BASE_URL="http://127.0.0.1:$port"
    # The server runs in the work directory so that no shelf.toml of the caller applies.
    (
        cd "$fuzz_workdir" || exit 1
        export SHELF_BIND="127.0.0.1:$port" SHELF_DATA_DIR="$fuzz_workdir/data"
        export SHELF_LOG="${SHELF_LOG:-error}" SHELF_LOG_FORMAT=pretty NO_COLOR=1
        # Makes the payment provider's event route live, so that it is tested beyond 404.
        export SHELF_PAYMENT_WEBHOOK_SECRET=fuzz-webhook-secret
        # Every generated request comes from one address: limits meant for real clients
        # would turn most of the run into 429s and leave the operations behind untested.
        export SHELF_REGISTRATIONS_PER_ADDRESS_PER_HOUR=1000000
        export SHELF_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE=1000000
        unset SHELF_CONFIG SHELF_ENV
        if [[ -n "$database_url" ]]; then
            export SHELF_DATABASE_URL="$database_url"
        else
            unset SHELF_DATABASE_URL
        fi
        exec "$binary"
    ) > "$fuzz_workdir/server.log" 2>&1 &
    fuzz_server_pid=$!
    local waited=0
    until curl -sf "$FUZZ_BASE_URL/readyz" > /dev/null 2>&1; do
        if ! kill -0 "$fuzz_server_pid" 2> /dev/null || ((waited >= 240)); then
            echo "fuzz: the server did not become ready on $FUZZ_BASE_URL" >&2
            return 1
        fi
        sleep 0.5
        waited=$((waited + 1))
    done
}

# Creates the fuzz data on the running server and exports the SHELF_FUZZ_* ids that
# schemathesis.toml reads.
prepare_data() {
    local values
    values="$(python3 "$fuzz_root/tests/fuzz/prepare.py" "$FUZZ_BASE_URL")" || return 1
    set -a
    eval "$values"
    set +a
}

# The server's log since it started, for a failed run.
server_log() {
    [[ -n "$fuzz_workdir" && -f "$fuzz_workdir/server.log" ]] && cat "$fuzz_workdir/server.log"
}

# run_schemathesis ROLE ARGS...: one schemathesis run against the server as ROLE (an entry
# of tests/fuzz/auth.json, which logs in as its demo account, or `none`), configured by
# schemathesis.toml; ARGS are more `schemathesis run` options.
run_schemathesis() {
    local role="$1" auth=()
    shift
    if [[ "$role" != none ]]; then
        auth=(--auth-wfc "$fuzz_root/tests/fuzz/auth.json" --auth-wfc-user "$role")
    fi
    "$(fuzz_venv_dir)/bin/schemathesis" --config-file "$fuzz_root/schemathesis.toml" --no-color \
        run "$FUZZ_BASE_URL/openapi.json" "${auth[@]}" "$@"
}
