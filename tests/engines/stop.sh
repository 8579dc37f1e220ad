#!/usr/bin/env bash
# Stop the engines that tests/engines/start.sh DIR started: TERM, then KILL after
# 5 s. Safe to call twice, or when nothing runs (meant for `trap ... EXIT`).
#
# usage: tests/engines/stop.sh DIR
set -u

DIR="${1:-}"
[ -n "$DIR" ] && [ -d "$DIR" ] || exit 0

# Succeed while PID runs the program named NAME (a recycled pid is left alone).
runs() {
	local pid="$1" name="$2"
	[ -r "/proc/$pid/cmdline" ] || return 1
	tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$name"
}

# Stop the engine whose pid is in DIR/FILE, if that is still it.
stop_one() {
	local file="$DIR/$1" name="$2" pid
	[ -f "$file" ] || return 0
	pid="$(cat "$file")"
	rm -f "$file"
	case "$pid" in '' | *[!0-9]*) return 0 ;; esac
	runs "$pid" "$name" || return 0
	kill -TERM "$pid" 2>/dev/null
	for _ in $(seq 50); do
		runs "$pid" "$name" || return 0
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
}

stop_one prom.pid prometheus &
stop_one vm.pid victoria-metrics &
wait
exit 0
