#!/usr/bin/env bash
# The mailing benchmark: one mailing to N subscribers (100,000 by default; BENCH_MAILING_SIZES
# lists several) through a local SMTP server, sent by a `petrel worker` at full speed on
# PostgreSQL. Prints messages/s and the worker's peak RSS, next to the baseline measured in the
# same run: a plain SMTP client (bench/smtp_blast.py) sending as many messages of the same size
# to the same server over the same number of connections. The subscribers are imported with
# `petrel lists import --consented`, whose rate is printed too.
#
#   bench/mailing.sh                                  # 100,000 subscribers
#   BENCH_MAILING_SIZES="10000 100000 1000000" bench/mailing.sh
#
# lettre sends a message's end in a separate write without TCP_NODELAY: on loopback each message
# then waits ~40 ms for a delayed ACK (docs/benchmarks.md). As root the script turns on quick ACKs
# for 127.0.0.1 for the run (and says so); a relay on another host is not affected.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/petrel/target}
SIZES=${BENCH_MAILING_SIZES:-100000}
CONC=${BENCH_SMTP_CONNECTIONS:-8}
PG=${PETREL_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
PY=${PETREL_TEST_PYTHON:-$HOME/.cache/petrel/venv/bin/python}
RUN=$(date +%s)

"$PY" -c 'import aiosmtpd' 2>/dev/null || { echo "bench: needs aiosmtpd for $PY (./petrel.sh test installs it)" >&2; exit 1; }
git ls-files -z app server migrations Cargo.toml Cargo.lock | xargs -0 -r touch
cargo build --release -p server --bin petrel >&2
BIN="$CARGO_TARGET_DIR/release/petrel"
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

if [ "$(id -u)" = 0 ] && ip route show table local 127.0.0.1 >/dev/null 2>&1; then
  ip route change local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 quickack 1 \
    && echo "quick ACKs on for 127.0.0.1 during the run" >&2
  trap 'ip route change local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 2>/dev/null || true; kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
fi

"$PY" bench/smtp_sink.py "$WORK/count" >"$WORK/sink.port" &
for _ in $(seq 1 100); do [ -s "$WORK/sink.port" ] && break; sleep 0.1; done
SMTP_PORT=$(head -n1 "$WORK/sink.port")
count() { cat "$WORK/count" 2>/dev/null || echo 0; }

echo "mailing benchmark, $(nproc) cores, $CONC SMTP connections, run $RUN"
for n in $SIZES; do
  db="petrel_bench_mail_${n}_$RUN"
  psql "$PG" -qc "CREATE DATABASE $db" >/dev/null
  url="${PG%/*}/$db"
  data="$WORK/data-$n"; mkdir -p "$data"
  export DATABASE_URL="$url" PETREL_DATA_DIR="$data" PETREL_LOG_LEVEL=warn PETREL_PUBLIC_URL=https://bench.example.org
  "$BIN" migrate >/dev/null
  psql "$url" -qc "INSERT INTO lists (slug, public, state, tracking, archive, created_at) VALUES ('bench', true, 'open', false, false, 0);
    INSERT INTO list_texts (list_id, locale, name, description, welcome_subject, welcome_body) SELECT id, 'en', 'Bench news', '', '', '' FROM lists;"
  python3 -c "
import sys
print('email,name')
for i in range($n): print(f'reader{i}@example.org,Reader {chr(65 + i % 26)}{chr(97 + i // 26 % 26)}')" >"$WORK/subs.csv"
  t0=$(date +%s.%N)
  "$BIN" lists import "$WORK/subs.csv" --list bench --consented >"$WORK/import.log" 2>&1
  t1=$(date +%s.%N)
  import_rate=$(python3 -c "print(round($n / ($t1 - $t0)))")
  body=$(python3 -c "print(('The vote is on **Thursday**. ' * 120).replace(\"'\", ''))")
  psql "$url" -qc "INSERT INTO mailings (state, lists, country, language, default_locale, scheduled_at, created_at)
      SELECT 'scheduled', id::text, '', '', 'en', 1, 0 FROM lists;
    INSERT INTO mailing_texts (mailing_id, locale, subject, body) SELECT id, 'en', 'Vote on Thursday', '$body' FROM mailings;"
  before=$(count)
  PETREL_MAIL__BACKEND=smtp PETREL_MAIL__SMTP_HOST=127.0.0.1 PETREL_MAIL__SMTP_PORT=$SMTP_PORT \
    PETREL_MAIL__SMTP_SECURITY=none PETREL_MAIL__SMTP_POOL_SIZE=$CONC \
    PETREL_LISTS__SEND_PER_SECOND=100000 PETREL_LISTS__SEND_CONCURRENCY=$CONC \
    "$BIN" worker >"$WORK/worker.log" 2>&1 &
  worker=$!
  until [ "$(psql "$url" -tAc "SELECT state FROM mailings")" = sent ]; do
    kill -0 $worker 2>/dev/null || { echo "bench: the worker stopped:" >&2; cat "$WORK/worker.log" >&2; exit 1; }
    sleep 0.5
  done
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$worker/status")
  kill $worker; wait $worker 2>/dev/null || true
  read -r sent secs <<<"$(psql "$url" -tAF' ' -c "SELECT COUNT(*) FILTER (WHERE r.state = 'sent'),
      (m.finished_at - m.started_at) / 1000.0 FROM mailings m JOIN mailing_recipients r ON r.mailing_id = m.id GROUP BY m.id")"
  sleep 1
  received=$(( $(count) - before ))
  rate=$(python3 -c "print(round($sent / $secs))")
  before=$(count)
  baseline=$("$PY" bench/smtp_blast.py "$SMTP_PORT" "$n" "$CONC")
  printf '  %9s subscribers: Petrel %6s msgs/s (%s sent, %s received by the server, %.1f s), worker peak RSS %s MB\n' \
    "$n" "$rate" "$sent" "$received" "$secs" "$((rss / 1024))"
  printf '  %9s              baseline: plain SMTP client %6s msgs/s to the same server; import %s rows/s\n' "" "$baseline" "$import_rate"
  psql "$PG" -qc "DROP DATABASE $db" >/dev/null || true
done
