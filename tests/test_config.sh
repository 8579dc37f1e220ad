#!/usr/bin/env bash
# The config file: where it is looked for, what it sets, that the environment and the flags
# beat it, and that a mistake in it is named by file, line, column and field.
# usage: test_config.sh path/to/kpidash
set -u
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/tests/check.sh"
WORK="$(mktemp -d)"
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"' EXIT

printf 'tok-%s\n' "$$" > "$WORK/token"
python3 "$ROOT/tests/servers/fault_server.py" --port 0 --port-file "$WORK/port" \
	--token-file "$WORK/token" &
SERVER_PID=$!
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.05; done
URL="http://127.0.0.1:$(cat "$WORK/port")"
REFUSED="http://127.0.0.1:$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

# kpidash --once with a clean environment (plus the assignments given) and args; output in
# $WORK/out, errors in $WORK/err, status in $WORK/rc.
once() {
	env -i PATH="$PATH" HOME="$WORK/home" "$@" >"$WORK/out" 2>"$WORK/err"
	echo $? >"$WORK/rc"
}

# True when file $1 holds the fixed string $2.
holds() {
	grep -qF -- "$2" "$1"
}

# True when file $1 has the whole line $2, exactly.
says() {
	grep -qxF -- "$2" "$1"
}

mkdir -p "$WORK/home/.config/kpidash" "$WORK/xdg/kpidash"
cat > "$WORK/home/.config/kpidash/config.json" <<JSON
{
  "range": "6h",
  "view": "operations",
  "prometheus": {
    "url": "$URL/auth",
    "bearer_token_file": "$WORK/token",
    "headers": {"X-Scope-OrgID": "ops"},
    "timeout": "5s",
    "max_body": "1M"
  }
}
JSON

once "$BIN" --once
check "~/.config/kpidash/config.json is read: its URL and token file let kpidash in" \
	bash -c '[ "$(cat "$1/rc")" = 0 ] && [ ! -s "$1/err" ]' _ "$WORK"
check "its view is the one printed" bash -c '! grep -qv "^operations	" "$1/out" && [ -s "$1/out" ]' _ "$WORK"
check "its range fills \$range (6h = 21600s)" holds "$WORK/out" '[21600s]'

once "$BIN" --once --range 1h
check "a flag beats the file (--range 1h = 3600s)" holds "$WORK/out" '[3600s]'

once "$BIN" --once --config /dev/null
check "an empty --config file is refused, naming it" holds "$WORK/err" '/dev/null'

cat > "$WORK/other.json" <<JSON
{"prometheus": {"url": "$REFUSED"}}
JSON
once KPIDASH_PROMETHEUS_URL="$URL/canned" "$BIN" --once --config "$WORK/other.json"
check "the environment beats the file (KPIDASH_PROMETHEUS_URL over a refused URL)" \
	bash -c '[ "$(cat "$1/rc")" = 0 ] && [ -s "$1/out" ]' _ "$WORK"

once XDG_CONFIG_HOME="$WORK/xdg" "$BIN" --once --view hr
check "with XDG_CONFIG_HOME set and no file there, the demo is shown" \
	bash -c '[ "$(cat "$1/rc")" = 0 ] && grep -q "^hr	AI adoption" "$1/out"' _ "$WORK"

# The complete example of docs/dashboards.md loads and shows its panels.
awk '/^```json$/ { on = 1; next } /^```$/ { if (on) exit } on' "$ROOT/docs/dashboards.md" >"$WORK/example.json"
once "$BIN" --dashboard "$WORK/example.json" --once --view claims-desk
check "the example of docs/dashboards.md loads, and every panel has figures" \
	bash -c '[ "$(cat "$1/rc")" = 0 ] && [ "$(cut -f2 "$1/out" | sort -u | wc -l)" = 5 ]' _ "$WORK"

# A KPI-REST backend from the file; only one source may be named.
printf '{"rest": {"url": "%s/hang", "timeout": "1s"}}\n' "$URL" > "$WORK/rest.json"
once "$BIN" --once --view hr --config "$WORK/rest.json"
check "a \"rest\" section makes KPI-REST the source, with its own timeout" \
	holds "$WORK/err" 'no answer in 1.0 s'
printf '{"rest": {"url": "%s"},\n "prometheus": {"url": "%s"}}\n' "$URL" "$URL" > "$WORK/both.json"
once "$BIN" --once --config "$WORK/both.json"
check "naming both sources is an error" holds "$WORK/err" 'set either "prometheus" or "rest", not both'

# Mistakes, each named precisely; kpidash exits 2 before doing anything.
printf '{\n  "range": "6h",\n  "view" "hr"\n}\n' > "$WORK/bad.json"
once "$BIN" --config "$WORK/bad.json"
check "a syntax error names file, line and column (jansson's), exit 2" \
	bash -c 'grep -qxF -- "$2" "$1/err" && [ "$(cat "$1/rc")" = 2 ]' _ "$WORK" \
	"kpidash: $WORK/bad.json:3:13: ':' expected near '\"hr\"'"
printf '{"prometheus": {"tiemout": 3, "url": "%s"}}\n' "$URL" > "$WORK/bad.json"
once "$BIN" --config "$WORK/bad.json"
check "an unknown key is named by its place and path, with the key it is near" says "$WORK/err" \
	"kpidash: $WORK/bad.json:1:17: prometheus.tiemout: unknown key 'tiemout' (did you mean 'timeout'?)"
printf '{"refresh": "soon"}\n' > "$WORK/bad.json"
once "$BIN" --config "$WORK/bad.json"
check "a wrong value says where it is and what was expected" says "$WORK/err" \
	"kpidash: $WORK/bad.json:1:13: refresh: expected a duration of at least 0.1s (seconds, or like \"90s\", \"15m\", \"24h\")"
printf '{"prometheus": {"bearer_token_file": "%s/nope", "url": "%s"}}\n' "$WORK" "$URL" > "$WORK/bad.json"
once "$BIN" --config "$WORK/bad.json"
check "a token file that cannot be read is named, at start" \
	bash -c 'grep -qxF -- "$2" "$1/err" && [ "$(cat "$1/rc")" = 2 ]' _ "$WORK" \
	"kpidash: $WORK/bad.json:1:38: prometheus.bearer_token_file: cannot read '$WORK/nope': No such file or directory"
# A secret "file" that is a FIFO (or a device) would block a read forever: refused at once.
mkfifo "$WORK/fifo"
printf '{"prometheus": {"bearer_token_file": "%s/fifo", "url": "%s"}}\n' "$WORK" "$URL" > "$WORK/fifo.json"
for how in "--bearer-token-file $WORK/fifo" "--basic-user u --basic-password-file $WORK/fifo" \
	"--config $WORK/fifo.json"; do
	# shellcheck disable=SC2086 # the words of $how are the arguments
	once timeout 10 "$BIN" --once --prometheus "$REFUSED" $how
	check "a FIFO as secret file is refused at once, not waited on (${how%% *})" \
		bash -c '[ "$(cat "$1/rc")" = 2 ] && grep -q "fifo. is not a regular file" "$1/err"' _ "$WORK"
done
once "$BIN" --config "$WORK/missing.json"
check "a --config file that does not exist is an error" holds "$WORK/err" 'missing.json'
# kpidash --check: the shipped views are clean; a broken file is named line by line.
"$BIN" --check "$ROOT"/views/*.json "$WORK/example.json" >"$WORK/check.out" 2>&1
echo $? >"$WORK/check.rc"
check "--check passes the shipped views and the documented example (exit 0, silent)" \
	bash -c '[ "$(cat "$1/check.rc")" = 0 ] && [ ! -s "$1/check.out" ]' _ "$WORK"
printf '{"name": "x", "title": "X",\n "rows": [{"panels": [{"title": "A", "kind": "stat",\n  "unit": "furlongs", "desciption": "d", "queries": [{"kpi": "roi"}]}]}]}\n' >"$WORK/bad.json"
"$BIN" --check "$WORK/bad.json" >"$WORK/check.out" 2>&1
echo $? >"$WORK/check.rc"
check "--check names every problem with file:line:col and path, and exits 2" \
	bash -c 'grep -q "bad.json:3:23: rows\[0\].panels\[0\].desciption: unknown key .desciption. (did you mean .description.?)" "$1/check.out" &&
		grep -q "bad.json:3:11: rows\[0\].panels\[0\].unit: unknown unit .furlongs." "$1/check.out" &&
		[ "$(cat "$1/check.rc")" = 2 ]' _ "$WORK"
printf '{"prometheus": {"url": "http://x", "max_body": "4444444444444444444444M"}}\n' >"$WORK/huge.json"
once "$BIN" --once --config "$WORK/huge.json"
check "an absurd max_body is refused (it once overflowed: a fuzzer found it)" \
	holds "$WORK/err" 'max_body: expected a size like'
# The privacy floor: default 5; the file, then the environment, then the flag set it.
fraud_status() { # the status of the fraud team's row of AI adoption by team, from $WORK/out
	awk -F, '$2 == "AI adoption" && $5 == "fraud" { print $NF }' "$WORK/out"
}
printf '{"privacy_floor": 2}\n' >"$WORK/floor.json"
once "$BIN" --demo --once --view hr --drill team --panel "AI adoption"
check "by default the fraud team (3 people) is under the floor of 5" \
	bash -c '[ "$1" = "suppressed (< 5 people)" ]' _ "$(fraud_status)"
once "$BIN" --demo --config "$WORK/floor.json" --once --view hr --drill team --panel "AI adoption"
check "privacy_floor 2 in the file shows its figures" bash -c '[ "$1" = ok ]' _ "$(fraud_status)"
once KPIDASH_PRIVACY_FLOOR=4 "$BIN" --demo --config "$WORK/floor.json" --once --view hr \
	--drill team --panel "AI adoption"
check "KPIDASH_PRIVACY_FLOOR beats the file" \
	bash -c '[ "$1" = "suppressed (< 4 people)" ]' _ "$(fraud_status)"
once KPIDASH_PRIVACY_FLOOR=4 "$BIN" --demo --config "$WORK/floor.json" --privacy-floor 3 --once \
	--view hr --drill team --panel "AI adoption"
check "--privacy-floor beats the environment" bash -c '[ "$1" = ok ]' _ "$(fraud_status)"
printf '{"privacy_floor": 0}\n' >"$WORK/floor0.json"
once "$BIN" --config "$WORK/floor0.json" --once
check "a floor of 0 is refused with file, line, column and field" says "$WORK/err" \
	"kpidash: $WORK/floor0.json:1:19: privacy_floor: expected a whole number from 1 to 1000000"
once "$BIN" --privacy-floor none --once
check "--privacy-floor takes only a number of people" \
	holds "$WORK/err" "--privacy-floor: expected a whole number of people from 1 to 1000000, got 'none'"
check "no secret is ever printed" bash -c '! grep -rqF -f "$1/token" "$1/err" "$1/out"' _ "$WORK"

finish
