#!/usr/bin/env bash
# kpidash's speed and memory, measured on the demo at 160x48 with a 1 s refresh.
# usage: scripts/bench.sh path/to/kpidash   (BENCH_SECONDS: idle window, default 30)
# Prints: time to the first complete frame, idle CPU and bytes/s written to the
# terminal with the demo clock fixed, and peak RSS.
set -eu
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
SECS="${BENCH_SECONDS:-30}"
CLOCK="2026-11-23T12:00:00Z"
WORK="$(mktemp -d)"
SOCK="kpidash-bench-$$"
cleanup() {
	tmux -L "$SOCK" kill-server >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT

# 1. Time to the first complete frame: start, draw every panel of the executive view
#    once (all data is in the first frame on the demo), exit. Median of 21 runs in a pty.
for i in $(seq 21); do
	s=$(date +%s%N)
	LINES=48 COLUMNS=160 TERM=xterm-256color script -qec \
		"$BIN --clock $CLOCK --frames 1" /dev/null >/dev/null </dev/null
	e=$(date +%s%N)
	echo $(((e - s) / 1000))
done | sort -n | sed -n 11p > "$WORK/first"
first_us=$(cat "$WORK/first")

# 2. Idle: the dashboard running in tmux; script(1) records every byte it writes.
tmux -L "$SOCK" -f /dev/null new-session -d -x 160 -y 48 \
	"TERM=tmux-256color script -qfc '$BIN --clock $CLOCK --refresh 1' $WORK/tty.log"
pid=""
for _ in $(seq 100); do
	pid=$(pgrep -f "^$BIN --clock $CLOCK --refresh 1" | head -n 1 || true)
	[ -n "$pid" ] && break
	sleep 0.05
done
[ -n "$pid" ] || { echo "bench: kpidash did not start" >&2; exit 1; }
sleep 3
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
b0=$(stat -c %s "$WORK/tty.log")
c0=$(ticks)
t0=$(date +%s%N)
sleep "$SECS"
b1=$(stat -c %s "$WORK/tty.log")
c1=$(ticks)
t1=$(date +%s%N)
hz=$(getconf CLK_TCK)
hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
tmux -L "$SOCK" send-keys q
[ "$b0" -gt 0 ] || { echo "bench: nothing was recorded from the terminal" >&2; exit 1; }
# What the process image alone costs: kpidash --version maps every library but draws nothing.
base=$(/usr/bin/time -f %M "$BIN" --version 2>&1 >/dev/null)

awk -v us="$first_us" -v b="$((b1 - b0))" -v c="$((c1 - c0))" -v hz="$hz" \
	-v ns="$((t1 - t0))" -v hwm="$hwm" -v secs="$SECS" -v first="$b0" -v base="$base" 'BEGIN {
	s = ns / 1e9
	printf "time to first complete frame (median of 21, incl. start and exit): %.1f ms\n", us / 1000
	printf "bytes written for the first frame and 3 s of refreshes: %d\n", first
	printf "idle over %d s, 1 s refresh, fixed clock: %.1f B/s to the terminal, %.2f%% of a core\n", secs, b / s, 100 * c / hz / s
	printf "peak RSS: %.1f MiB (the process image with its libraries alone: %.1f MiB)\n", hwm / 1024, base / 1024
}'
