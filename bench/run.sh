#!/usr/bin/env bash
# Petrel's load benchmark. Builds the release server, starts it on PostgreSQL and on SQLite, drives
# load on 127.0.0.1 with wrk (load generator on the same two cores), and prints the figures next to
# a pgbench INSERT baseline measured in the same run with the same number of clients.
#
#   bench/run.sh                     # 10 s per measurement, 8 connections
#   BENCH_SECONDS=30 BENCH_CONNECTIONS=16 bench/run.sh
#   BENCH_BACKENDS=sqlite bench/run.sh   # one backend only
#
# Needs: wrk and pgbench (Debian: wrk, postgresql-client), PostgreSQL at
# $PETREL_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/petrel/target}
SECONDS_EACH=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-8}
PG=${PETREL_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
RUN=$(date +%s)

command -v wrk >/dev/null || { echo "bench: install wrk (apt-get install wrk)" >&2; exit 1; }
command -v pgbench >/dev/null || { echo "bench: install pgbench (apt-get install postgresql-client)" >&2; exit 1; }
# Our sources newer than any artifact another checkout left in the shared target directory.
git ls-files -z app server migrations Cargo.toml Cargo.lock | xargs -0 -r touch
cargo build --release -p server --bin petrel >&2
BIN="$CARGO_TARGET_DIR/release/petrel"
PORT=$(python3 scripts/free_port.py)
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

pg_db() { # a fresh PostgreSQL database; prints its URL
  local name="petrel_bench_$1_$RUN"
  psql "$PG" -qc "CREATE DATABASE $name" >/dev/null
  echo "${PG%/*}/$name"
}

wrk_line() { # <label> <wrk args…>: prints "label: N req/s, p50 X, p99 Y, errors E"
  local label=$1; shift
  local out; out=$(wrk --latency -t2 -c"$CONNS" -d"${SECONDS_EACH}s" "$@" 2>&1)
  local rps p50 p99 errors total
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  total=$(awk '/requests in/ {print $1}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx/ {print $5}' <<<"$out"); errors=${errors:-0}
  printf '  %-34s %10s req/s   p50 %8s   p99 %8s   bad responses %s of %s\n' "$label" "$rps" "$p50" "$p99" "$errors" "$total"
}

cpu_ticks() { # <pids…>: their CPU time so far, in clock ticks
  local t=0 p
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$t"
}
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
all_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }

drain() { # <data dir>: waits until the mailbox stops growing
  local last=-1 now=0
  while [ "$now" != "$last" ]; do last=$now; sleep 3; now=$(ls "$1/mailbox" 2>/dev/null | wc -l); done
}

baseline() {
  local url; url=$(pg_db pgbench)
  psql "$url" -qc "CREATE TABLE t (id bigserial PRIMARY KEY, v text)" >/dev/null
  echo "INSERT INTO t (v) VALUES ('x');" > "$WORK/insert.sql"
  local tps; tps=$(pgbench -n -c "$CONNS" -j 2 -T "$SECONDS_EACH" -f "$WORK/insert.sql" "$url" 2>/dev/null \
    | awk '/^tps/ {print $3; exit}')
  printf '  %-34s %10s tps\n' "pgbench INSERT, $CONNS clients" "$tps"
  psql "$PG" -qc "DROP DATABASE ${url##*/}" >/dev/null
}

sql() { # <database url> <statement>: runs it on PostgreSQL or SQLite
  case $1 in
    sqlite:*) python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()' \
      "$(sed 's|^sqlite://||; s|?.*||' <<<"$1")" "$2" ;;
    *) psql "$1" -qc "$2" >/dev/null ;;
  esac
}

letters() { # <database url> <data dir>: the letter form, compared with 1000 letters already sent
  local url=$1 area token
  area=$(curl -s "$BASE/en/campaigns/bench-letters/write?legislature=uk-commons" | grep -o 'value="[0-9]*">Windsor<' | grep -o '[0-9]*')
  token=$(curl -s "$BASE/en/campaigns/bench-letters/write?legislature=uk-commons&area=$area" | grep -o 'name="form_token" value="[^"]*"' | sed 's/.*value="//; s/"$//')
  sleep 3 # the form token must look as if a person took a moment
  # One real letter, its fingerprint copied into 1000 letters sent (the most compared against).
  curl -s -o /dev/null -X POST "$BASE/api/letters/draft" -H 'Accept: text/html' \
    --data "slug=bench-letters&locale=en&legislature=uk-commons&area=$area&form_token=$token&website=&subject=Protection&body=Dear+Adam+Afriyie%2C+please+support+protection+for+Russians+who+fled+because+they+opposed+the+war.&name=Bench+Writer&email=seed@example.org&town=Windsor&address="
  sql "$url" "UPDATE letters SET state = 'sent', preview_token_hash = NULL;
    WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 999)
    INSERT INTO letters (campaign_id, legislature_id, area_id, state, locale, email_hash, fingerprint, similarity, created_at, expires_at)
    SELECT l.campaign_id, l.legislature_id, l.area_id, 'sent', l.locale, 'bench', l.fingerprint, 0, l.created_at, l.expires_at
    FROM letters l, g;"
  wrk_line "letter POST, 1000 sent to compare" -s bench/letter.lua "$BASE" -- "$token" "$area" "$RUN"
}

bench_backend() { # <label> <database url>
  local label=$1 url=$2 data="$WORK/$1"
  mkdir -p "$data"
  # Stripe configured (nothing calls it here: the webhook only verifies and stores); the demo's
  # fund is seeded (the demo campaign is not: there are campaigns already when the server starts).
  export PETREL_DATA_DIR="$data" PETREL_LISTEN="127.0.0.1:$PORT" PETREL_PUBLIC_URL="$BASE" \
    PETREL_SITE_ROOT="$ROOT/public" PETREL_LOG_LEVEL=warn DATABASE_URL="$url" PETREL_SEED_DEMO=true \
    PETREL_STRIPE__SECRET_KEY=sk_test_bench PETREL_STRIPE__WEBHOOK_SECRET=whsec_bench \
    PETREL_STRIPE__API_BASE="http://127.0.0.1:9/" PETREL_STRIPE__CHECKOUT_ORIGIN="http://127.0.0.1:9"
  for i in $(seq 1 100); do
    printf 'slug = "bench-%s"\ndefault_locale = "en"\ngoal = 100000\n[texts.en]\ntitle = "Bench %s"\nsummary = "s"\naddressee = "a"\nbody = "b"\n' "$i" "$i" > "$data/c.toml"
    "$BIN" campaign create "$data/c.toml" >/dev/null
  done
  # A letter campaign writing to the UK Commons sample (the tests' data).
  "$BIN" import-representatives "$ROOT/server/tests/data/uk-commons-term-57.csv" --legislature uk-commons \
    --country GB --name "House of Commons" >/dev/null 2>&1
  printf 'slug = "bench-letters"\nkind = "letter"\ndefault_locale = "en"\ntargets = ["uk-commons"]\n[texts.en]\ntitle = "Bench letters"\nsummary = "s"\naddressee = "a"\nbody = "b"\nletter_subject = "Protection"\nletter_body = "Dear {representative},"\n' > "$data/l.toml"
  "$BIN" campaign create "$data/l.toml" >/dev/null
  "$BIN" serve > "$data/server.log" 2>&1 &
  local pid=$!
  until curl -sf "$BASE/healthz" >/dev/null; do sleep 0.2; done
  local token
  token=$(curl -s "$BASE/en/campaigns/bench-1" | grep -o 'name="form_token" value="[^"]*"' | sed 's/.*value="//; s/"$//')
  sleep 3 # the form token must look as if a person took a moment
  echo "$label"
  # Each measurement starts once the worker has sent the previous one's emails, so that one
  # does not pay for the other's backlog (on SQLite they share the single write lock).
  # Where the CPU goes while signing: the server, the database, and the rest (mostly wrk).
  local pg_pids server0 pg0 busy0 all0
  pg_pids=$(pgrep -u postgres | tr '\n' ' ' || true)
  server0=$(cpu_ticks "$pid"); pg0=$(cpu_ticks $pg_pids); busy0=$(busy_ticks); all0=$(all_ticks)
  wrk_line "sign POST, 100 campaigns" -s bench/sign.lua "$BASE" -- "$token" spread "$RUN"
  local server1 pg1 busy1 all1
  server1=$(cpu_ticks "$pid"); pg1=$(cpu_ticks $pg_pids); busy1=$(busy_ticks); all1=$(all_ticks)
  awk -v s=$((server1 - server0)) -v p=$((pg1 - pg0)) -v b=$((busy1 - busy0)) -v a=$((all1 - all0)) \
    'BEGIN { printf "  %-34s server %d%%, database %d%%, load generator and rest %d%%, idle %d%%\n",
      "  CPU of both cores while signing", 100*s/a, 100*p/a, 100*(b-s-p)/a, 100*(a-b)/a }'
  drain "$data"
  wrk_line "sign POST, one hot campaign" -s bench/sign.lua "$BASE" -- "$token" hot "$RUN"
  drain "$data"
  # Confirm links from the emails the worker wrote to the file mailbox.
  python3 - "$data/mailbox" > "$WORK/tokens" <<'PY'
import email, pathlib, re, sys
for f in pathlib.Path(sys.argv[1]).glob("*.eml"):
    msg = email.message_from_bytes(f.read_bytes())
    for part in msg.walk():
        if part.get_content_type() == "text/plain":
            text = part.get_payload(decode=True).decode()
            for token in re.findall(r"/confirm\?token=([A-Za-z0-9_-]+)", text):
                print(token)
PY
  wrk_line "confirm link (button POST)" -s bench/confirm.lua "$BASE" -- "$WORK/tokens"
  printf '  %-34s %10s (requests beyond these repeat a used link)\n' "  distinct confirm links" "$(wc -l < "$WORK/tokens")"
  letters "$url" "$data"
  wrk_line "campaign page (cached counts)" "$BASE/en/campaigns/bench-1"
  wrk_line "fund page (ledger read each time)" "$BASE/en/funds/legal-aid-for-exiles"
  # Stripe's events: signed now (the signature holds 300 s), each one new; an event type Petrel
  # stores and applies as nothing, so this measures verifying, storing once and queueing.
  python3 - "$WORK/events" "$RUN" <<'PY'
import hashlib, hmac, json, sys, time
t = int(time.time())
with open(sys.argv[1], "w") as out:
    for n in range(60000):
        body = json.dumps({"id": f"evt_bench_{sys.argv[2]}_{n}", "object": "event", "created": t,
                           "livemode": False, "pending_webhooks": 1,
                           "type": "radar.early_fraud_warning.created",
                           "data": {"object": {"id": f"issfr_{n}", "object": "radar.early_fraud_warning"}}},
                          separators=(",", ":"))
        mac = hmac.new(b"whsec_bench", f"{t}.{body}".encode(), hashlib.sha256).hexdigest()
        out.write(f"t={t},v1={mac}\t{body}\n")
PY
  wrk_line "Stripe webhook (signed, stored once)" -s bench/webhook.lua "$BASE" -- "$WORK/events"
  printf '  %-34s %10s (requests beyond these repeat a stored event)\n' "  distinct events" "$(wc -l < "$WORK/events")"
  wrk_line "static file, same server" "$BASE/favicon.svg"
  printf '  %-34s %10s\n' "server peak RSS" "$(awk '/VmHWM/ {print $2 " " $3}' /proc/$pid/status)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

echo "Petrel benchmark: ${SECONDS_EACH}s per measurement, $CONNS connections, $(nproc) cores, $(date -u +%F)"
echo "baseline"
baseline
for backend in ${BENCH_BACKENDS:-postgresql sqlite}; do
  case $backend in
    postgresql) bench_backend postgresql "$(pg_db petrel)" ;;
    sqlite) bench_backend sqlite "sqlite://$WORK/sqlite/petrel.db?mode=rwc" ;;
  esac
done
