# Shared shell functions for scripts/*. Source it; do not run it.
# shellcheck shell=bash

export PATH="/opt/swift/usr/bin:$PATH"
# shellcheck disable=SC2034  # used by the scripts that source this file
LVS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

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
    local apt_log
    apt_log=$(mktemp -t lvsrouter-apt.XXXXXX.log)
    if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$apt_log" 2>&1; then
        apt-get update -qq >>"$apt_log" 2>&1 || true
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$apt_log" 2>&1 \
            || { tail -20 "$apt_log" >&2; die "apt-get install ${missing[*]} failed (log: $apt_log)"; }
    fi
    rm -f "$apt_log"
}

# The Debian packages needed to build the suite.
# shellcheck disable=SC2034  # used by the scripts that source this file
BUILD_PACKAGES=(libnl-3-dev libnl-genl-3-dev libnl-route-3-dev libssl-dev pkg-config)

# What the host integration tests run: namespaces and links, packet capture, test servers, and
# keepalived (its configuration check; the failover benchmark's peer); dnsmasq, sshd and openssl for
# the health checks' and load monitor's test servers (sshd also for lvsweb's peer sync); Chromium,
# its WebDriver and pip for lvsweb's browser test (Selenium comes from PyPI: ensure_python_modules);
# dpkg-dev, lintian, binutils, mandoc, groff and man-db for the package layer; BIRD for announcing
# VIPs over BGP.
# shellcheck disable=SC2034  # used by the scripts that source this file
TEST_PACKAGES=(iproute2 tcpdump socat iputils-arping util-linux python3 python3-pip keepalived dnsmasq-base openssh-server openssh-client openssl chromium chromium-driver dpkg-dev lintian binutils mandoc groff-base man-db bird2)

# ensure_python_modules MODULE==VERSION...: installs the PyPI packages whose module does not import
# yet (test helpers only). Idempotent and quick when they are there.
ensure_python_modules() {
    local spec module missing=()
    for spec in "$@"; do
        module=${spec%%==*}
        python3 -c "import $module" 2>/dev/null || missing+=("$spec")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing from PyPI: ${missing[*]}"
    python3 -m pip install -q --disable-pip-version-check "${missing[@]}" >&2 \
        || python3 -m pip install -q --disable-pip-version-check --break-system-packages "${missing[@]}" >&2 \
        || die "pip install ${missing[*]} failed"
}

# The PyPI packages the host tests use.
# shellcheck disable=SC2034  # used by the scripts that source this file
TEST_PYTHON_MODULES=(selenium==4.51.0)

# The programs a director runs, in the order scripts/install and scripts/package install them.
# shellcheck disable=SC2034  # used by the scripts that source this file
SUITE_PROGRAMS=(pulse lvsd nanny fos send_arp lvsadm lvsctl lvsweb)

# The scratch directory of the release builds that scripts/install and scripts/package ship.
RELEASE_SCRATCH=.build-install

# The release builds' flags: the Swift runtime linked in (--static-swift-stdlib), so a director
# needs no toolchain, and full RELRO (relocations resolved at start, then read-only).
RELEASE_FLAGS=(-c release --static-swift-stdlib -Xlinker -z -Xlinker relro -Xlinker -z -Xlinker now --scratch-path "$RELEASE_SCRATCH")

# build_release_programs NAME...: builds each program with RELEASE_FLAGS. Run from the repository root.
build_release_programs() {
    local name
    ensure_swift
    ensure_packages "${BUILD_PACKAGES[@]}"
    for name in "$@"; do
        log "building $name (release, static Swift runtime)"
        swift_build "$name" "${RELEASE_FLAGS[@]}" --product "$name"
    done
}

# release_products_dir: where build_release_programs leaves the programs.
release_products_dir() {
    swift build "${RELEASE_FLAGS[@]}" --show-bin-path
}

ensure_swift() {
    command -v swift >/dev/null 2>&1 || die "swift not found (expected the toolchain at /opt/swift/usr/bin)"
}

# swift_build WHAT ARG...: runs `swift build ARG...` (from the current directory) with its output
# in a log of its own (mktemp), removed when the build succeeds. On failure prints the log's error
# and warning lines (the first 50; its last 50 lines when it has none) to stderr and dies naming
# WHAT and the log, which is kept.
swift_build() {
    local what=$1 build_log
    shift
    build_log=$(mktemp -t lvsrouter-build.XXXXXX.log)
    if ! swift build "$@" >"$build_log" 2>&1; then
        grep -E -m 50 'error|warning:' "$build_log" >&2 || tail -n 50 "$build_log" >&2
        die "building $what failed (full log: $build_log)"
    fi
    rm -f "$build_log"
}
