#!/usr/bin/env bash
# Screen tests: the real kpidash in tmux, read as a person would read it.
# usage: test_kpidash.sh path/to/kpidash
set -u
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
. "$(dirname "$0")/lib.sh"
WORK="$(mktemp -d)"
trap 'lib_cleanup; rm -rf "$WORK"' EXIT
ARGS="--clock 2026-11-23T12:00:00Z --refresh 1"

# Launch kpidash from the shell, remembering the tty modes before, and report its exit.
launch() {
	type_line "stty -a > $WORK/stty.before; echo MARK-BEFORE; $BIN $ARGS $*; echo EXIT=\$?; stty -a > $WORK/stty.after"
}

# The terminal is back: shell text visible, main screen, same tty modes, exit status $1.
restored() {
	wait_for "EXIT=$1" 5 && shows 'MARK-BEFORE' && ! alternate_on &&
		sleep 0.2 && cmp -s "$WORK/stty.before" "$WORK/stty.after"
}

# True when $1 lies strictly between $2 and $3.
between() {
	[ "$1" -gt "$2" ] && [ "$1" -lt "$3" ]
}

# True when the pane is exactly the text $1; shows the difference when not.
same_as() {
	local now
	now="$(capture)"
	[ "$1" = "$now" ] && return 0
	diff <(printf '%s\n' "$1") <(printf '%s\n' "$now") | head -n 20 | sed 's/^/#   /'
	return 1
}

# True when the pane, its lines joined by spaces, shows the fixed string $1 (wrapped text).
shows_wrapped() {
	capture | tr -s ' \n' '  ' | grep -qF -- "$1"
}

# True when the pane shows Braille dots (U+2801..U+28FF), the chart's pixels.
braille_dots() {
	capture | grep -qP '[\x{2801}-\x{28FF}]'
}

# True when the pane holds nothing outside printable ASCII.
ascii_only() {
	! capture | LC_ALL=C grep -q '[^ -~]'
}

# True when the pane's escape sequences set no colour.
colourless() {
	! capture_escapes | grep -Eq $'\e\\[[0-9;]*(3[0-7]|4[0-7]|38;5|48;5|9[0-7]|10[0-7])[;m]'
}

# True when line $1 of the pane holds the fixed string $2.
line_shows() {
	capture | sed -n "${1}p" | grep -qF -- "$2"
}

# Every line of the pane fits the width, counted in characters.
no_line_longer_than() {
	local line
	while IFS= read -r line; do
		[ "${#line}" -le "$1" ] || return 1
	done < <(capture)
}

# --- the executive view at 160x48 -------------------------------------------
start_shell 160 48 TERM=tmux-256color
launch
check "executive view appears" wait_for 'Executive' 5
check "executive panels are named" shows_all 'ROI' 'Productivity vs control' 'AI adoption' \
	'Value vs cost' 'SLA compliance' 'Model drift' 'Training-to-use gap' 'Adoption by team'
check "figures are formatted as percentages" shows '[0-9]+(\.[0-9])?%'
check "a change is shown in percentage points" shows '[+-][0-9]+\.[0-9]pp'
check "charts are drawn in Braille" braille_dots
check "the status bar names the source and the executive's own range" shows 'demo seed 42.*range 7d'
check "the status bar shows key hints" shows '\? help  q quit'
check "the tab line lists the four views" shows '1 Executive.*2 Operations.*3 Model health.*4 HR adoption'
FIRST="$(capture)"

# --- switching views ---------------------------------------------------------
press 2
check "2 shows the operations view" wait_for 'Queue length by queue' 3
check "operations panels are named" shows_all 'Top exception reasons' 'Handle time' 'Queues now' 'Wait time' 'Rework rate' 
check "durations read as minutes and seconds" shows '[0-9]+m[0-9]{2}s'
press 3
check "3 shows the model health view" wait_for 'Latency p50 / p95 / p99' 3
check "model panels are named" shows_all 'p99 latency' 'Drift by feature' 'Error budget left' 'Quality' 'Human override' 
check "latency shows in milliseconds" shows '[0-9]+ms'
press 4
check "4 shows the HR adoption view" wait_for 'Training completion' 3
check "HR panels are named" shows_all 'eNPS' 'Teams: training vs use' 'Adoption by segment' 'Training-to-use gap' 
press Tab
check "Tab wraps from the last view to the first" wait_for 'Value vs cost' 3
press BTab
check "Shift-Tab goes back to the last view" wait_for 'Training completion' 3
press 1
wait_for 'Value vs cost' 3 >/dev/null
check "coming back to a view shows the same figures" same_as "$FIRST"

# --- help ----------------------------------------------------------------------
press '?'
check "? opens the help overlay" wait_for 'kpidash keys' 3
check "help lists every action of the keymap" shows_all 'show or hide this help' 'quit' \
	'executive view' 'next view' 'previous view' 'focus the panel below' 'refresh now' 'longer time range'
press Escape
check "Esc closes the help" wait_gone 'kpidash keys' 3
check "the view is whole again after help" same_as "$FIRST"

# --- about a panel ---------------------------------------------------------------------------
press i
check "i tells what the focused panel shows, with its KPI and PromQL" wait_for 'KPI +roi' 3
check "the panel's description is there" shows 'value credited to AI'
press Escape
check "Esc closes it" wait_gone 'KPI +roi' 3
sleep 0.3

# --- resize --------------------------------------------------------------------
resize 80 24
check "after a resize to 80x24 the view is redrawn" wait_for 'ROI' 3
sleep 0.3
check "at 80x24 every line fits" no_line_longer_than 80
check "at 80x24 the status bar is on the last line" line_shows 24 'q quit'
check "at 80x24 the stat figures are shown" shows '[0-9]+(\.[0-9])?%'
resize 40 12
sleep 0.3
check "below the minimum a clear message" shows_wrapped 'terminal too small: need 60x16, have 40x12'
resize 160 48
check "back at 160x48 the full view returns" wait_for 'Value vs cost' 3
sleep 0.3
check "back at 160x48 the screen equals the first frame" same_as "$FIRST"

# --- range and refresh -------------------------------------------------------------
press -- -
check "- shortens the range to 24h" wait_for 'range 24h' 3
press +
check "+ lengthens it back to 7d" wait_for 'range 7d' 3

# --- quitting ------------------------------------------------------------------------
press q
check "q exits with status 0 and restores the terminal" restored 0

# Start kpidash afresh, do $2 to it (a command), and check it gives the terminal back
# with exit status $3; $1 names the check.
ends_restored() {
	start_shell 100 30 TERM=tmux-256color
	launch
	wait_for 'Executive' 5 >/dev/null
	eval "$2"
	check "$1" restored "$3"
}

ends_restored "SIGHUP (a dropped SSH session) restores the terminal" \
	'kill -HUP "$(pane_pid_of kpidash)"' 0
ends_restored "SIGTERM restores the terminal" 'kill -TERM "$(pane_pid_of kpidash)"' 0
ends_restored "Ctrl-C restores the terminal" 'press C-c' 0
ends_restored "a crash (SIGSEGV) restores the terminal, then dies of it" \
	'kill -SEGV "$(pane_pid_of kpidash)"' 139
ends_restored "an abort (SIGABRT) restores the terminal, then dies of it" \
	'kill -ABRT "$(pane_pid_of kpidash)"' 134

# Ctrl-Z hands the terminal back to a shell with job control; fg takes it again.
TEST_SHELL=bash start_shell 100 30 TERM=tmux-256color
launch
wait_for 'Executive' 5 >/dev/null
press C-z
check "Ctrl-Z stops kpidash and the shell says so" wait_for 'Stopped' 3
check "while stopped the pane is back on the main screen" main_screen
type_line "stty -a > $WORK/stty.stopped; cmp -s $WORK/stty.before $WORK/stty.stopped && echo MODES-SAME"
check "the tty modes while stopped are the shell's own" wait_for '^MODES-SAME' 3
type_line "fg"
check "fg brings the dashboard back whole" wait_for 'Value vs cost' 3
press 2
check "and it answers keys again" wait_for 'Queue length by queue' 3
press q
sleep 0.3
type_line "stty -a > $WORK/stty.end; cmp -s $WORK/stty.before $WORK/stty.end && echo MODES-AT-END"
check "q after a suspend still restores the terminal" wait_for '^MODES-AT-END' 3
check "and leaves the main screen" main_screen

# --- ASCII and no colour -----------------------------------------------------------------
start_shell 120 36 TERM=tmux-256color
launch --ascii
wait_for 'Executive' 5 >/dev/null
sleep 0.3
check "--ascii draws nothing outside ASCII" ascii_only
check "--ascii still shows figures and charts" shows '[0-9]+(\.[0-9])?%'
press q
wait_for 'EXIT=0' 5 >/dev/null

start_shell 120 36 TERM=tmux-256color NO_COLOR=1
launch
wait_for 'Executive' 5 >/dev/null
sleep 0.3
check "NO_COLOR gives a screen without colours" colourless
check "NO_COLOR still marks status by symbol" shows '[!✗]|X '
press q
wait_for 'EXIT=0' 5 >/dev/null

TEST_LANG=C start_shell 100 30 TERM=tmux-256color
launch
wait_for 'Executive' 5 >/dev/null
sleep 0.3
check "a non-UTF-8 locale falls back to ASCII" ascii_only
press q
wait_for 'EXIT=0' 5 >/dev/null

# --- determinism ---------------------------------------------------------------------------
start_shell 160 48 TERM=tmux-256color
launch
wait_for 'Value vs cost' 5 >/dev/null
sleep 0.3
check "the same seed and clock give the same screen" same_as "$FIRST"
press q
wait_for 'EXIT=0' 5 >/dev/null

# --- an idle dashboard writes nothing ----------------------------------------------------
# With the clock fixed nothing changes: after the first frames, refreshes every 0.2 s
# must send no byte at all to the terminal (script(1) records every byte written).
start_shell 120 36 TERM=tmux-256color
type_line "script -qfc '$BIN --clock 2026-11-23T12:00:00Z --refresh 0.2' $WORK/tty.log; echo EXIT=\$?"
wait_for 'Value vs cost' 5 >/dev/null
sleep 1
idle_from=$(stat -c %s "$WORK/tty.log")
sleep 2
idle_to=$(stat -c %s "$WORK/tty.log")
check "idle, 10 refreshes write 0 bytes to the terminal (wrote $((idle_to - idle_from)))" \
	[ "$idle_to" -eq "$idle_from" ]
press 2
wait_for 'Queue length by queue' 3 >/dev/null
sleep 0.5
switched=$(stat -c %s "$WORK/tty.log")
check "a view switch redraws the screen in a few kB ($((switched - idle_to)) bytes)" \
	between $((switched - idle_to)) 500 20000
press q
wait_for 'EXIT=0' 5 >/dev/null

# --- the user's own dashboards ------------------------------------------------------------------
mkdir -p "$WORK/xdg/kpidash/dashboards"
cat > "$WORK/mine.json" <<'JSON'
{"name": "executive", "title": "Exec (mine)", "rows": [{"height": 5, "panels": [
  {"title": "My adoption", "kind": "stat", "unit": "ratio", "queries": [{"kpi": "adoption_rate"}]}]}]}
JSON
cat > "$WORK/xdg/kpidash/dashboards/sales.json" <<'JSON'
{"name": "sales", "title": "Sales", "rows": [{"height": 5, "panels": [
  {"title": "Tasks done", "kind": "stat", "unit": "count", "queries": [{"kpi": "tasks_completed"}]}]}]}
JSON
start_shell 120 36 TERM=tmux-256color XDG_CONFIG_HOME="$WORK/xdg"
launch --dashboard "$WORK/mine.json"
check "--dashboard replaces the shipped view of the same name" wait_for '1 Exec \(mine\)' 5
check "its panel is drawn from the demo" wait_for 'My adoption' 3
check "a dashboard in \$XDG_CONFIG_HOME/kpidash/dashboards adds a view" shows '5 Sales'
press BTab
check "and Shift-Tab from the first view reaches it" wait_for 'Tasks done' 3
press q
wait_for 'EXIT=0' 5 >/dev/null
printf '{"name": "x", "title": "X", "rows": [{"panels": [{"title": "A", "kind": "stat", "unit": "furlongs", "queries": [{"kpi": "roi"}]}]}]}\n' > "$WORK/broken.json"
type_line "$BIN --dashboard $WORK/broken.json; echo EXIT=\$?"
check "a broken dashboard stops kpidash before the screen, naming file and field" \
	wait_for "broken.json.*rows\[0\]\.panels\[0\]\.unit: unknown unit 'furlongs'" 3
check "with exit status 2" wait_for 'EXIT=2' 3

# --- bad input ------------------------------------------------------------------------------
start_shell 100 30 TERM=tmux-256color
type_line "$BIN --view nosuch; echo EXIT=\$?"
check "an unknown view is refused with the names there are" wait_for "no view named 'nosuch' \(have: executive operations model hr\)" 3
check "and exits 2" wait_for 'EXIT=2' 3
type_line "$BIN --range forever; echo EXIT=\$?"
check "a malformed range is refused" wait_for "--range: expected a duration" 3
type_line "TERM=nosuchterm $BIN; echo EXIT=\$?"
check "an unknown terminal type is refused clearly" wait_for "unknown terminal type 'nosuchterm'" 3
type_line "$BIN < /dev/null | cat; echo EXIT=\$?"
check "without a terminal it says so instead of drawing" wait_for 'not a terminal' 3

finish
