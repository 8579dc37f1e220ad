#!/usr/bin/env bash
# Screen tests of time on the dashboard: a panel's figure is computed over the window the
# panel declares, so it reads the same at 80x24, 160x48 and 300x90, on the demo (as
# `kpidash --once` prints it) and on a real Prometheus (as the engine itself answers,
# check_figures.py --text); b cycles what the change lines compare with (the window
# before, yesterday, last week), [ and ] pan by half the range and 0 comes back to now;
# each view opens at its own range (executive 7d, operations 1h, model 6h, HR 30d) and
# keeps it through - and +, --range sets them all; the status line keeps its range
# segment whole at 80x24.
#
# Every expected figure comes from outside the screen: kpidash --once with the same
# --seed and a --clock moved by hand (the demo), or the engine's own answer to the view's
# PromQL (check_figures.py); expected change texts are the difference of two --once
# figures, formatted by the rule tui/format.c documents; expected times come from date(1).
# Each check first finds the screen it means: the view's tab drawn active (its style on
# tmux's capture), the status line's range, and the figure inside the box of the panel
# meant (check_figures.py --in-panel), not elsewhere on the screen.
#
# At 80x24 a panel may be too narrow for its title: it is then found by the title as its
# box draws it, cut to "Prefix…", which must name one box only (so HR's "Training
# completion" and "Training-to-use gap", both "Trainin…" there, are not among the panels
# read). ROI is a bignum: its figure is text only at 80x24 (block digits when larger), so
# it is read at 80x24 alone.
# usage: test_when.sh path/to/kpidash
set -u
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
. "$ROOT/tests/screen/lib.sh"
WORK="$(mktemp -d)"
ENG="$WORK/engines"
trap '[ -d "$ENG" ] && "$ROOT/tests/engines/stop.sh" "$ENG" >/dev/null 2>&1; lib_cleanup; rm -rf "$WORK"' EXIT
FIG="$ROOT/tests/engines/check_figures.py"
CLOCK="2026-11-23T12:00:00Z"
T=$(date -u -d "$CLOCK" +%s)
DEMO="--clock $CLOCK --seed 42"
SIZES="80x24 160x48 300x90"
TABS=("1 Executive" "2 Operations" "3 Model health" "4 HR adoption")

cat >"$WORK/when.py" <<'PY'
"""when.py COMMAND ...: what test_when.sh reads off a screen.

tab LABEL...     stdin: tmux capture-pane -e. The LABEL on the first line drawn in a style
                 no other LABEL has: the active tab. Exit 1 unless exactly one is.
title TITLE      stdin: capture-pane. The title as a box draws it: TITLE whole, or cut to
                 "PREFIX…" in a narrow box. Exit 1 when no box, or more than one, shows it.
change TITLE     stdin: capture-pane. The change text of the box TITLE (as drawn): the word
                 after its arrow (▲ ▼ ▶). Exit 1 when there is none.
pp NOW THEN DEC  the change of a ratio from THEN to NOW as tui/format.c documents it:
                 percentage points, signed (zero as +), DEC decimals, one significant
                 digit when that would read 0.
"""
import re
import sys

CSI = re.compile(r"\x1b\[([0-?]*)([ -/]*)([@-~])")


def styled(line):
    """The characters of one captured line with the SGR state each is drawn in."""
    out, state, i = [], (), 0
    while i < len(line):
        if line[i] == "\x1b":
            m = CSI.match(line, i)
            if m and m.group(3) == "m":
                params = [p for p in re.split("[;:]", m.group(1))] if m.group(1) else ["0"]
                if params and params[0] in ("", "0"):
                    state = ()
                    params = params[1:]
                state = state + tuple(params)
            i = m.end() if m else i + 2
            continue
        out.append((line[i], state))
        i += 1
    return out


def tab(labels, screen):
    cells = styled(screen.split("\n")[0])
    text = "".join(c for c, _ in cells)
    styles = {}
    for label in labels:
        at = text.find(label)
        if at < 0:
            return 1
        styles[label] = cells[at][1]
    odd = [l for l in labels if sum(styles[m] == styles[l] for m in labels) == 1]
    if len(odd) != 1:
        return 1
    print(odd[0])
    return 0


def boxes(title, screen):
    """(line index, left, right, title as drawn) of each box whose title is TITLE."""
    lines, found = screen.split("\n"), []
    for i, line in enumerate(lines):
        for m in re.finditer(r"┌─ (?:[!✗] )?(?:[▲▼] )?(.+?) ─+┐", line):
            drawn = m.group(1)
            if drawn == title or (drawn.endswith("…") and len(drawn) > 3 and
                                  title.startswith(drawn[:-1]) and drawn[:-1] != title):
                found.append((i, m.start(), m.end() - 1, drawn))
    return lines, found


def title(name, screen):
    _, found = boxes(name, screen)
    if len(found) != 1:
        return 1
    print(found[0][3])
    return 0


def change(name, screen):
    lines, found = boxes(name, screen)
    if len(found) != 1:
        return 1
    i, left, right, _ = found[0]
    for body in lines[i + 1:]:
        if body[left:left + 1] != "│":
            break
        m = re.search(r"[▲▼▶] (\S+)", body[left + 1:right])
        if m:
            print(m.group(1))
            return 0
    return 1


def pp(now, then, dec):
    x = (float(now) - float(then)) * 100
    num = "%.*f" % (int(dec), abs(x))
    if float(num) == 0 and x != 0:
        num = "%.1g" % abs(x)
    print(("-" if x < 0 and float(num) != 0 else "+") + num + "pp")
    return 0


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "pp":
        return pp(*args)
    screen = sys.stdin.read()
    if cmd == "tab":
        return tab(args, screen)
    return {"title": title, "change": change}[cmd](args[0], screen)


if __name__ == "__main__":
    sys.exit(main())
PY

when() {
	python3 "$WORK/when.py" "$@"
}

# The label of the tab drawn active now ("2 Operations"), or nothing.
active_tab() {
	capture_escapes | when tab "${TABS[@]}"
}

# The status line (the pane's last line) now.
status_line() {
	capture | tail -n 1
}

# True when the status line holds the fixed string $1.
status_has() {
	status_line | grep -qF -- "$1"
}

# Run the command after $1 until it succeeds or $1 seconds of wall time have passed (each
# try reads the screen afresh, and keeps it for a failure's report).
within() {
	local until_us=$((${EPOCHREALTIME/./} + $1 * 1000000))
	shift
	while :; do
		capture >/dev/null
		"$@" && return 0
		[ "${EPOCHREALTIME/./}" -lt "$until_us" ] || return 1
		sleep 0.05
	done
}

# Wait up to $2 seconds (default 5) for the status line to hold $1.
status_reads() {
	within "${2:-5}" status_has "$1"
}

# True when tab $1 ("2 Operations") is the active one and the status line holds $2.
tab_and_status() {
	[ "$(active_tab)" = "$1" ] && status_has "$2"
}

# True, within 5 seconds, when tab $1 ("2 Operations") is the active one and the status
# line holds $2 (its range segment): the screen is that view, at that time.
view_is() {
	within 5 tab_and_status "$1" "$2"
}

# The text --once printed (file $1) for the first figure of panel $3 of view $2.
once_text() {
	awk -F'\t' -v v="$2" -v p="$3" '$1 == v && $2 == p && $3 == 0 { print $8; exit }' "$1"
}

# Its value (6th column).
once_value() {
	awk -F'\t' -v v="$2" -v p="$3" '$1 == v && $2 == p && $3 == 0 { print $6; exit }' "$1"
}

# True when the panel titled $1 shows the figure $2 inside its own box now; the box is found
# by its title as drawn (whole, or cut to "Prefix…"), which must name one box only.
panel_shows() {
	local s drawn
	s="$(capture)"
	drawn=$(printf '%s\n' "$s" | when title "$1") &&
		printf '%s\n' "$s" | python3 "$FIG" --in-panel "$drawn" "$2" || return 1
	[ "$drawn" = "$1" ] || echo "# (found by its title as drawn: '$drawn')"
}

# True when panel $1 shows the figure $2 within $3 seconds (default 5). An empty figure
# (none computed) fails.
panel_reads() {
	[ -n "$2" ] || return 1
	within "${3:-5}" panel_shows "$1" "$2"
}

# True when panel $1 reads $2 and no longer $3.
moved_to() {
	panel_reads "$1" "$2" && panel_lacks "$1" "$3"
}

# True when panel $1 reads $2 with the change $3.
reads_and_changes() {
	panel_reads "$1" "$2" && change_reads "$1" "$3"
}

# True when the panel titled $1 does not show $2 (the figure moved away from it).
panel_lacks() {
	local s drawn
	s="$(capture)"
	drawn=$(printf '%s\n' "$s" | when title "$1") &&
		! printf '%s\n' "$s" | python3 "$FIG" --in-panel "$drawn" "$2"
}

# True when the change text of panel $1 is $2 now.
change_is() {
	[ "$(capture | when change "$1")" = "$2" ]
}

# True when the change text of panel $1 is $2 (within 5 seconds).
change_reads() {
	[ -n "$2" ] || return 1
	within 5 change_is "$1" "$2"
}

# Every change text on the screen, in reading order, one line.
all_changes() {
	capture | grep -o '[▲▼▶] [^ │]*' | tr '\n' ' '
}

# True when the pane is exactly the text $1; shows the difference when not.
same_as() {
	local now
	now="$(capture)"
	[ "$1" = "$now" ] && return 0
	diff <(printf '%s\n' "$1") <(printf '%s\n' "$now") | head -n 20 | sed 's/^/#   /'
	return 1
}

# True when $1 and $2 differ and both are set.
differ() {
	[ -n "$1" ] && [ -n "$2" ] && [ "$1" != "$2" ]
}

# Start kpidash at W x H ($1, "80x24") with the arguments after.
open_at() {
	start_shell "${1%x*}" "${1#*x}" TERM=tmux-256color
	shift
	type_line "$BIN --refresh 1 $*; echo EXIT=\$?"
}

# Quit kpidash and wait for the shell.
quit() {
	press q
	wait_for 'EXIT=0' 5 >/dev/null
}

# Each view's own range, as the status line says it, and in seconds.
declare -A RANGE=([executive]=7d [operations]=1h [model]=6h [hr]=30d)
declare -A RANGE_S=([executive]=604800 [operations]=3600 [model]=21600 [hr]=2592000)
declare -A TAB=([executive]="1 Executive" [operations]="2 Operations" [model]="3 Model health"
	[hr]="4 HR adoption")
declare -A KEY=([executive]=1 [operations]=2 [model]=3 [hr]=4)
VIEWS="executive operations model hr"

# --- 1. the same figure at every size: the demo ------------------------------------------
declare -A DEMO_PANELS=(
	[executive]="Productivity vs control|AI adoption|Automation rate|SLA compliance|Model drift (max PSI)|Training-to-use gap"
	[operations]="Queue length|Wait time|Handle time|SLA compliance|Schedule adherence|Rework rate"
	[model]="p99 latency|Under 300 ms (SLO 99.5%)|Human override|Fallback rate"
	[hr]="AI adoption|eNPS|Flight risk")

"$BIN" $DEMO --once >"$WORK/demo.tsv" 2>"$WORK/demo.err"
check "kpidash --once prints the demo's figures of all four views, without an error" \
	bash -c '[ -s "$1" ] && [ ! -s "$2" ] && [ "$(cut -f1 "$1" | sort -u | tr "\n" " ")" = "executive hr model operations " ]' \
	_ "$WORK/demo.tsv" "$WORK/demo.err"

for size in $SIZES; do
	open_at "$size" $DEMO
	wait_for 'Executive' 5 >/dev/null
	for view in $VIEWS; do
		press "${KEY[$view]}"
		check "demo at $size: key ${KEY[$view]} shows the $view view (its tab active, range ${RANGE[$view]})" \
			view_is "${TAB[$view]}" "range ${RANGE[$view]},"
		IFS='|' read -r -a panels <<<"${DEMO_PANELS[$view]}"
		for title in "${panels[@]}"; do
			text=$(once_text "$WORK/demo.tsv" "$view" "$title")
			check "demo at $size: $view / $title reads ${text:-?} in its box, as --once prints it" \
				panel_reads "$title" "$text"
		done
		if [ "$size" = 80x24 ] && [ "$view" = executive ]; then
			text=$(once_text "$WORK/demo.tsv" executive ROI)
			check "demo at 80x24: executive / ROI (a bignum, text at this size) reads ${text:-?}" \
				panel_reads ROI "$text"
		fi
	done
	quit
done

# --- 1. the same figure at every size: a real Prometheus ---------------------------------
# The fixture's data ends at DATA_END; the clock is fixed there, each view at its own range.
declare -A ENGINE_PANELS=(
	[executive]="Productivity vs control|AI adoption|SLA compliance|Model drift (max PSI)"
	[operations]="SLA compliance|Schedule adherence|Rework rate"
	[model]="Under 300 ms (SLO 99.5%)|Human override|Fallback rate"
	[hr]="AI adoption|eNPS|Flight risk")
engines_up "$ENG"
declare -A ENGINE_TEXT=()
for view in $VIEWS; do
	"$BIN" --prometheus "$PROM_URL" --clock "$DATA_END" --once --view "$view" \
		>"$ENG/$view.tsv" 2>"$ENG/$view.err"
	check "Prometheus: kpidash --once fetches the $view view without an error" \
		bash -c '[ -s "$1" ] && [ ! -s "$2" ]' _ "$ENG/$view.tsv" "$ENG/$view.err"
	sed 's/^/# /' "$ENG/$view.err"
	IFS='|' read -r -a panels <<<"${ENGINE_PANELS[$view]}"
	for title in "${panels[@]}"; do
		ENGINE_TEXT["$view/$title"]=$(python3 "$FIG" --text "$PROM_URL" "$ENG/$view.tsv" \
			"$ROOT/views" "$view" "$title" --end "$DATA_END" --range "${RANGE_S[$view]}" \
			2>>"$ENG/text.err")
	done
done
sed 's/^/# /' "$ENG/text.err"

for size in $SIZES; do
	open_at "$size" --prometheus "$PROM_URL" --clock "$DATA_END"
	wait_for 'Executive' 10 >/dev/null
	for view in $VIEWS; do
		press "${KEY[$view]}"
		check "Prometheus at $size: key ${KEY[$view]} shows the $view view (its tab active, range ${RANGE[$view]})" \
			view_is "${TAB[$view]}" "range ${RANGE[$view]},"
		IFS='|' read -r -a panels <<<"${ENGINE_PANELS[$view]}"
		for title in "${panels[@]}"; do
			text=${ENGINE_TEXT["$view/$title"]}
			check "Prometheus at $size: $view / $title reads ${text:-?} in its box, the engine's own answer" \
				panel_reads "$title" "$text" 10
		done
	done
	quit
done
"$ROOT/tests/engines/stop.sh" "$ENG" >/dev/null 2>&1

# --- 2. b: what the change lines compare with ---------------------------------------------
# The operations view's SLA compliance (15m): its change against the window before is its
# figure now minus the one --once prints with the clock 15 minutes back; against yesterday
# and last week, minus the one a day and a week back.
SLA="SLA compliance"
"$BIN" $DEMO --once --view operations --baseline yesterday >"$WORK/ops-yesterday.tsv" 2>>"$WORK/once.err"
for back in 900 86400 604800; do
	"$BIN" --clock $((T - back)) --seed 42 --once --view operations >"$WORK/ops-$back.tsv" 2>>"$WORK/once.err"
done
sla_now=$(once_value "$WORK/demo.tsv" operations "$SLA")
CH_BEFORE=$(when pp "$sla_now" "$(once_value "$WORK/ops-900.tsv" operations "$SLA")" 1)
CH_YESTERDAY=$(when pp "$(once_value "$WORK/ops-yesterday.tsv" operations "$SLA")" \
	"$(once_value "$WORK/ops-86400.tsv" operations "$SLA")" 1)
CH_WEEK=$(when pp "$sla_now" "$(once_value "$WORK/ops-604800.tsv" operations "$SLA")" 1)
SLA_TEXT=$(once_text "$WORK/demo.tsv" operations "$SLA")
check "--once --baseline yesterday prints the same SLA figure (${SLA_TEXT:-?}): a baseline moves changes, not figures" \
	[ "$(once_text "$WORK/ops-yesterday.tsv" operations "$SLA")" = "$SLA_TEXT" ]
check "the expected change texts differ: before $CH_BEFORE, yesterday $CH_YESTERDAY (else b could not be told)" \
	differ "$CH_BEFORE" "$CH_YESTERDAY"

open_at 160x48 $DEMO
wait_for 'Executive' 5 >/dev/null
press 2
check "2 shows the operations view, its focus on Queue length (range 1h, figure now vs 1h ago)" \
	view_is "2 Operations" "range 1h, figure now vs 1h ago"
press l l l
check "l l l moves the focus to SLA compliance: the status names its 15m window against the window before" \
	status_reads "range 1h, figure 15m vs before"
check "SLA compliance reads $SLA_TEXT, changed $CH_BEFORE against the 15 minutes before" \
	reads_and_changes "$SLA" "$SLA_TEXT" "$CH_BEFORE"
sleep 0.3
OPS_FIRST="$(capture)"
CHANGES_FIRST="$(all_changes)"
press b
check "b: the status says the changes compare with yesterday" \
	status_reads "range 1h, figure 15m vs yesterday"
check "b: SLA compliance's change line now reads $CH_YESTERDAY (was $CH_BEFORE): its figure minus yesterday's" \
	change_reads "$SLA" "$CH_YESTERDAY"
check "b: the figure itself stays $SLA_TEXT" panel_reads "$SLA" "$SLA_TEXT"
press b
check "b again: the status says last week" status_reads "range 1h, figure 15m vs last week"
check "b again: SLA compliance's change reads $CH_WEEK, its figure minus last week's" \
	change_reads "$SLA" "$CH_WEEK"
press b
check "b a third time: back to the window before" status_reads "range 1h, figure 15m vs before"
check "b a third time: SLA compliance's change is the first one again ($CH_BEFORE)" \
	change_reads "$SLA" "$CH_BEFORE"
sleep 0.3
check "b a third time: every change line on the view reads as at first" \
	[ "$(all_changes)" = "$CHANGES_FIRST" ]
check "b a third time: the whole screen is the first one" same_as "$OPS_FIRST"
quit

# --baseline on the command line is b's first choice: the screen opens comparing with it.
open_at 160x48 $DEMO --view operations --baseline yesterday
wait_for 'Operations' 5 >/dev/null
press l l l
check "--baseline yesterday: the operations view opens comparing with yesterday (the status says so)" \
	view_is "2 Operations" "range 1h, figure 15m vs yesterday"
check "--baseline yesterday: SLA compliance's change reads $CH_YESTERDAY from the start" \
	change_reads "$SLA" "$CH_YESTERDAY"
quit

# --- 3. [ ] 0: moving through time ---------------------------------------------------------
# Operations at 1h: [ moves the end back half an hour; --once with the clock moved back as
# much says what the figures must read there.
for back in 1800 3600; do
	"$BIN" --clock $((T - back)) --seed 42 --once --view operations >"$WORK/ops-$back.tsv" 2>>"$WORK/once.err"
done
WAIT="Wait time"
SLA_30=$(once_text "$WORK/ops-1800.tsv" operations "$SLA")
WAIT_NOW=$(once_text "$WORK/demo.tsv" operations "$WAIT")
WAIT_30=$(once_text "$WORK/ops-1800.tsv" operations "$WAIT")
WAIT_60=$(once_text "$WORK/ops-3600.tsv" operations "$WAIT")
AT_30=$(date -u -d "@$((T - 1800))" +%H:%M)
AT_60=$(date -u -d "@$((T - 3600))" +%H:%M)
check "the expected figures move with the clock: wait $WAIT_NOW now, $WAIT_30 at $AT_30, $WAIT_60 at $AT_60" \
	bash -c '[ -n "$1" ] && [ -n "$2" ] && [ -n "$3" ] && [ "$1" != "$2" ] && [ "$2" != "$3" ]' \
	_ "$WAIT_NOW" "$WAIT_30" "$WAIT_60"

open_at 160x48 $DEMO --view operations
wait_for 'Operations' 5 >/dev/null
press l l l
check "the operations view at now, focus on SLA compliance (range 1h, no end time)" \
	view_is "2 Operations" " range 1h, figure 15m vs before "
sleep 0.3
PAN_FIRST="$(capture)"
press '['
check "[ : the status says the range ends at $AT_30, half an hour before the clock" \
	status_reads " range 1h to $AT_30, figure 15m vs before "
check "[ : SLA compliance reads $SLA_30, as --once prints with the clock at $AT_30" \
	panel_reads "$SLA" "$SLA_30"
check "[ : Wait time reads $WAIT_30 there, no longer $WAIT_NOW" \
	moved_to "$WAIT" "$WAIT_30" "$WAIT_NOW"
press ']'
check "] : back at now, the status has no end time" status_reads " range 1h, figure 15m vs before "
check "] : Wait time reads $WAIT_NOW again" panel_reads "$WAIT" "$WAIT_NOW"
sleep 0.3
check "] : the whole screen is the first one" same_as "$PAN_FIRST"
press '[' '['
check "[ [ : the range ends at $AT_60, a whole hour back" status_reads " range 1h to $AT_60, figure 15m vs before "
check "[ [ : Wait time reads $WAIT_60, as --once prints with the clock at $AT_60" \
	panel_reads "$WAIT" "$WAIT_60"
press 0
check "0 : back at now from an hour back (no end time)" status_reads " range 1h, figure 15m vs before "
check "0 : Wait time reads $WAIT_NOW again" panel_reads "$WAIT" "$WAIT_NOW"
sleep 0.3
press ']'
sleep 0.5
check "] at now changes nothing: the screen is the first one" same_as "$PAN_FIRST"
press '['
check "and [ after it lands at $AT_30, half a range back from now (] did not move past now)" \
	status_reads " range 1h to $AT_30, figure 15m vs before "
quit

# The executive view at 7d: [ moves back three and a half days; the end then names its day.
EXEC_BACK=$((604800 / 2))
AT_EXEC=$(date -u -d "@$((T - EXEC_BACK))" '+%b %d %H:%M')
"$BIN" --clock $((T - EXEC_BACK)) --seed 42 --once --view executive >"$WORK/exec-back.tsv" 2>>"$WORK/once.err"
PROD="Productivity vs control"
PROD_BACK=$(once_text "$WORK/exec-back.tsv" executive "$PROD")
open_at 160x48 $DEMO
check "the executive view opens at now (range 7d, no end time)" view_is "1 Executive" " range 7d, figure 7d vs before"
press '['
check "[ on the executive: the range ends at $AT_EXEC, three and a half days back" \
	status_reads " range 7d to $AT_EXEC, figure 7d vs before"
check "[ on the executive: $PROD reads $PROD_BACK, as --once prints with the clock there" \
	panel_reads "$PROD" "$PROD_BACK"
quit

# --- 4. each view at its own range ----------------------------------------------------------
open_at 100x30 $DEMO
check "the executive view opens at range 7d" view_is "1 Executive" " range 7d,"
press 2
check "2: operations opens at range 1h" view_is "2 Operations" " range 1h,"
sleep 0.3
OPS_1H="$(capture)"
press -- -
sleep 0.5
check "- on operations at 1h, the shortest, changes nothing (still 1h, the same screen)" same_as "$OPS_1H"
press +
check "+ on operations: range 6h" view_is "2 Operations" " range 6h,"
press 1
check "1: the executive is still at range 7d" view_is "1 Executive" " range 7d,"
press 2
check "2: operations kept its 6h" view_is "2 Operations" " range 6h,"
press 3
check "3: model health opens at range 6h" view_is "3 Model health" " range 6h,"
press 4
check "4: HR opens at range 30d" view_is "4 HR adoption" " range 30d,"
quit

open_at 100x30 $DEMO --range 24h
for view in $VIEWS; do
	press "${KEY[$view]}"
	check "--range 24h: the $view view is at range 24h" view_is "${TAB[$view]}" " range 24h,"
done
quit

# --- 5. the status line at 80x24 -------------------------------------------------------------
# True when the status line holds the segment $1 whole and the line fits 80 columns.
status_whole() {
	local line
	status_reads "$1" 5 || return 1
	line="$(status_line)"
	[ "${#line}" -le 80 ]
}

# True when tab $1 is active and the status line holds $2 whole, within 80 columns.
view_status_whole() {
	view_is "$1" "$2" && status_whole "$2"
}
AT_HR=$(date -u -d "@$((T - 2592000 / 2))" '+%b %d %H:%M')
open_at 80x24 $DEMO
check "80x24, executive: the status line shows 'range 7d, figure 7d vs before' whole" \
	view_status_whole "1 Executive" " range 7d, figure 7d vs before"
press 2 l l l '[' b b
check "80x24, operations moved back, vs last week: 'range 1h to $AT_30, figure 15m vs last week' whole" \
	view_status_whole "2 Operations" " range 1h to $AT_30, figure 15m vs last week"
press 0 b 1 '['
check "80x24, executive moved back: 'range 7d to $AT_EXEC, figure 7d vs before' whole" \
	view_status_whole "1 Executive" " range 7d to $AT_EXEC, figure 7d vs before"
press 0 4 '[' b
check "80x24, HR moved back, vs yesterday: 'range 30d to $AT_HR, figure now vs yesterday' whole" \
	view_status_whole "4 HR adoption" " range 30d to $AT_HR, figure now vs yesterday"
quit

finish
