#!/usr/bin/env bash
# kpidash's speed and memory, measured on the demo at 160x48 with a 1 s refresh.
# usage: scripts/bench.sh path/to/kpidash
#   BENCH_SECONDS: the idle window with the clock fixed (default 30)
#   BENCH_LIVE_SECONDS: the window on the live clock, whose data move once a minute (default 120)
# Prints: time to the first complete frame; CPU and bytes/s written to the terminal
# with the demo clock fixed (nothing changes) and on the live clock; peak RSS; the
# executive view's refresh over the network; from bench_cohort beside kpidash, a
# drill-down of 10,000 cohorts sorted, filtered and drawn; and, from bench_detect, the
# change detectors over 500 series of 300 points.
set -eu
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
SECS="${BENCH_SECONDS:-30}"
LIVE_SECS="${BENCH_LIVE_SECONDS:-120}"
CLOCK="2026-11-23T12:00:00Z"
WORK="$(mktemp -d)"
SOCK="kpidash-bench-$$"
cleanup() {
	tmux -L "$SOCK" kill-server >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT

# Time to the first complete frame: start, draw every panel of the executive view once
# (the demo answers in-process, so the first frame is complete), exit. Median of 21 in a pty.
first_frame_us() {
	for _ in $(seq 21); do
		local s e
		s=$(date +%s%N)
		LINES=48 COLUMNS=160 TERM=xterm-256color script -qec \
			"$BIN --clock $CLOCK --frames 1" /dev/null >/dev/null </dev/null
		e=$(date +%s%N)
		echo $(((e - s) / 1000))
	done | sort -n | sed -n 11p
}

# Run kpidash with args $2... in tmux for $1 seconds after a 3 s settle; script(1) records
# every byte it writes. Prints "bytes cpu_ticks nanoseconds peak_rss_kib first_bytes".
measure() {
	local secs="$1" log="$WORK/tty.$RANDOM.log" pid=""
	shift
	tmux -L "$SOCK" -f /dev/null new-session -d -x 160 -y 48 \
		"TERM=tmux-256color script -qfc '$BIN $*' $log"
	for _ in $(seq 100); do
		pid=$(pgrep -f "^$BIN $*" | head -n 1 || true)
		[ -n "$pid" ] && break
		sleep 0.05
	done
	[ -n "$pid" ] || { echo "bench: kpidash did not start" >&2; exit 1; }
	sleep 3
	local b0 c0 t0 b1 c1 t1 hwm
	b0=$(stat -c %s "$log")
	c0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
	t0=$(date +%s%N)
	sleep "$secs"
	b1=$(stat -c %s "$log")
	c1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
	t1=$(date +%s%N)
	hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
	tmux -L "$SOCK" kill-server
	[ "$b0" -gt 0 ] || { echo "bench: nothing was recorded from the terminal" >&2; exit 1; }
	echo "$((b1 - b0)) $((c1 - c0)) $((t1 - t0)) $hwm $b0"
}

# The executive view's refresh over the network: kpidash --once asks every panel's queries
# at once and waits for the last answer. Median of 11, against the local Prometheus of the
# tests and against a server that delays every answer by 200 ms.
refresh_ms() {
	for _ in $(seq 11); do
		local s e
		s=$(date +%s%N)
		"$BIN" --once --view executive "$@" >/dev/null 2>&1
		e=$(date +%s%N)
		echo $(((e - s) / 1000000))
	done | sort -n | sed -n 6p
}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
"$ROOT/tests/engines/start.sh" "$WORK/engines" >/dev/null 2>&1 || { echo "bench: engines did not start" >&2; exit 1; }
. "$WORK/engines/env"
python3 "$ROOT/tests/servers/fault_server.py" --port 0 --port-file "$WORK/fault.port" &
FAULT_PID=$!
trap 'kill $FAULT_PID 2>/dev/null; "$ROOT/tests/engines/stop.sh" "$WORK/engines"; cleanup' EXIT
for _ in $(seq 100); do [ -s "$WORK/fault.port" ] && break; sleep 0.05; done
prom_ms=$(refresh_ms --prometheus "$PROM_URL" --clock "$DATA_END")
slow_ms=$(refresh_ms --prometheus "http://127.0.0.1:$(cat "$WORK/fault.port")/delay/200/canned")
nreq=$("$BIN" --once --view executive --prometheus "$PROM_URL" --clock "$DATA_END" | wc -l)

# What changed over all four views against the local Prometheus: the whole run (every
# view's figures, the detectors' own points, detection and ranking), median of 11, beside
# the figures alone; and the requests each makes, counted by a proxy in front.
all_ms() {
	for _ in $(seq 11); do
		local s e
		s=$(date +%s%N)
		"$BIN" --once "$@" --prometheus "$PROM_URL" --clock "$DATA_END" >/dev/null 2>&1
		e=$(date +%s%N)
		echo $(((e - s) / 1000000))
	done | sort -n | sed -n 6p
}
figures_ms=$(all_ms)
changed_ms=$(all_ms --what-changed)
python3 "$ROOT/tests/servers/prefix_proxy.py" --port-file "$WORK/proxy.port" \
	--route "/=$PROM_URL" --log "$WORK/proxy.log" &
PROXY_PID=$!
trap 'kill $FAULT_PID $PROXY_PID 2>/dev/null; "$ROOT/tests/engines/stop.sh" "$WORK/engines"; cleanup' EXIT
for _ in $(seq 100); do [ -s "$WORK/proxy.port" ] && break; sleep 0.05; done
PROXY="http://127.0.0.1:$(cat "$WORK/proxy.port")"
"$BIN" --once --prometheus "$PROXY" --clock "$DATA_END" >/dev/null 2>&1 || true
figures_req=$(wc -l <"$WORK/proxy.log")
"$BIN" --once --what-changed --prometheus "$PROXY" --clock "$DATA_END" >/dev/null 2>&1 || true # 1 or 2: listed
changed_req=$(($(wc -l <"$WORK/proxy.log") - figures_req))

# The drivers' own requests: what changed on a calm company (nothing listed, no driver
# asked) and on the planted faults of the engine tests, the same views and queries else.
requests_of() {
	local url="$1" dir="$2" n
	python3 "$ROOT/tests/servers/prefix_proxy.py" --port-file "$dir/proxy.port" \
		--route "/=$url" --log "$dir/proxy.log" &
	local pid=$!
	for _ in $(seq 100); do [ -s "$dir/proxy.port" ] && break; sleep 0.05; done
	"$BIN" --once --what-changed --prometheus "http://127.0.0.1:$(cat "$dir/proxy.port")" \
		--clock "$DATA_END" >"$dir/list.tsv" 2>/dev/null || true # 1 or 2: listed
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null || true # it ends by the TERM just sent
	n=$(wc -l <"$dir/proxy.log")
	echo "$n"
}
trap 'kill $FAULT_PID $PROXY_PID 2>/dev/null; for d in engines calm/engines faults/engines; do
	"$ROOT/tests/engines/stop.sh" "$WORK/$d"; done; cleanup' EXIT
for scenario in calm faults; do
	mkdir -p "$WORK/$scenario"
	KPI_SCENARIO=$scenario "$ROOT/tests/engines/start.sh" "$WORK/$scenario/engines" >/dev/null 2>&1 ||
		{ echo "bench: the $scenario engines did not start" >&2; exit 1; }
	(. "$WORK/$scenario/engines/env" && requests_of "$PROM_URL" "$WORK/$scenario") >"$WORK/$scenario/n"
	"$ROOT/tests/engines/stop.sh" "$WORK/$scenario/engines" >/dev/null 2>&1
done
calm_req=$(cat "$WORK/calm/n")
faults_req=$(cat "$WORK/faults/n")
explained=$(awk -F'\t' '$10 != ""' "$WORK/faults/list.tsv" | wc -l)

first_us=$(first_frame_us)
read -r fb fc fns fhwm ffirst < <(measure "$SECS" --clock "$CLOCK" --refresh 1)
read -r lb lc lns lhwm _ < <(measure "$LIVE_SECS" --refresh 1)
# What the process image alone costs: kpidash --version maps every library but draws nothing.
base=$(/usr/bin/time -f %M "$BIN" --version 2>&1 >/dev/null)
hz=$(getconf CLK_TCK)

awk -v us="$first_us" -v fb="$fb" -v fc="$fc" -v fns="$fns" -v lb="$lb" -v lc="$lc" \
	-v lns="$lns" -v hz="$hz" -v hwm="$(( fhwm > lhwm ? fhwm : lhwm ))" -v first="$ffirst" \
	-v base="$base" -v secs="$SECS" -v lsecs="$LIVE_SECS" 'BEGIN {
	printf "time to first complete frame (median of 21, start to exit): %.1f ms\n", us / 1000
	printf "bytes written for the first frame (and 3 s of refreshes): %d\n", first
	printf "idle, fixed clock, over %d s: %.1f B/s to the terminal, %.2f%% of a core\n", secs, fb / (fns / 1e9), 100 * fc / hz / (fns / 1e9)
	printf "live clock (figures move each minute), over %d s: %.1f B/s, %.2f%% of a core\n", lsecs, lb / (lns / 1e9), 100 * lc / hz / (lns / 1e9)
	printf "peak RSS: %.1f MiB (the process image with its libraries alone: %.1f MiB)\n", hwm / 1024, base / 1024
}'
echo "executive view refresh, --once, median of 11 (start to exit, $nreq figures):"
echo "  local Prometheus: $prom_ms ms"
echo "  a server delaying every answer by 200 ms: $slow_ms ms"
echo "what changed over the four views, --once against the local Prometheus, median of 11:"
echo "  $changed_ms ms and $changed_req requests (the figures alone: $figures_ms ms, $figures_req requests;"
echo "  the detectors' points are asked once a minute on screen)"
echo "  the drivers of what changed, on the engine tests' planted faults: $((faults_req - calm_req)) requests"
echo "  for $explained entries with a driver ($faults_req in all, $calm_req on the calm data set, where nothing is listed)"

# The drill-down at scale: bench_cohort (built beside kpidash by make bench) times
# building, sorting, filtering and drawing 10,000 cohorts, each a median of 21.
COHORT_BIN="$(dirname "$BIN")/bench_cohort"
if [ -x "$COHORT_BIN" ]; then
	"$COHORT_BIN" || { echo "bench: bench_cohort failed" >&2; exit 1; }
else
	echo "cohort drill-down: $COHORT_BIN is not built (make $(basename "$(dirname "$BIN")")/bench_cohort)"
fi

# The detectors at scale: bench_detect (built beside kpidash by make bench) times one
# refresh's detection over 500 series of 300 points, the median of 101.
DETECT_BIN="$(dirname "$BIN")/bench_detect"
if [ -x "$DETECT_BIN" ]; then
	"$DETECT_BIN" || { echo "bench: bench_detect failed" >&2; exit 1; }
else
	echo "detect: $DETECT_BIN is not built (make $(basename "$(dirname "$BIN")")/bench_detect)"
fi
