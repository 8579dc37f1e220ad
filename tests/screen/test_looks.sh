#!/usr/bin/env bash
# Screen tests of how kpidash looks and of the keys that change what it shows, as the README
# promises them: --theme dark, light, high-contrast and mono drawn as themes/*.theme say
# (read back cell by cell from tmux's capture with its escape sequences); --no-color and
# NO_COLOR=1 monochrome (no colour on the pane, no colour SGR in the bytes kpidash wrote)
# with each threshold still shown by symbol; --seed; the range steps of - and + with the
# figures --once prints for each range, each view keeping its own; r refreshing now; Ctrl-L
# repainting a spoilt screen.
# Expected figures come from kpidash --once with the same --clock and --seed, threshold
# levels from views/executive.json, colours from themes/*.theme.
# usage: test_looks.sh path/to/kpidash
set -u
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
. "$ROOT/tests/screen/lib.sh"
WORK="$(mktemp -d)"
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; lib_cleanup; rm -rf "$WORK"' EXIT
CLOCK="2026-11-23T12:00:00Z"
ARGS="--clock $CLOCK --refresh 1"
PROD="Productivity vs control"
AUTO="Automation rate"
GAP="Training-to-use gap"
DRIFT="Model drift (max PSI)"

# The reader of screens, theme files and dashboards (python3, as the test servers are).
cat >"$WORK/looks.py" <<'PY'
"""looks.py COMMAND ...: what test_looks.sh reads.

elements THEME ESC  stdin: lines TEXT|K|ELEMENT|WHAT. For each, a line ELEMENT|WANT|GOT:
                  the style the theme file THEME gives ELEMENT, and the style of the K-th
                  character of TEXT's first occurrence on ESC (tmux capture-pane -e), or
                  "missing". A style is "fg=F bg=B" (a colour number, or d for the
                  terminal's own) and " +ATTR" for each of bold dim reverse underline...
coloured          stdin: tmux capture-pane -e. How many cells have a colour of their own
sgr-colours FILE  how many SGR sequences in the raw bytes of FILE set a colour
panel TITLE       stdin: capture-pane. The inside of the box whose title is TITLE
level FILE TITLE VALUE  ok, warn, bad or none: what the thresholds of the panel TITLE in
                  dashboard FILE make of VALUE (a level holds when VALUE is strictly worse)
"""
import json
import re
import signal
import sys

signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # a reader that has seen enough (grep -q) ends us

ATTR_ON = {1: "bold", 2: "dim", 3: "italic", 4: "underline", 5: "blink", 7: "reverse",
           8: "hidden", 9: "strike"}
ATTR_OFF = {22: ("bold", "dim"), 23: ("italic",), 24: ("underline",), 25: ("blink",),
            27: ("reverse",), 28: ("hidden",), 29: ("strike",)}
NAMES = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
COLOUR_NAMES = {n: i for i, n in enumerate(NAMES)}
COLOUR_NAMES.update({"bright" + n: i + 8 for i, n in enumerate(NAMES)})
CSI = re.compile(r"\x1b\[([0-?]*)([ -/]*)([@-~])")


def sgr_params(text):
    """The numbers of an SGR's parameters (empty ones are 0; ':' separates like ';')."""
    return [int(x) if x else 0 for x in re.split("[;:]", text)] if text else [0]


def apply_sgr(state, p):
    """Update state (fg, bg, attrs) by the SGR parameters p; returns how many set a colour."""
    j, colours = 0, 0
    while j < len(p):
        n = p[j]
        if n == 0:
            state.update(fg="d", bg="d", attrs=set())
        elif n in ATTR_ON:
            state["attrs"].add(ATTR_ON[n])
        elif n in ATTR_OFF:
            state["attrs"] -= set(ATTR_OFF[n])
        elif 30 <= n <= 37 or 90 <= n <= 97:
            state["fg"] = str(n - 30 if n < 90 else n - 82)
            colours += 1
        elif 40 <= n <= 47 or 100 <= n <= 107:
            state["bg"] = str(n - 40 if n < 100 else n - 92)
            colours += 1
        elif n == 39:
            state["fg"] = "d"
        elif n == 49:
            state["bg"] = "d"
        elif n in (38, 48):
            key = "fg" if n == 38 else "bg"
            colours += 1
            if j + 2 < len(p) and p[j + 1] == 5:
                state[key] = str(p[j + 2])
                j += 2
            elif j + 4 < len(p) and p[j + 1] == 2:
                state[key] = "rgb(%d,%d,%d)" % tuple(p[j + 2:j + 5])
                j += 4
        j += 1
    return colours


def cells(data):
    """The pane's rows, each a list of (character, style); the state runs on across rows."""
    state = {"fg": "d", "bg": "d", "attrs": set()}
    rows, i = [[]], 0
    while i < len(data):
        c = data[i]
        if c == "\x1b":
            m = CSI.match(data, i)
            if m and m.group(3) == "m" and not m.group(2):
                apply_sgr(state, sgr_params(m.group(1)))
            i = m.end() if m else i + 2
            continue
        if c == "\n":
            rows.append([])
        else:
            rows[-1].append((c, style_text(state["fg"], state["bg"], state["attrs"])))
        i += 1
    return rows


def style_at(rows, text, k):
    """The style of the k-th character of text's first occurrence in rows, or "missing"."""
    for row in rows:
        at = "".join(c for c, _ in row).find(text)
        if at >= 0:
            return row[at + k][1]
    return "missing"


def style_text(fg, bg, attrs):
    return "fg=%s bg=%s%s" % (fg, bg, "".join(" +" + a for a in sorted(attrs)))


def colour_number(word):
    """A theme file's colour: default, a name, N or N/name (N where there are 256)."""
    word = word.split("/")[0]
    if word == "default":
        return "d"
    return str(COLOUR_NAMES[word]) if word in COLOUR_NAMES else str(int(word))


def theme_style(path, element):
    for line in open(path, encoding="utf-8"):
        words = line.split("#")[0].split()
        if words and words[0] == element:
            return style_text(colour_number(words[1]), colour_number(words[2]), words[3:])
    sys.exit("no element %s in %s" % (element, path))


def panel(screen, title):
    """The inside of the box whose top border holds "─ TITLE " (after a level's symbol)."""
    lines = screen.split("\n")
    for r, line in enumerate(lines):
        m = re.search("─ (?:[!✗X] )?(?:[▲▼^v] )?" + re.escape(title) + " ", line)
        if not m:
            continue
        at = m.start()
        left, right = line.rfind("┌", 0, at), line.find("┐", at)
        out = []
        for below in lines[r + 1:]:
            if len(below) <= right or below[left] == "└":
                break
            out.append(below[left + 1:right])
        return out
    return None


def level(path, title, value):
    for row in json.load(open(path, encoding="utf-8"))["rows"]:
        for p in row["panels"]:
            if p["title"] != title:
                continue
            t, d = p.get("thresholds"), p.get("direction", "up")
            if not t or d == "none":
                return "none"
            worse = (lambda a, b: a < b) if d == "up" else (lambda a, b: a > b)
            return "bad" if worse(value, t["bad"]) else "warn" if worse(value, t["warn"]) else "ok"
    sys.exit("no panel %r in %s" % (title, path))


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "elements":
        rows = cells(open(args[1], encoding="utf-8").read())
        for line in sys.stdin.read().splitlines():
            text, k, element, _ = line.split("|")
            print("%s|%s|%s" % (element, theme_style(args[0], element),
                                style_at(rows, text, int(k))))
        return 0
    if cmd == "coloured":
        print(sum(1 for row in cells(sys.stdin.read()) for _, s in row
                  if not s.startswith("fg=d bg=d")))
        return 0
    if cmd == "sgr-colours":
        data = open(args[0], "rb").read().decode("utf-8", "replace")
        state = {"fg": "d", "bg": "d", "attrs": set()}
        print(sum(apply_sgr(state, sgr_params(m.group(1))) for m in CSI.finditer(data)
                  if m.group(3) == "m" and not m.group(2) and not m.group(1)[:1] in "<=>?"))
        return 0
    if cmd == "panel":
        inside = panel(sys.stdin.read(), args[0])
        if inside is None:
            return 1
        print("\n".join(inside))
        return 0
    if cmd == "level":
        print(level(args[0], args[1], float(args[2])))
        return 0
    sys.exit("looks.py: unknown command " + cmd)


sys.exit(main())
PY
looks() {
	python3 "$WORK/looks.py" "$@"
}

# Column $1 of kpidash --once's line for the first query of panel $2 (options after).
once_col() {
	local col="$1" title="$2"
	shift 2
	"$BIN" --once --clock "$CLOCK" "$@" | awk -F'\t' -v c="$col" -v t="$title" \
		'$2 == t && $3 == "0" && $4 == "" { print $c; exit }'
}

# The figure --once prints for panel $1 (options after), as the screen formats it.
once_fig() {
	once_col 8 "$@"
}

# The inside of panel $1 on the pane now.
panel_text() {
	capture | looks panel "$1"
}

# True when panel $1 shows the figure $2 as a word of its own.
panel_shows() {
	panel_text "$1" | grep -qE -- "(^| )$(printf '%s' "$2" | sed 's/[.+$*?^()|[\]/\\&/g')( |$)"
}

# True as soon as the command after $1 succeeds, trying it until $1 seconds have passed.
within() {
	local until=$(($(date +%s%N) + $1 * 1000000000))
	shift
	until "$@"; do
		[ "$(date +%s%N)" -lt "$until" ] || return 1
		sleep 0.05
	done
}

# Wait until panel $1 shows figure $2, for at most $3 seconds (default 5).
wait_panel() {
	within "${3:-5}" panel_shows "$1" "$2"
}

# Start kpidash with ARGS and the options given in a fresh 160x48 pane (env assignments in
# $ENVS), its bytes recorded by script(1) into $WORK/$1.bytes.
launch() {
	local name="$1"
	shift
	# shellcheck disable=SC2086 # ENVS holds NAME=value words
	start_shell 160 48 TERM=tmux-256color ${ENVS:-}
	rm -f "$WORK/$name.bytes"
	type_line "script -qfc '$BIN $ARGS $*' $WORK/$name.bytes; echo EXIT=\$?"
}

# Quit kpidash and wait for the shell.
quit() {
	press q
	wait_for 'EXIT=0' 5 >/dev/null
}

# True when style $2 (what the theme says) is style $3 (what the pane shows of text $1);
# says what it was when not.
styled() {
	[ "$2" = "$3" ] && return 0
	echo "#   '$1' is drawn $3"
	return 1
}

# The executive figures at this clock and seed, and their levels by the dashboard's thresholds.
FIG_PROD="$(once_fig "$PROD" --view executive)"
FIG_GAP="$(once_fig "$GAP" --view executive)"
FIG_DRIFT="$(once_fig "$DRIFT" --view executive)"
LEVEL_PROD="$(looks level "$ROOT/views/executive.json" "$PROD" "$(once_col 6 "$PROD" --view executive)")"
LEVEL_GAP="$(looks level "$ROOT/views/executive.json" "$GAP" "$(once_col 6 "$GAP" --view executive)")"
LEVEL_DRIFT="$(looks level "$ROOT/views/executive.json" "$DRIFT" "$(once_col 6 "$DRIFT" --view executive)")"
echo "# --once at $CLOCK: $PROD $FIG_PROD ($LEVEL_PROD), $GAP $FIG_GAP ($LEVEL_GAP), $DRIFT $FIG_DRIFT ($LEVEL_DRIFT)"
check "the demo at this clock has a figure at each level: ok, warn and bad" \
	[ "$LEVEL_PROD/$LEVEL_GAP/$LEVEL_DRIFT" = "ok/warn/bad" ]
# A threshold's symbol before the figure (README: "still shows each threshold by symbol").
declare -A SYMBOL=([ok]="" [warn]="! " [bad]="✗ ")

# What each theme element is seen on: TEXT K ELEMENT WHAT, one a line.
ELEMENTS="demo seed|0|status|the status bar
1 Executive|0|tab_active|the active tab
2 Operations|0|tab|an inactive tab
ROI|0|focus|the focused panel's title
$PROD|0|title|a panel's title
┌─ $PROD|0|border|a panel's border
${SYMBOL[$LEVEL_PROD]}$FIG_PROD|0|$LEVEL_PROD|a figure at $LEVEL_PROD
${SYMBOL[$LEVEL_GAP]}$FIG_GAP|0|$LEVEL_GAP|a figure at $LEVEL_GAP, with its symbol
${SYMBOL[$LEVEL_DRIFT]}$FIG_DRIFT|0|$LEVEL_DRIFT|a figure at $LEVEL_DRIFT, with its symbol
target |0|muted|muted text (the SLA target)
│      |3|normal|the inside of a panel"

# Check every element of $ELEMENTS on the escape capture $2 against themes/$3.theme; $1 says
# which run it is.
elements_as_theme() {
	local run="$1" esc="$2" theme="$3" text what element want got
	looks elements "$ROOT/themes/$theme.theme" "$esc" <<<"$ELEMENTS" >"$esc.styles"
	while IFS='|' read -r text _ _ what && IFS='|' read -r element want got <&3; do
		check "$run: $what is drawn as themes/$theme.theme has $element ($want)" \
			styled "$text" "$want" "$got"
	done <<<"$ELEMENTS" 3<"$esc.styles"
}

# The executive view with its figures: the one the checks after it mean to read.
arrived() {
	wait_for 'demo seed 42' 5 && wait_panel "$PROD" "$FIG_PROD" 5 &&
		wait_panel "$GAP" "${SYMBOL[$LEVEL_GAP]}$FIG_GAP" 2 && sleep 0.3
}

# --- themes ------------------------------------------------------------------------------
for theme in dark light high-contrast mono; do
	launch "$theme" --theme "$theme"
	check "--theme $theme: the executive view arrives with --once's figures" arrived
	capture_escapes >"$WORK/$theme.esc"
	elements_as_theme "--theme $theme" "$WORK/$theme.esc" "$theme"
	quit
done
check "--theme mono, on a terminal with colours, draws with attributes only: no cell coloured" \
	[ "$(looks coloured <"$WORK/mono.esc")" = 0 ]
# True when every number given is over 1000.
all_over_1000() {
	local n
	for n in "$@"; do [ "$n" -gt 1000 ] || return 1; done
}
COLOURED="$(looks coloured <"$WORK/dark.esc") $(looks coloured <"$WORK/light.esc") $(looks coloured <"$WORK/high-contrast.esc")"
# shellcheck disable=SC2086 # three numbers
check "the colour themes do colour the pane (dark, light, high-contrast: $COLOURED cells)" \
	all_over_1000 $COLOURED
DARK_SGR="$(looks sgr-colours "$WORK/dark.bytes")"
check "the bytes of a colour run set colours by SGR ($DARK_SGR times): the count below can see them" \
	[ "$DARK_SGR" -gt 20 ]

# --- no colour ---------------------------------------------------------------------------
# Without colour every theme falls back to mono's attributes (themes/mono.theme says so).
launch no-color --no-color
check "--no-color: the executive view arrives with --once's figures" arrived
capture_escapes >"$WORK/no-color.esc"
check "--no-color: no cell of the pane has a colour" [ "$(looks coloured <"$WORK/no-color.esc")" = 0 ]
NC_SGR="$(looks sgr-colours "$WORK/no-color.bytes")"
check "--no-color: kpidash wrote no colour SGR at all (38;5, 3x, 4x...: $NC_SGR)" [ "$NC_SGR" = 0 ]
# The warn and bad figures carry their symbols in their own panels.
symbols_shown() {
	panel_shows "$GAP" "${SYMBOL[$LEVEL_GAP]}$FIG_GAP" &&
		panel_shows "$DRIFT" "${SYMBOL[$LEVEL_DRIFT]}$FIG_DRIFT"
}
check "--no-color still shows each threshold by symbol: ${SYMBOL[$LEVEL_GAP]}$FIG_GAP and ${SYMBOL[$LEVEL_DRIFT]}$FIG_DRIFT" \
	symbols_shown
elements_as_theme "--no-color" "$WORK/no-color.esc" mono
quit

launch no-color-hc --no-color --theme high-contrast
check "--no-color --theme high-contrast: the view arrives" arrived
check "--no-color beats --theme: still no colour on the pane" [ "$(looks coloured < <(capture_escapes))" = 0 ]
quit

ENVS="NO_COLOR=1" launch no-color-env
check "NO_COLOR=1: the executive view arrives with --once's figures" arrived
capture_escapes >"$WORK/no-color-env.esc"
check "NO_COLOR=1: kpidash wrote no colour SGR ($(looks sgr-colours "$WORK/no-color-env.bytes"))" \
	[ "$(looks sgr-colours "$WORK/no-color-env.bytes")" = 0 ]
check "NO_COLOR=1 draws exactly what --no-color draws, attributes and all" \
	cmp -s "$WORK/no-color.esc" "$WORK/no-color-env.esc"
quit

# --- seeds -------------------------------------------------------------------------------
# The pane but its status line: tabs, panels' names, figures and charts, not the data's age.
panels_now() {
	capture | sed '$d'
}
# The status bar names seed $1 and panel $PROD shows $2.
seed_shown() {
	wait_for "demo seed $1 " 5 && wait_panel "$PROD" "$2" 5
}
for run in 7a 7b 8; do
	seed="${run%[ab]}"
	want="$(once_fig "$PROD" --view executive --seed "$seed")"
	launch "seed$run" --seed "$seed"
	check "--seed $seed (run $run): the status bar names it and $PROD shows --once --seed $seed's $want" \
		seed_shown "$seed" "$want"
	sleep 0.3
	panels_now >"$WORK/seed$run.txt"
	quit
done
check "the same seed twice gives the same screen (all but the status line)" \
	cmp -s "$WORK/seed7a.txt" "$WORK/seed7b.txt"
# The figures of a saved screen (below its tab line), in reading order, one line.
figures_of() {
	sed 1d "$1" | grep -oE '[-+]?[0-9][0-9.,]*(%|pp|ms|/h)?' | tr '\n' ' '
}
FIGS7="$(figures_of "$WORK/seed7a.txt")"
FIGS8="$(figures_of "$WORK/seed8.txt")"
# True when $1 is not empty and differs from $2.
differ() {
	[ -n "$1" ] && [ "$1" != "$2" ]
}
check "two seeds give different figures (seed 7: ${FIGS7:0:50}..., seed 8: ${FIGS8:0:50}...)" \
	differ "$FIGS7" "$FIGS8"

# --- the range steps ---------------------------------------------------------------------
declare -A R_PROD R_AUTO
for r in 1h 6h 24h 7d 30d; do
	R_PROD[$r]="$(once_fig "$PROD" --view executive --range "$r")"
	R_AUTO[$r]="$(once_fig "$AUTO" --view executive --range "$r")"
done
echo "# --once --range: $(for r in 1h 6h 24h 7d 30d; do printf '%s %s/%s  ' "$r" "${R_PROD[$r]}" "${R_AUTO[$r]}"; done)"

# The status bar says range $1 and both panels show --once --range $1's figures.
at_range() {
	wait_for "range $1," 3 && wait_panel "$PROD" "${R_PROD[$1]}" 3 &&
		wait_panel "$AUTO" "${R_AUTO[$1]}" 3
}

# Range $1 is on screen after range $2: when they are not the same step, their figures
# differ (so that the screen tells them apart).
range_after() {
	{ [ "$1" = "$2" ] || [ "${R_PROD[$1]}/${R_AUTO[$1]}" != "${R_PROD[$2]}/${R_AUTO[$2]}" ]; } &&
		at_range "$1"
}

# Press key $1; range $2 must follow range $3.
step() {
	press -- "$1"
	sleep 0.3
	check "$1 after range $3 gives range $2: status bar and figures ($PROD ${R_PROD[$2]}, $AUTO ${R_AUTO[$2]}) as --once --range $2" \
		range_after "$2" "$3"
}

# The executive view at its own range, 7d (README: "executive at 7 days").
opens_at_7d() {
	arrived && at_range 7d
}
launch range
check "the executive view opens at its own range, 7d, with --once --range 7d's figures" opens_at_7d
step - 24h 7d
step - 6h 24h
step - 1h 6h
step - 1h 1h
step + 6h 1h
step + 24h 6h
step + 7d 24h
step + 30d 7d
step + 30d 30d
# README: "each view keeps its own" range.
# The operations view is in front (its queue chart is drawn) at range $1.
operations_at() {
	wait_for 'Queue length by queue' 3 && wait_for "range $1," 3
}
press 2
check "the operations view keeps its own range meanwhile: 1h" operations_at 1h
press 1
check "and back on the executive view its range is still 30d, with 30d's figures" at_range 30d
quit

# --- Ctrl-L ------------------------------------------------------------------------------
launch redraw
check "Ctrl-L: the executive view arrives" arrived
FRAME="$(capture)"
capture_escapes >"$WORK/frame.esc"
TTY="$(t display -p -t main '#{pane_tty}')"
printf '\033[0m\033[2J\033[HSCRIBBLE' >"$TTY"
# The scribble is on the pane and the dashboard is not.
scribbled() {
	wait_for '^SCRIBBLE' 3 && hides "$PROD" && hides 'demo seed'
}
# The pane's text is $FRAME again.
repainted() {
	[ "$(capture)" = "$FRAME" ]
}
# The pane's colours and attributes are those of the frame before, cell for cell.
same_escapes() {
	capture_escapes | cmp -s "$WORK/frame.esc" -
}
check "something else wrote over the terminal: the dashboard is gone from the pane" scribbled
sleep 1.5
check "with nothing changed, kpidash does not repaint by itself (after 1.5 s, refresh 1 s)" \
	scribbled
press C-l
check "Ctrl-L repaints the whole screen: the same text as before" within 3 repainted
check "and the same colours and attributes as before" same_escapes
quit

# --- r ------------------------------------------------------------------------------------
# A Prometheus whose every answer is new (tests/servers/record_server.py --changing: value
# 100 + n for the n-th answer), a view of one stat panel, and a refresh of 10 minutes.
python3 "$ROOT/tests/servers/record_server.py" --port-file "$WORK/record.port" --changing \
	--value 100 --log "$WORK/record.log" 2>"$WORK/record.err" &
SERVER_PID=$!
for _ in $(seq 100); do [ -s "$WORK/record.port" ] && break; sleep 0.05; done
cat >"$WORK/asked.json" <<'JSON'
{"name": "asked", "title": "Asked", "rows": [{"height": 6, "panels": [
  {"title": "Answers", "kind": "stat", "unit": "count",
   "queries": [{"kpi": "tasks_completed", "promql": "sum(kpi_tasks_completed_total)"}]}]}]}
JSON
# How many query_range requests the server has answered.
asked() {
	local n
	n="$(grep -c '"/api/v1/query_range"' "$WORK/record.log" 2>/dev/null)"
	echo "${n:-0}"
}
# The whole number panel Answers shows now (empty when none).
answer_now() {
	panel_text Answers | grep -oE '(^| )[0-9]+( |$)' | tr -d ' ' | head -n 1
}
# True when the panel shows a figure above $1.
answer_above() {
	local n
	n="$(answer_now)"
	[ -n "$n" ] && [ "$n" -gt "$1" ]
}
# The panel shows a figure of the server's (100 and up) and the status bar names it.
answered() {
	within 5 answer_above 99 && wait_for 'Prometheus 2.42.0' 3
}
# Nothing was asked since $1 queries, and the panel still shows $2.
held() {
	[ -n "$2" ] && [ "$(asked)" = "$1" ] && [ "$(answer_now)" = "$2" ]
}
# More than $1 queries have been asked.
asked_more_than() {
	[ "$(asked)" -gt "$1" ]
}
ARGS="--prometheus http://127.0.0.1:$(cat "$WORK/record.port") --refresh 600" \
	launch refresh --dashboard "$WORK/asked.json" --view asked
check "r: the view of the changing server arrives with a figure of its (100 and up)" answered
sleep 0.5
BEFORE="$(answer_now)"
N0="$(asked)"
sleep 2
check "with --refresh 600 nothing is asked again by itself: $N0 queries, figure $BEFORE, 2 s later" \
	held "$N0" "$BEFORE"
press r
check "r asks the server again at once (more than $N0 queries within 2 s)" \
	within 2 asked_more_than "$N0"
check "and the panel shows the new answer, not $BEFORE" within 2 answer_above "${BEFORE:-0}"
quit

finish
