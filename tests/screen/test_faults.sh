#!/usr/bin/env bash
# kpidash against a Prometheus that misbehaves (tests/servers/fault_server.py): a hung
# server must not freeze the keys; each failure is said on the panel; the last good data
# stays, marked stale; hostile label values are drawn harmlessly; secrets stay secret.
# usage: test_faults.sh path/to/kpidash
set -u
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
. "$ROOT/tests/screen/lib.sh"
WORK="$(mktemp -d)"
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; lib_cleanup; rm -rf "$WORK"' EXIT

TOKEN="s3cret-token-$$"
printf '%s\n' "$TOKEN" > "$WORK/token"
python3 "$ROOT/tests/servers/fault_server.py" --port 0 --port-file "$WORK/port" \
	--token-file "$WORK/token" --switch-file "$WORK/switch" &
SERVER_PID=$!
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.05; done
URL="http://127.0.0.1:$(cat "$WORK/port")"

# Run kpidash on a fault route with extra options; waits for its tab line.
run() {
	local route="$1"
	shift
	start_shell 160 48 TERM=tmux-256color
	type_line "$BIN --prometheus $URL/$route --refresh 1 $*; echo EXIT=\$?"
	wait_for '1 Executive' 5 >/dev/null
}

# Milliseconds from pressing ? until the help overlay shows.
help_latency_ms() {
	local s e
	s=$(date +%s%N)
	press '?'
	wait_for 'kpidash keys' 5 >/dev/null
	e=$(date +%s%N)
	press Escape
	sleep 0.2 # a key right after Esc would read as Alt+key
	echo $(((e - s) / 1000000))
}

# True when no process's command line holds the token (grep reads it from the file).
token_nowhere_in_cmdlines() {
	! grep -qF -f "$WORK/token" /proc/[0-9]*/cmdline 2>/dev/null
}

# True when $1 is a whole number under $2.
under() {
	[ "$1" -lt "$2" ]
}

# --- a server that never answers ------------------------------------------------------
run hang --timeout 3
ms=$(help_latency_ms)
check "while every request hangs, ? still opens help at once (${ms} ms)" under "$ms" 1000
press 2
check "and views still switch" wait_for 'Queue length by queue' 2
press 1
check "each panel then says it got no answer in time" wait_for 'no answer in 3\.0 s' 8
s=$(date +%s%N)
press q
wait_for 'EXIT=0' 5 >/dev/null
ms=$((($(date +%s%N) - s) / 1000000))
check "q quits at once with requests hanging (${ms} ms)" under "$ms" 1000

# --- every request of a refresh at once ------------------------------------------------
# All four views, some 60 queries, each answered after 500 ms: one after the other would
# take half a minute; at once, about half a second.
s=$(date +%s%N)
"$BIN" --prometheus "$URL/delay/500/canned" --once >"$WORK/once.tsv" 2>/dev/null
ms=$((($(date +%s%N) - s) / 1000000))
n=$(wc -l <"$WORK/once.tsv")
check "$n figures of 500 ms each arrive together, in ${ms} ms, not one after another" \
	under "$ms" 5000

# --- errors the engine reports --------------------------------------------------------
run status/500
check "a 500 is said on the panel with the engine's own message" wait_for 'status 500 on request' 5
press q
wait_for 'EXIT=0' 5 >/dev/null

run status/400
check "bad_data is said on the panel" wait_for 'status 400 on request' 5
press q
wait_for 'EXIT=0' 5 >/dev/null

run badjson
check "invalid JSON is named as such" wait_for 'invalid JSON' 5
press q
wait_for 'EXIT=0' 5 >/dev/null

run big/2000000 --max-body 64k
check "an answer over the size limit is refused, and says so" wait_for 'larger than' 5
press q
wait_for 'EXIT=0' 5 >/dev/null

# --- a token from a file ------------------------------------------------------------------
run auth
check "without the token: 401 unauthorized, with a hint" wait_for 'unauthorized \(check the token' 5
press q
wait_for 'EXIT=0' 5 >/dev/null

run auth --bearer-token-file "$WORK/token"
sleep 2
check "with the token from a file the server lets kpidash in" hides 'unauthorized'
check "the token never reaches the screen" hides "$TOKEN"
press q
wait_for 'EXIT=0' 5 >/dev/null
check "nor any process's command line (only the file's name is there)" \
	token_nowhere_in_cmdlines

# --- odd values and hostile labels ------------------------------------------------------------
TITLE_BEFORE=$(t display -p -t main '#{pane_title}')
run canned
check "values shown as NaN and infinities draw as -- and +Inf" wait_for '\+Inf' 5
check "a NaN last point is a gap: the figure is the last real value (50%), never 0" \
	shows '50(\.0)?%'
check "the status bar names the engine from buildinfo" shows 'Prometheus 2\.42\.0'
check "a label with escape sequences is drawn as harmless text" shows 'evil.*red'
check "its OSC did not retitle the terminal" \
	bash -c '[ "$(tmux -L "$1" -f "$2" display -p -t main "#{pane_title}")" != "owned" ]' _ "$SOCK" "$TMUX_CONF"
check "its CSI did not clear the screen: the tabs are still there" shows '1 Executive'
press q
wait_for 'EXIT=0' 5 >/dev/null

# --- warnings, proxies, TLS and names that do not resolve ------------------------------------
run warned
check "an engine's warning (a partial answer) is shown on the panel" \
	wait_for 'warning: partial response' 5
press q
wait_for 'EXIT=0' 5 >/dev/null

start_shell 160 48 TERM=tmux-256color HTTP_PROXY="$URL" http_proxy="$URL"
type_line "$BIN --prometheus http://prometheus.invalid/canned --refresh 1; echo EXIT=\$?"
check "HTTP_PROXY is used: a host no DNS knows is reached through the proxy" wait_for '\+Inf' 5
press q
wait_for 'EXIT=0' 5 >/dev/null

start_shell 160 48 TERM=tmux-256color HTTP_PROXY="$URL" http_proxy="$URL" NO_PROXY=prometheus.invalid
type_line "$BIN --prometheus http://prometheus.invalid/canned --refresh 1; echo EXIT=\$?"
check "NO_PROXY is honoured: then the name does not resolve, and the screen says so" \
	wait_for "resolve host" 8
press q
wait_for 'EXIT=0' 5 >/dev/null

run canned --insecure
check "--insecure keeps a warning in the status bar" wait_for 'TLS NOT VERIFIED' 5
press q
wait_for 'EXIT=0' 5 >/dev/null

start_shell 160 48 TERM=tmux-256color
type_line "$BIN --prometheus https://127.0.0.1:$(cat "$WORK/port")/canned; echo EXIT=\$?"
check "TLS to a server that does not speak it is named as a TLS failure" wait_for 'TLS' 8
press q
wait_for 'EXIT=0' 5 >/dev/null

# --- a failure after good data: the data stays, marked stale -----------------------------------
rm -f "$WORK/switch"
run switch
wait_for '\+Inf' 5 >/dev/null
touch "$WORK/switch"
check "when the server starts failing the panels say stale, with the reason" \
	wait_for "stale [0-9]+s: fault_server: status 500" 8 || { capture | grep stale | head -3 | sed "s/^/# /"; false; }
check "and keep showing the last good figures" shows '\+Inf'
check "the status bar counts the failing panels" shows '[1-9][0-9]* errors?'
rm -f "$WORK/switch"
check "when the server recovers the stale marks go" wait_gone 'stale' 40
press q
wait_for 'EXIT=0' 5 >/dev/null

# --- a panel with its own, slower refresh is not asked again before it is due ----------------
cat > "$WORK/slow.json" <<'JSON'
{"name": "slow", "title": "Slow", "rows": [{"height": 6, "panels": [
  {"title": "Hourly panel", "kind": "table", "refresh": 3600,
   "queries": [{"kpi": "x", "promql": "hourly"}]},
  {"title": "Every refresh", "kind": "table",
   "queries": [{"kpi": "x", "promql": "often"}]}]}]}
JSON
start_shell 160 48 TERM=tmux-256color
type_line "$BIN --prometheus $URL/switch --dashboard $WORK/slow.json --view slow --refresh 1; echo EXIT=\$?"
wait_for 'Every refresh' 5 >/dev/null
wait_for '\+Inf' 5 >/dev/null
touch "$WORK/switch"
check "the panel on the view's refresh goes stale when the server fails" \
	wait_for 'Every refresh[^┐]*stale' 8
check "the panel with \"refresh\": 3600 is not asked again, so it is not stale" \
	hides 'Hourly panel[^┐]*stale'
rm -f "$WORK/switch"
press q
wait_for 'EXIT=0' 5 >/dev/null

finish
