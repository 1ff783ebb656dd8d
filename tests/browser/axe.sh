# shellcheck shell=bash
# axe-core, the accessibility checker the browser tests inject into Chromium
# (tests/tests/api/console_browser.rs): one pinned version from the npm registry, kept in
# the user's cache across clones, a directory per version. Sourced from the repository
# root by scripts/install-deps (ensure_axe) and by the tests (axe_dir).

AXE_CORE_VERSION=4.14.1

axe_dir() {
    echo "${SHELF_AXE_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/virtual-shelf/axe-core-$AXE_CORE_VERSION}"
}

# Installs the pinned axe-core when missing; a marker written last tells a complete
# install from one an interruption left behind, which is made again.
ensure_axe() {
    local dir
    dir="$(axe_dir)"
    [[ -f "$dir/.complete" ]] && return 0
    echo "axe: installing axe-core $AXE_CORE_VERSION into $dir" >&2
    rm -rf "$dir"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-audit --no-fund --silent "axe-core@$AXE_CORE_VERSION"
    test -f "$dir/node_modules/axe-core/axe.min.js"
    touch "$dir/.complete"
}
