#!/usr/bin/env bash
# kpidash without a screen (report/once.c): what --once prints, what it says on stderr,
# and its exit status, for a source that answers, one that fails, and bad requests.
# usage: tests/test_once.sh path/to/kpidash
set -u
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/tests/check.sh"
WORK="$(mktemp -d)"
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"' EXIT

python3 "$ROOT/tests/servers/fault_server.py" --port 0 --port-file "$WORK/port" &
SERVER_PID=$!
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.05; done
URL="http://127.0.0.1:$(cat "$WORK/port")"

# kpidash with a clean environment and args: stdout in $WORK/out, stderr in $WORK/err,
# the exit status in $WORK/rc.
once() {
	env -i PATH="$PATH" HOME="$WORK" TZ=UTC "$BIN" "$@" >"$WORK/out" 2>"$WORK/err"
	echo $? >"$WORK/rc"
}

# True when the last run exited with status $1.
exited() {
	[ "$(cat "$WORK/rc")" = "$1" ]
}

# Lines of the last stdout whose first field is view $1.
lines_of() {
	awk -F'\t' -v v="$1" '$1 == v' "$WORK/out" | wc -l
}

once --demo --seed 42 --clock 2026-11-23T12:00:00Z --once --view executive
check "the demo's executive view: figures printed, nothing on stderr, exit 0" \
	bash -c '[ "$(cat "$1/rc")" = 0 ] && [ ! -s "$1/err" ] && [ "$2" -ge 5 ]' _ "$WORK" \
	"$(lines_of executive)"
check "every line has the nine documented fields" \
	bash -c '[ -s "$1/out" ] && ! awk -F"\t" "NF != 9" "$1/out" | grep -q .' _ "$WORK"

once --once --prometheus "$URL/canned" --view operations
check "an engine that answers: figures, exit 0" \
	bash -c '[ "$(cat "$1/rc")" = 0 ] && [ -s "$1/out" ]' _ "$WORK"

once --once --prometheus "$URL/status/500" --view operations
check "an engine that fails: exit 1" exited 1
check "each failing panel is named on stderr with the view and the reason" \
	bash -c 'grep -q "^kpidash: operations: .*: .*500" "$1/err" &&
		[ "$(grep -c "^kpidash: operations: " "$1/err")" -ge 3 ]' _ "$WORK"

once --once --prometheus "$URL/canned" --view nosuchview
check "an unknown --view: exit 2, the views there are named" \
	bash -c '[ "$(cat "$1/rc")" = 2 ] && grep -q "no view named .nosuchview. (have: executive" "$1/err"' _ "$WORK"

once --demo --once --view executive --drill nosuchlabel
check "--drill by a label no panel has: exit 2 and why" \
	bash -c '[ "$(cat "$1/rc")" = 2 ] && grep -q "no panel of view executive can be broken down that way" "$1/err"' _ "$WORK"
once --demo --once --view hr --drill "team=,role"
check "--drill with an empty value: exit 2 and what was expected" \
	bash -c '[ "$(cat "$1/rc")" = 2 ] && grep -q "expected label=value" "$1/err"' _ "$WORK"
once --demo --once --view hr --drill team --panel "No such panel"
check "--panel naming no panel: exit 2" \
	bash -c '[ "$(cat "$1/rc")" = 2 ] && grep -q "has no panel titled .No such panel." "$1/err"' _ "$WORK"
once --demo --once --view hr --drill team --panel "AI adoption"
check "--drill team on AI adoption: a CSV with its header, exit 0" \
	bash -c '[ "$(cat "$1/rc")" = 0 ] &&
		head -n 1 "$1/out" | grep -qx "view,panel,path,label,cohort,value,change,unit,time,step,range,status"' _ "$WORK"
once --demo --once --view model --drill model --panel "Models, worst first"
check "--drill model on a table of columns: its first column's unit (seconds), worst first" \
	bash -c '[ "$(cat "$1/rc")" = 0 ] && python3 -c "
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r[\"cohort\"] != \"(total)\"]
v = [float(r[\"value\"]) for r in rows]
sys.exit(not (len(rows) >= 2 and {r[\"unit\"] for r in rows} == {\"seconds\"} and v == sorted(v, reverse=True)))
" "$1/out"' _ "$WORK"

once --once --bogus-flag
check "an unknown flag: exit 2" exited 2
once --help
check "--help: exit 0 with the usage on stdout" bash -c '[ "$(cat "$1/rc")" = 0 ] && grep -q "^usage: kpidash" "$1/out"' _ "$WORK"

finish
