# Shared shell functions for scripts/*. Source it; do not run it.
# shellcheck shell=bash

LVS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export PATH="/opt/swift/usr/bin:$PATH"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ensure_packages PKG...: installs the Debian packages that are missing, without prompting.
# Idempotent and quick when everything is already installed.
ensure_packages() {
    local missing=()
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" -eq 0 ] || die "missing Debian packages (${missing[*]}); run as root or install them: apt-get install -y ${missing[*]}"
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/lvsrouter-apt.log 2>&1; then
        apt-get update -qq >>/tmp/lvsrouter-apt.log 2>&1 || true
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >>/tmp/lvsrouter-apt.log 2>&1 \
            || { tail -20 /tmp/lvsrouter-apt.log >&2; die "apt-get install ${missing[*]} failed (log: /tmp/lvsrouter-apt.log)"; }
    fi
}

# The Debian packages needed to build the suite.
BUILD_PACKAGES=(libnl-3-dev libnl-genl-3-dev libnl-route-3-dev libssl-dev pkg-config)

# What the host integration tests run: namespaces and links, packet capture, test servers, and
# keepalived (its configuration check; the failover benchmark's peer).
TEST_PACKAGES=(iproute2 tcpdump socat iputils-arping util-linux python3 keepalived)

ensure_swift() {
    command -v swift >/dev/null 2>&1 || die "swift not found (expected the toolchain at /opt/swift/usr/bin)"
}
