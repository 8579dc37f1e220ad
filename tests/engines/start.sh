#!/usr/bin/env bash
# Start a Prometheus and a VictoriaMetrics on loopback, both loaded with the same
# generated KPI data (gen_data.py), for tests that need real engines.
#
# usage: tests/engines/start.sh DIR
#
# DIR is a work directory (made if missing). On success it holds DIR/env:
#   PROM_URL=http://127.0.0.1:P  VM_URL=http://127.0.0.1:Q  DATA_END=<unix s>
#   PROM_PID=...  VM_PID=...
# and the engines answer queries with the data ending at DATA_END visible.
# Logs are DIR/*.log. On failure it prints the log tails, stops whatever it
# started and exits non-zero. Stop the engines with tests/engines/stop.sh DIR.
#
# Environment: PROMETHEUS, PROMTOOL, VICTORIA_METRICS (binaries, default from
# PATH), KPI_HOURS (span of data, default 6), KPI_SEED (generator seed),
# KPI_SCENARIO (default, calm or faults: gen_data.py --scenario).
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
	echo "usage: $0 DIR" >&2
	exit 2
fi
HERE="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$1"
DIR="$(cd "$1" && pwd)"
PROMETHEUS="${PROMETHEUS:-prometheus}"
PROMTOOL="${PROMTOOL:-promtool}"
VICTORIA_METRICS="${VICTORIA_METRICS:-victoria-metrics}"
HOURS="${KPI_HOURS:-6}"
SEED_ARG=()
[ -n "${KPI_SEED:-}" ] && SEED_ARG=(--seed "$KPI_SEED")
# KPI_SCENARIO: default, calm (nothing wrong) or faults (calm, then planted problems)
[ -n "${KPI_SCENARIO:-}" ] && SEED_ARG+=(--scenario "$KPI_SCENARIO")
TIMEOUT=60 # seconds allowed for each engine to come up and show the data
T0=$(date +%s)

# Print the last lines of every log, then stop what we started and fail.
die() {
	echo "start.sh: $*" >&2
	local log
	for log in "$DIR"/*.log; do
		[ -f "$log" ] || continue
		[ -s "$log" ] || { echo "--- $log is empty" >&2; continue; }
		echo "--- tail of $log" >&2
		tail -n 20 "$log" >&2
	done
	"$HERE/stop.sh" "$DIR" >&2 || true
	exit 1
}

# A TCP port free on loopback right now (the kernel picks it; we release it).
free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# Succeed when URL answers HTTP 2xx within a second.
answers() {
	curl -sf -o /dev/null --max-time 1 "$1"
}

# Wait until URL answers or the process PID dies; 0 = up, 1 = died, 2 = timed out.
wait_up() {
	local pid="$1" url="$2" deadline=$(($(date +%s) + TIMEOUT))
	while [ "$(date +%s)" -lt "$deadline" ]; do
		kill -0 "$pid" 2>/dev/null || return 1
		answers "$url" && return 0
		sleep 0.2
	done
	return 2
}

# Start one engine on a free port, retrying when the port was taken meanwhile.
# usage: launch NAME READY_PATH CMD... (the string @PORT@ in CMD is the port)
# Sets PORT and PID; writes DIR/NAME.pid.
launch() {
	local name="$1" ready="$2" try rc
	shift 2
	for try in 1 2 3 4 5; do
		PORT="$(free_port)"
		local args=("${@//@PORT@/$PORT}")
		"${args[@]}" >"$DIR/$name.log" 2>&1 &
		PID=$!
		echo "$PID" >"$DIR/$name.pid"
		rc=0
		wait_up "$PID" "http://127.0.0.1:$PORT$ready" || rc=$?
		[ "$rc" -eq 0 ] && return 0
		if [ "$rc" -eq 1 ] && grep -qi "address already in use" "$DIR/$name.log"; then
			rm -f "$DIR/$name.pid"
			continue
		fi
		[ "$rc" -eq 1 ] && die "$name exited before answering on port $PORT"
		die "$name did not answer on port $PORT within ${TIMEOUT}s"
	done
	die "$name: no free port after $try tries"
}

# The value of a one-number instant query at DATA_END, or nothing.
query_number() {
	curl -sf --max-time 5 "$1/api/v1/query" --data-urlencode "query=$2" \
		--data-urlencode "time=$DATA_END" |
		python3 -c 'import json, sys
r = json.load(sys.stdin)["data"]["result"]
print(r[0]["value"][1] if r else "")' 2>/dev/null || true
}

# Wait until the engine at URL sees every generated series at DATA_END.
wait_data() {
	local name="$1" url="$2" deadline=$(($(date +%s) + TIMEOUT)) got=""
	while [ "$(date +%s)" -lt "$deadline" ]; do
		got="$(query_number "$url" "$ALL_SERIES")"
		[ "$got" = "$SERIES" ] && return 0
		sleep 0.5
	done
	die "$name shows ${got:-no} series at $DATA_END, expected $SERIES"
}

for bin in "$PROMETHEUS" "$PROMTOOL" "$VICTORIA_METRICS" python3 curl; do
	command -v "$bin" >/dev/null || die "$bin not found (apt-get install prometheus victoria-metrics curl)"
done
"$HERE/stop.sh" "$DIR" >/dev/null 2>&1 || true
rm -rf "$DIR/prom-data" "$DIR/vm-data" "$DIR"/*.log "$DIR/env"

# The last sample a minute before now, on a whole minute: served as "now".
DATA_END=$(($(date +%s) / 60 * 60 - 60))

# VictoriaMetrics starts while the data is generated.
launch vm /health "$VICTORIA_METRICS" -storageDataPath "$DIR/vm-data" \
	-httpListenAddr 127.0.0.1:@PORT@ -search.latencyOffset=0s \
	-search.disableCache -retentionPeriod=100y
VM_PORT=$PORT VM_PID=$PID

python3 "$HERE/gen_data.py" --end "$DATA_END" --hours "$HOURS" "${SEED_ARG[@]}" \
	--format openmetrics -o "$DIR/data.om" 2>"$DIR/gen.log" &
gen_om=$!
python3 "$HERE/gen_data.py" --end "$DATA_END" --hours "$HOURS" "${SEED_ARG[@]}" \
	--format prometheus -o "$DIR/data.prom" 2>>"$DIR/gen.log" ||
	die "gen_data.py failed"
wait "$gen_om" || die "gen_data.py failed"

# How many series to expect: sample lines over samples per series.
SAMPLES=$(python3 -c "print(int($HOURS * 60) + 1)")
LINES=$(grep -vc '^#' "$DIR/data.prom")
SERIES=$((LINES / SAMPLES))
ALL_SERIES='count({__name__=~"kpi_.+|model_.+|hr_.+"})'

# VictoriaMetrics imports while promtool cuts the Prometheus blocks.
curl -sf --max-time 60 -o "$DIR/vm-import.log" -X POST --data-binary @"$DIR/data.prom" \
	"http://127.0.0.1:$VM_PORT/api/v1/import/prometheus" &
import=$!
"$PROMTOOL" tsdb create-blocks-from openmetrics "$DIR/data.om" "$DIR/prom-data" \
	>"$DIR/promtool.log" 2>&1 || die "promtool create-blocks-from failed"
wait "$import" || die "import into VictoriaMetrics failed"
curl -sf --max-time 30 -o /dev/null "http://127.0.0.1:$VM_PORT/internal/force_flush" ||
	die "VictoriaMetrics force_flush failed"

# Prometheus serves the blocks it finds at start; it scrapes nothing.
cat >"$DIR/prometheus.yml" <<'EOF'
# Test fixture: no scraping, the data comes from backfilled blocks.
global:
  evaluation_interval: 1m
scrape_configs: []
EOF
launch prom /-/ready "$PROMETHEUS" --config.file="$DIR/prometheus.yml" \
	--storage.tsdb.path="$DIR/prom-data" --storage.tsdb.retention.time=3650d \
	--web.listen-address=127.0.0.1:@PORT@ --web.enable-lifecycle
PROM_PORT=$PORT PROM_PID=$PID

wait_data prometheus "http://127.0.0.1:$PROM_PORT"
wait_data victoria-metrics "http://127.0.0.1:$VM_PORT"

cat >"$DIR/env" <<EOF
PROM_URL=http://127.0.0.1:$PROM_PORT
VM_URL=http://127.0.0.1:$VM_PORT
DATA_END=$DATA_END
PROM_PID=$PROM_PID
VM_PID=$VM_PID
EOF
echo "engines up in $(($(date +%s) - T0))s: $SERIES series each; see $DIR/env"
