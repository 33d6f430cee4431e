#!/usr/bin/env bash
# Install the Debian packages the test suite needs, only those that are missing:
#   postgresql     server binaries (initdb, pg_ctl, postgres) for tests/postgres.py
#   chromium       headless browser for UI tests (/usr/bin/chromium)
#   poppler-utils  pdftoppm, to render PDF reports in tests
# Does nothing (and no apt-get update) when everything is present. Never starts the distro's
# PostgreSQL cluster: the tests run their own throwaway server.
#
# Environment:
#   MONEV_SKIP_SYSTEM_DEPS=1  skip this script entirely
#   MONEV_TEST_PG_URL=...     tests use that existing server, so postgresql is not required
set -euo pipefail

log() { printf 'ensure-system-deps: %s\n' "$*"; }

if [[ "${MONEV_SKIP_SYSTEM_DEPS:-}" == 1 ]]; then
    log "skipped (MONEV_SKIP_SYSTEM_DEPS=1)"
    exit 0
fi

missing=()

have_initdb() {
    local f
    for f in /usr/lib/postgresql/*/bin/initdb; do
        [[ -x "$f" ]] && return 0
    done
    return 1
}

if [[ -n "${MONEV_TEST_PG_URL:-}" ]]; then
    log "MONEV_TEST_PG_URL is set: not checking for PostgreSQL server binaries"
elif ! have_initdb; then
    missing+=(postgresql)
fi
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)

if ((${#missing[@]} == 0)); then
    log "all present (postgresql, chromium, poppler-utils)"
    exit 0
fi

log "missing: ${missing[*]}"

if ! command -v apt-get >/dev/null 2>&1; then
    log "apt-get not found: install ${missing[*]} with your system's package manager" >&2
    exit 1
fi

sudo=()
if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo=(sudo)
    else
        log "not root and sudo is not available: as root, run" \
            "apt-get install --no-install-recommends ${missing[*]}" >&2
        exit 1
    fi
fi

# Keep package installation from starting services (the distro's PostgreSQL cluster). Docker's
# Debian images already ship a policy-rc.d that does this; otherwise install one temporarily.
policy=/usr/sbin/policy-rc.d
if [[ ! -e "$policy" ]]; then
    log "installing a temporary $policy so that no service is started"
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
    trap 'log "removing the temporary $policy"; "${sudo[@]}" rm -f "$policy"' EXIT
fi

log "+ apt-get update"
"${sudo[@]}" apt-get update -q
log "+ apt-get install -y --no-install-recommends ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"

# Check that the packages delivered what the tests look for.
status=0
if [[ " ${missing[*]} " == *" postgresql "* ]] && ! have_initdb; then
    log "postgresql installed but no /usr/lib/postgresql/*/bin/initdb" >&2
    status=1
fi
if [[ " ${missing[*]} " == *" chromium "* && ! -x /usr/bin/chromium ]]; then
    log "chromium installed but /usr/bin/chromium is missing" >&2
    status=1
fi
if [[ " ${missing[*]} " == *" poppler-utils "* ]] && ! command -v pdftoppm >/dev/null 2>&1; then
    log "poppler-utils installed but pdftoppm is not on PATH" >&2
    status=1
fi
((status == 0)) && log "done"
exit "$status"
