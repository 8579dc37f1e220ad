#!/usr/bin/env bash
# Screen tests of the drill-down (views/cohort.c): Enter on a panel, the breadcrumb, the cohort
# table and its keys, heat grid, treatment vs control, export, help, and the privacy floor on
# every screen an HR figure reaches. Expected figures come from kpidash --once --drill.
# usage: test_drill.sh path/to/kpidash
set -u
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
. "$(dirname "$0")/lib.sh"
WORK="$(mktemp -d)"
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; lib_cleanup; rm -rf "$WORK"' EXIT
CLOCK="--clock 2026-11-23T12:00:00Z"
ARGS="$CLOCK --refresh 60"
mkdir -p "$WORK/out"

# Launch kpidash in $WORK/out (where e writes), remembering the tty modes before.
launch() {
	type_line "cd $WORK/out; stty -a > $WORK/stty.before; echo MARK-BEFORE; $BIN $ARGS $*; echo EXIT=\$?; stty -a > $WORK/stty.after"
}

# A fresh W x H session running kpidash with the options given; waits for its first frame.
session() {
	local w="$1" h="$2"
	shift 2
	start_shell "$w" "$h" TERM=tmux-256color
	launch "$@"
	wait_for '1 Executive' 5 >/dev/null && sleep 0.3
}

# The terminal is back: shell text visible, main screen, same tty modes, exit status $1.
restored() {
	wait_for "EXIT=$1" 5 && shows 'MARK-BEFORE' && ! alternate_on &&
		sleep 0.2 && cmp -s "$WORK/stty.before" "$WORK/stty.after"
}

# Press a key and let kpidash take it: after Esc a key too soon would read as Alt+key.
# The screen after it is kept for the report of a check that fails.
key() {
	press "$@"
	sleep 0.25
	LAST_CAPTURE="$(t capture-pane -p -t main)"
}

# Type text (literally) into kpidash.
typed() {
	t send-keys -t main -l "$1"
	sleep 0.25
}

# True when line $1 of the pane holds the fixed string $2.
line_shows() {
	capture | sed -n "${1}p" | grep -qF -- "$2"
}

# True when line $1 of the pane matches extended regex $2.
line_matches() {
	capture | sed -n "${1}p" | grep -Eq -- "$2"
}

# Every line of the pane fits the width, counted in characters.
no_line_longer_than() {
	local line
	while IFS= read -r line; do
		[ "${#line}" -le "$1" ] || return 1
	done < <(capture)
}

# The breadcrumb line (under the tab line).
crumb() {
	capture | sed -n 2p
}

# True when the breadcrumb line holds the fixed string $1.
crumb_has() {
	crumb | grep -qF -- "$1"
}

# True when a dashboard is shown: tab line, panels from line 2, no breadcrumb.
on_dashboard() {
	line_shows 1 '1 Executive' && line_matches 2 '^┌─' && ! capture | grep -qF ' > by '
}

# The status bar (last line).
status_line() {
	capture | tail -n 1
}

# The data rows of the cohort table, one cohort name a line, top to bottom (no total).
rows() {
	capture | sed -n '5,$p' | grep '^│ [^ ]' | grep -v '^│ total ' | awk '{print $2}'
}

# The table line of cohort $1 (or "total").
row_of() {
	capture | grep -E "^│ $1 " | head -n 1
}

# The first figure of cohort $1's line: its value ("56.1%").
value_of() {
	row_of "$1" | grep -oE '[0-9]+(\.[0-9]+)?%' | head -n 1
}

# Its change ("+0.1pp").
change_of() {
	row_of "$1" | grep -oE '[+-][0-9]+(\.[0-9]+)?pp' | head -n 1
}

# The cohort on the highlighted (selected) row, read from the pane's colours.
selected() {
	capture_escapes | perl -CSD -ne 'if (/^\x{2502}(?:\e\[[0-9;]*m)* ((?:\e\[[0-9;]*m)*)(\S+)/) {
		my ($esc, $name) = ($1, $2);
		print "$name\n" if $esc =~ /\e\[(?:[0-9;]*;)?(?:48;5;\d+|4[0-7]|7)m/; }' | head -n 1
}

# True when the selected cohort is $1.
selected_is() {
	[ "$(selected)" = "$1" ]
}

# Move the selection with j/k until it is on cohort $1 (at most 40 presses).
select_row() {
	local i
	key g
	for i in $(seq 40); do
		selected_is "$1" && return 0
		key j
	done
	return 1
}

# The note at the right of the table's top border ("4 of 4").
note() {
	capture | sed -n 3p | grep -oE '[0-9]+ of [0-9]+'
}

# The header line of the table.
header() {
	capture | sed -n 4p
}

# The sort marker's column: the header word right before ▲ or ▼.
sorted_column() {
	header | grep -oE '[a-z…]+ [▲▼]' | awk '{print $1}'
}

# Column $2 (by its header name) of cohort $1's line in CSV file $3.
csv_field() {
	awk -F, -v c="$1" -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) f = i; next }
		f && $5 == c { print $f }' "$3"
}

# A ratio as the screen shows it with 1 decimal ("56.1%"), and a change in points ("+0.1pp").
pct() {
	awk -v v="$1" 'BEGIN {printf "%.1f%%", v * 100}'
}
pp() {
	awk -v v="$1" 'BEGIN {printf "%+.1fpp", v * 100}'
}

# --- privacy: a watch run after every step on an HR panel -----------------------------
# Fraud (3 people) must never show a figure: on any line naming fraud, the box segment with
# "fraud" holds no digit once the suppression text is taken out, and no bar, spark or shade
# (the status bar aside). Fraud's real figure (from --privacy-floor 1) must appear nowhere.
PRIVACY_BREACHES=""
fraud_clean() {
	capture | REAL="$FRAUD_REAL_PCT" perl -CSD -ne '
		BEGIN { $bad = 0 }
		$bad = 1 if index($_, $ENV{REAL}) >= 0;
		next if eof; # the status bar: "seed 42", "range 24h", messages naming fraud
		next unless /fraud/;
		for my $seg (split /\x{2502}/) {
			next unless $seg =~ /fraud/;
			$seg =~ s/suppressed(?: \([^)\x{2502}\x{2026}]*(?:\)|\x{2026}))?//g;
			$bad = 1 if $seg =~ /[0-9\x{b7}\x{2581}-\x{258f}\x{2591}-\x{2593}\x{2800}-\x{28ff}]/;
		}
		END { exit $bad }'
}
# Record a breach under the step's name $1.
watch() {
	if ! fraud_clean; then
		PRIVACY_BREACHES="$PRIVACY_BREACHES [$1]"
		echo "# privacy breach at step: $1"
		printf '%s\n' "$LAST_CAPTURE" | grep -F fraud | sed 's/^/#   /'
	fi
}
no_breach_so_far() {
	[ -z "$PRIVACY_BREACHES" ]
}

# --- expected figures --------------------------------------------------------------------
ONCE="$BIN --once $CLOCK"
$ONCE --view hr --drill team --panel "AI adoption" > "$WORK/team.csv"
$ONCE --view hr --drill team=dispatch,role --panel "AI adoption" > "$WORK/dispatch.csv"
$ONCE --view hr --drill team --panel "AI adoption" --privacy-floor 1 > "$WORK/floor1.csv"
FRAUD_REAL="$(csv_field fraud value "$WORK/floor1.csv")"
FRAUD_REAL_PCT="$(pct "$FRAUD_REAL")"
check "--once --drill gives the figures to expect (dispatch, claims, total; fraud at floor 1: $FRAUD_REAL_PCT)" \
	test -n "$(csv_field dispatch value "$WORK/team.csv")" -a -n "$(csv_field claims value "$WORK/team.csv")" \
	-a -n "$(csv_field '(total)' value "$WORK/team.csv")" -a -n "$FRAUD_REAL"
check "--once --drill itself hides fraud at the default floor" \
	test -z "$(csv_field fraud value "$WORK/team.csv")" -a \
	"$(csv_field fraud status "$WORK/team.csv")" = "suppressed (< 5 people)"
DISPATCH_PCT="$(pct "$(csv_field dispatch value "$WORK/team.csv")")"
CLAIMS_PCT="$(pct "$(csv_field claims value "$WORK/team.csv")")"
TOTAL_PCT="$(pct "$(csv_field '(total)' value "$WORK/team.csv")")"
DISPATCH_PP="$(pp "$(csv_field dispatch change "$WORK/team.csv")")"
CLAIMS_PP="$(pp "$(csv_field claims change "$WORK/team.csv")")"

# Subtraction across breakdowns: Overtime hours (a sum) by team hides fraud and covers it with
# underwriting, but underwriting's hours by role (role=R > by team) add up to its own figure,
# and then total - dispatch - claims - underwriting would be fraud's hours.
OT="Overtime hours by team"
$ONCE --view hr --drill team --panel "$OT" > "$WORK/ot.csv"
$ONCE --view hr --drill team --panel "$OT" --privacy-floor 1 > "$WORK/ot1.csv"
uw=0
for r in agent analyst planner technician; do
	$ONCE --view hr --drill "role=$r,team" --panel "$OT" > "$WORK/ot-$r.csv"
	v="$(csv_field underwriting value "$WORK/ot-$r.csv")"
	uw="$(awk -v a="$uw" -v b="${v:-0}" 'BEGIN {printf "%.10g", a + b}')"
done
derived="$(awk -v t="$(csv_field '(total)' value "$WORK/ot.csv")" -v d="$(csv_field dispatch value "$WORK/ot.csv")" \
	-v c="$(csv_field claims value "$WORK/ot.csv")" -v u="$uw" 'BEGIN {printf "%.10g", t - d - c - u}')"
real="$(csv_field fraud value "$WORK/ot1.csv")"
check "Overtime hours: total - dispatch - claims - underwriting (summed from role=* > by team) is not fraud's hidden figure (got $derived, fraud's is $real)" \
	awk -v a="$derived" -v b="$real" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b == "" || d > 1e-6 * (b < 0 ? -b : b) + 1e-9) }'

# === 1. drill: HR view, AI adoption, at 80x24 ============================================
session 80 24 --view hr
check "the HR dashboard appears" wait_for 'Teams: training vs use' 5
watch "HR dashboard 80x24"
key Enter
check "Enter on AI adoption (focused first) opens the drill-down" wait_for 'by team' 3
sleep 0.3
watch "drill by team"
check "the breadcrumb reads 'HR adoption > AI adoption > by team'" \
	line_matches 2 '^ *HR adoption > AI adoption > by team *$'
check "the table is framed and titled 'AI adoption by team' with '4 of 4' on its border" \
	line_matches 3 '^┌─ AI adoption by team ─.* 4 of 4 ─┐$'
check "the header reads team, value, change, trend with the sort marker after value" \
	line_matches 4 '^│ team +value [▲▼] +change +trend +│$'
check "the rows are the teams, claims and dispatch among them" \
	shows_all '│ claims ' '│ dispatch ' '│ fraud ' '│ underwriting '
check "dispatch's value is the CSV's, rounded as the screen does ($DISPATCH_PCT)" \
	test "$(value_of dispatch)" = "$DISPATCH_PCT"
check "claims' value is the CSV's ($CLAIMS_PCT)" test "$(value_of claims)" = "$CLAIMS_PCT"
check "the changes are the CSV's in points ($DISPATCH_PP, $CLAIMS_PP)" \
	test "$(change_of dispatch)" = "$DISPATCH_PP" -a "$(change_of claims)" = "$CLAIMS_PP"
check "the total row is the last line inside the frame, with the CSV's total ($TOTAL_PCT)" \
	bash -c '[ "$(printf "%s\n" "$1" | sed -n 22p | awk "{print \$2, \$3}")" = "total $2" ]' _ \
	"$(capture)" "$TOTAL_PCT"
check "the frame closes on line 23 and the status bar, with '? help', is on line 24" \
	bash -c 'printf "%s\n" "$1" | sed -n 23p | grep -q "^└─*┘$" &&
		printf "%s\n" "$1" | sed -n 24p | grep -qF "? help"' _ "$(capture)"
check "at 80x24 every line fits" no_line_longer_than 80
check "on opening, the first row is the selected one (was: $(selected))" selected_is "$(rows | head -n 1)"

# --- 10/11. privacy in the table --------------------------------------------------------
check "fraud's row says 'suppressed (< 5 people)' instead of figures" \
	bash -c 'grep -qE "^│ fraud +suppressed \(< 5 people\) +│$" <<<"$1"' _ "$(capture)"
check "one more cohort is hidden to cover it: 'suppressed (covers < 5)'" \
	shows 'suppressed \(covers < 5\)'
hidden=$(rows | while read -r r; do row_of "$r" | grep -q suppressed && echo "$r"; done | wc -l)
check "at least two rows are hidden, so total minus the shown rows is not fraud alone ($hidden hidden)" \
	test "$hidden" -ge 2
check "fraud's real figure ($FRAUD_REAL_PCT) is nowhere on the screen" hides "$FRAUD_REAL_PCT"

check "j/k reach fraud" select_row fraud
key Enter
check "Enter on suppressed fraud does not drill in" crumb_has 'AI adoption > by team'
check "and the status bar says it is suppressed" \
	bash -c 'tail -n 1 <<<"$1" | grep -qF "fraud is suppressed"' _ "$(capture)"
watch "Enter on fraud"

# --- 2. nested drill ----------------------------------------------------------------------
check "j/k reach dispatch" select_row dispatch
key Enter
check "Enter on dispatch drills in: breadcrumb '... > team=dispatch > by role'" \
	wait_for '^ *HR adoption > AI adoption > team=dispatch > by role *$' 3
sleep 0.3
watch "team=dispatch by role"
check "the table is now 'AI adoption by role'" line_matches 3 '^┌─ AI adoption by role ─'
check "its rows are the roles" bash -c '[ "$(printf "%s\n" "$1" | sort | tr "\n" " ")" = "agent analyst planner technician " ]' _ "$(rows)"
roles_ok=1
for r in agent analyst planner technician; do
	[ "$(value_of "$r")" = "$(pct "$(csv_field "$r" value "$WORK/dispatch.csv")")" ] || roles_ok=0
done
check "each role's value is --drill team=dispatch,role's" test "$roles_ok" = 1
check "the total row equals dispatch's value one level up ($DISPATCH_PCT)" \
	test "$(value_of total)" = "$DISPATCH_PCT"
key d
check "d inside team=dispatch goes to the next label: by region" \
	wait_for 'team=dispatch > by region' 3
key d
key d
check "and cycling skips team, fixed by the path: segment, then role" \
	wait_for 'team=dispatch > by role *$' 3

# --- 3. back --------------------------------------------------------------------------
key BSpace
check "Backspace goes up to 'by team'" wait_for '^ *HR adoption > AI adoption > by team *$' 3
sleep 0.3
check "with dispatch still there, at its value" test "$(value_of dispatch)" = "$DISPATCH_PCT"
watch "back to by team"
select_row dispatch >/dev/null
key Enter
wait_for 'team=dispatch > by role' 3 >/dev/null
sleep 0.3
key g
key Enter
check "Enter again goes two levels down: team=dispatch > role=... > by region" \
	wait_for 'team=dispatch > role=[a-z]+ > by region' 3
key 0
check "0 from two levels down returns to the dashboard" wait_gone ' > by ' 3
sleep 0.3
check "the dashboard is whole: tab line, panels, no breadcrumb" on_dashboard
watch "dashboard after 0"
key Enter
wait_for 'by team' 3 >/dev/null
key Escape
check "Escape at the top returns to the dashboard" wait_gone ' > by ' 3
sleep 0.3
check "the dashboard is whole after Escape" on_dashboard

# --- 4. d cycles the label ----------------------------------------------------------------
key Enter
wait_for 'by team' 3 >/dev/null
key d
check "d: by role" wait_for 'AI adoption > by role *$' 3
watch "by role"
key d
check "d: by region" wait_for 'AI adoption > by region *$' 3
watch "by region"
key d
check "d: by segment" wait_for 'AI adoption > by segment *$' 3
watch "by segment"
key d
check "d: back to by team" wait_for 'AI adoption > by team *$' 3
sleep 0.3
watch "by team again"

# --- 5. sort ----------------------------------------------------------------------------
first_shown="$(rows | head -n 1)"
last_fig="$(rows | while read -r r; do row_of "$r" | grep -q suppressed || echo "$r"; done | tail -n 1)"
check "the default sort is by value" test "$(sorted_column)" = value
key s
check "s moves the marker to change" test "$(sorted_column)" = change
key s
check "s again moves it to the cohort column" test "$(sorted_column)" = team
check "sorted by cohort name the rows are alphabetical" \
	bash -c '[ "$1" = "$(printf "%s\n" "$1" | LC_ALL=C sort)" ] && [ -n "$1" ]' _ "$(rows)"
watch "sorted by team"
key s
check "s again comes back to value" test "$(sorted_column)" = value
marker_before="$(header | grep -oE '[▲▼]')"
key S
check "S flips the marker" bash -c '[ -n "$1" ] && [ "$1" != "$2" ]' _ "$marker_before" \
	"$(header | grep -oE '[▲▼]')"
check "S puts first what was last among the shown figures ($last_fig, was $first_shown first)" \
	test "$(rows | head -n 1)" = "$last_fig" -a "$last_fig" != "$first_shown"
check "and suppressed rows stay last, holding no figure" \
	bash -c '[ "$(printf "%s\n" "$1" | tail -n 2 | tr "\n" " ")" = "fraud underwriting " ]' _ "$(rows)"
watch "reversed"
key S

# --- 6. filter --------------------------------------------------------------------------
key /
typed cla
check "while typing, the status bar shows 'filter: cla_'" bash -c 'tail -n 1 <<<"$1" | grep -qF "filter: cla_"' _ "$(capture)"
key Enter
check "Enter keeps the filter: only claims" bash -c '[ "$1" = claims ]' _ "$(rows)"
check "the note says 1 of 4" test "$(note)" = "1 of 4"
check "the breadcrumb shows 'filter: cla' at its right" line_matches 2 'by team +filter: cla *$'
check "the status bar is back to its hint" bash -c 'tail -n 1 <<<"$1" | grep -qF "? help"' _ "$(capture)"
watch "filtered"
key /
key Escape
check "/ then Escape clears the filter: 4 of 4" wait_for '─ 4 of 4 ─' 3
check "and the breadcrumb no longer shows a filter" bash -c '! grep -qF filter <<<"$1"' _ "$(crumb)"
check "Escape while filtering did not leave the drill-down" crumb_has 'AI adoption > by team'
watch "filter cleared"

# --- 9. c on a panel without "group" ----------------------------------------------------
key c
check "c on AI adoption (no \"group\" label) keeps the table" \
	bash -c 'grep -qF "AI adoption > by team" <<<"$1" && ! head -n -1 <<<"$1" | grep -qF "treatment"' _ "$(capture)"
check "and the status bar says why, at 80x24" bash -c 'tail -n 1 <<<"$1" | grep -qF "treatment and control"' _ "$(capture)"
watch "c refused"

# --- 12. export -------------------------------------------------------------------------
key e
sleep 0.3
CSV="$(cd "$WORK/out" && ls kpidash-hr-ai-adoption-by-team-*.csv 2>/dev/null | head -n 1)"
check "e writes kpidash-hr-ai-adoption-by-team-<stamp>.csv in the working directory" \
	test -n "$CSV" -a -f "$WORK/out/$CSV"
check "the status bar names it: 'wrote $CSV'" bash -c 'tail -n 1 <<<"$1" | grep -qF "wrote $2"' _ \
	"$(capture)" "${CSV:-none}"
F="$WORK/out/${CSV:-none}"
check "the file starts with the same header line as --once --drill (view,panel,...,status)" \
	bash -c '[ "$1" = "$2" ] && [ "${1#view,panel,path,label,cohort,value,change,}" != "$1" ] &&
		[ "${1%,status}" != "$1" ]' _ "$(head -n 1 "$F" 2>/dev/null)" "$(head -n 1 "$WORK/team.csv")"
check "one line per row plus a total line (6 lines)" test "$(wc -l < "$F" 2>/dev/null)" = 6
check "its total line is the CSV's total" \
	test "$(csv_field '(total)' value "$F" 2>/dev/null)" = "$(csv_field '(total)' value "$WORK/team.csv")"
check "fraud's line has empty value and change and the status 'suppressed (< 5 people)'" \
	test -n "$(grep -F ',fraud,' "$F" 2>/dev/null)" -a -z "$(csv_field fraud value "$F")" -a \
	-z "$(csv_field fraud change "$F")" -a "$(csv_field fraud status "$F")" = "suppressed (< 5 people)"
check "the file is exactly what --once --drill team prints (same clock, same rows)" \
	cmp -s "$F" "$WORK/team.csv"
check "no line of the file holds fraud's real figure ($FRAUD_REAL)" \
	bash -c '[ -n "$1" ] && [ -f "$2" ] && ! grep -qF -- "$1" "$2"' _ "$FRAUD_REAL" "$F"
check "nor does the pane ($FRAUD_REAL_PCT)" hides "$FRAUD_REAL_PCT"

# --- 13. help ---------------------------------------------------------------------------
key '?'
check "? opens the drill-down's help" wait_for 'kpidash keys: drill-down' 3
check "it lists 'drill into the selected cohort'" shows 'drill into the selected cohort'
check "and not the dashboard's 'focus the panel to the left'" hides 'focus the panel to the left'
check "at 80x24 the help shows every drill-down key, down to 'write the table as CSV'" \
	shows 'write the table as CSV'
key Escape
check "Escape closes the help" wait_gone 'kpidash keys' 3
check "and does not also leave the drill-down" crumb_has 'AI adoption > by team'
watch "after help"

# --- 14. q from inside the drill-down ------------------------------------------------------
key q
check "q inside the drill-down exits 0 and restores the terminal" restored 0
check "privacy: no step above showed a figure for fraud (breaches:${PRIVACY_BREACHES:- none})" no_breach_so_far

# === 8. heat grid ==========================================================================
# On a panel without privacy first (executive ROI), then on HR AI adoption with fraud hidden.
session 80 24 --view executive
key Enter
wait_for 'ROI > by team' 3 >/dev/null
key h
check "h shows the heat grid: breadcrumb ends '(heat grid)'" wait_for 'ROI > by team \(heat grid\)' 3
check "the grid is drawn in shades" shows '[░▒▓█]{10}'
check "the scale is on the last line inside the frame" line_matches 22 '^│ · .* \.\. █ '
key h
check "h again returns to the table" wait_for '^│ team +value' 3
check "and the breadcrumb drops '(heat grid)'" bash -c '! grep -qF "heat grid" <<<"$1"' _ "$(crumb)"
key q
wait_for 'EXIT=' 5 >/dev/null

session 80 24 --view hr
PRIVACY_BREACHES=""
key Enter
wait_for 'AI adoption > by team' 3 >/dev/null
sleep 0.3
key h
sleep 0.5
check "h on HR AI adoption (fraud hidden) shows the heat grid, and kpidash keeps running" \
	bash -c 'grep -q "by team (heat grid)" <<<"$1" && ! grep -q "EXIT=" <<<"$1"' _ "$(capture)"
watch "heat grid"
check "fraud's row in the grid reads 'fraud (suppressed)' and has no shades" \
	bash -c 'grep -qF "(heat grid)" <<<"$1" && grep -qE "^│ fraud \(suppressed\) +│$" <<<"$1"' _ "$(capture)"
check "privacy in the heat grid: no figure or shade for fraud" no_breach_so_far
key q
wait_for 'EXIT=' 5 >/dev/null

# === 9. treatment vs control ================================================================
session 80 24 --view executive
key j
key l
key Enter
check "executive: j l Enter opens 'Tasks per worker-hour by arm'" \
	wait_for 'Executive > Tasks per worker-hour by arm > by team *$' 3
key c
check "c switches to treatment vs control (breadcrumb says so)" \
	wait_for 'by team \(treatment vs control\)' 3
sleep 0.3
check "the header names treatment, control and difference" \
	line_matches 4 '^│ team +treatment( [▲▼])? +control( [▲▼])? +difference( [▲▼])? │$'
# Each row's difference equals treatment - control within the printed rounding.
diff_ok() {
	capture | sed -n '5,$p' | grep -E '^│ [a-z]' | awk '
		function num(s) { gsub(/[^0-9.+-]/, "", s); return s + 0 }
		function half(s,  d) { gsub(/[^0-9.]/, "", s); d = index(s, ".");
			return d ? 0.5 * 10 ^ -(length(s) - d) : 0.5 }
		{ t = $(NF - 3); c = $(NF - 2); d = $(NF - 1); n++
		  err = num(t) - num(c) - num(d); if (err < 0) err = -err
		  if (err > half(t) + half(c) + half(d) + 1e-9) { print "# " $2 ": " t " - " c " != " d; bad = 1 } }
		END { exit bad || n < 5 }'
}
check "every row (and the total): difference = treatment - control, within rounding" diff_ok
key e
sleep 0.3
CCSV="$(cd "$WORK/out" && ls kpidash-executive-tasks-per-worker-hour-by-team-*.csv 2>/dev/null | head -n 1)"
check "e in compare mode writes treatment, control, difference columns" \
	bash -c '[ "${1#view,panel,path,label,cohort,treatment,control,difference,}" != "$1" ]' _ \
	"$(head -n 1 "$WORK/out/${CCSV:-none}" 2>/dev/null)"
check "the status bar names that file at 80x24" \
	bash -c 'tail -n 1 <<<"$1" | grep -qF "wrote $2"' _ "$(capture)" "${CCSV:-none}"
# The screen's figures are the file's, rounded.
figures_match() {
	local line name t c
	while read -r line; do
		name="$(awk '{print $2}' <<<"$line")"
		[ "$name" = total ] && name="(total)"
		t="$(awk '{print $(NF - 3)}' <<<"$line" | tr -d '/h')"
		c="$(awk '{print $(NF - 2)}' <<<"$line" | tr -d '/h')"
		awk -v t="$t" -v c="$c" -v ft="$(csv_field "$name" treatment "$WORK/out/$CCSV")" \
			-v fc="$(csv_field "$name" control "$WORK/out/$CCSV")" '
			function half(s,  d) { d = index(s, "."); return d ? 0.5 * 10 ^ -(length(s) - d) : 0.5 }
			BEGIN { dt = t - ft; dc = c - fc; if (dt < 0) dt = -dt; if (dc < 0) dc = -dc
			        exit !(ft != "" && fc != "" && dt <= half(t) + 1e-9 && dc <= half(c) + 1e-9) }' ||
			{ echo "# $name: screen $t $c, file $(csv_field "$name" treatment "$WORK/out/$CCSV") $(csv_field "$name" control "$WORK/out/$CCSV")"; return 1; }
	done < <(capture | sed -n '5,$p' | grep -E '^│ [a-z]')
}
check "the treatment and control shown are the exported figures, rounded" figures_match
key s
key s
check "s s in compare mode moves the marker to treatment" \
	bash -c '[ "${1#treatme}" != "$1" ]' _ "$(sorted_column)"
check "and the header still reads 'treatment' in full, with its marker" \
	line_matches 4 '^│ team +treatment [▲▼] +control +difference │$'
key c
check "c again returns to the table" wait_for '^│ team +value' 3
check "and the breadcrumb drops '(treatment vs control)'" \
	bash -c '! grep -qF "treatment vs control" <<<"$1"' _ "$(crumb)"
key 0
wait_gone ' > by ' 3 >/dev/null
for k in k h h h h l l; do key $k; done
key Enter
check "k, h to ROI, l l: executive's AI adoption opens" wait_for 'Executive > AI adoption > by team' 3
check "executive's AI adoption is an HR panel too: fraud is suppressed there" \
	wait_for '^│ fraud +suppressed \(< 5 people\)' 3
PRIVACY_BREACHES=""
watch "executive AI adoption"
check "and shows no figure for fraud" no_breach_so_far
key 2
check "2 leaves the drill-down for the operations view" wait_for 'Queue length by queue' 3
key l
key l
key Enter
wait_for 'Operations > Handle time > by team' 3 >/dev/null
key c
check "operations' Handle time compares treatment and control too" \
	wait_for 'Handle time > by team \(treatment vs control\)' 3
key q
wait_for 'EXIT=' 5 >/dev/null

# === 7. scroll: a Prometheus with 30 teams ===================================================
cat > "$WORK/prom.py" <<'PY'
# A Prometheus answering every range query: by (label) gives 30 cohorts c01..c30 (value
# 100+i), else one series of 3000.
import json, re, sys, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass
    def reply(self, form):
        if self.path.startswith("/api/v1/status/buildinfo"):
            body = {"status": "success", "data": {"version": "2.45.0"}}
        else:
            q = form.get("query", [""])[0]
            s, e = float(form.get("start", ["0"])[0]), float(form.get("end", ["0"])[0])
            step = float(form.get("step", ["60"])[0])
            ts = [s + k * step for k in range(int((e - s) / step) + 1)]
            m = re.search(r"by \((\w+)\)", q)
            res = ([{"metric": {m.group(1): "c%02d" % i}, "values": [[x, str(100 + i)] for x in ts]}
                    for i in range(1, 31)] if m else [{"metric": {}, "values": [[x, "3000"] for x in ts]}])
            body = {"status": "success", "data": {"resultType": "matrix", "result": res}}
        b = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)
    def do_GET(self):
        self.reply(urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query))
    def do_POST(self):
        n = int(self.headers.get("Content-Length", 0))
        self.reply(urllib.parse.parse_qs(self.rfile.read(n).decode()))
srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1] + ".tmp", "w").write(str(srv.server_address[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
srv.serve_forever()
PY
cat > "$WORK/big.json" <<'JSON'
{"name": "big", "title": "Big", "rows": [{"height": 5, "panels": [
  {"title": "Load", "kind": "stat", "unit": "count", "drill": ["team", "region"],
   "queries": [{"kpi": "load", "promql": "sum by ($group) (load{$filter})"}]}]}]}
JSON
python3 "$WORK/prom.py" "$WORK/port" &
SERVER_PID=$!
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.05; done
PROM="--prometheus http://127.0.0.1:$(cat "$WORK/port") --dashboard $WORK/big.json --view big"

# The 0-based place of cohort cNN in the default order (c30 first).
place() {
	echo $((30 - 10#${1#c}))
}
scroll_checks() {
	local size="$1" page first
	key Enter
	check "$size: 30 cohorts from the server (30 of 30)" wait_for '─ 30 of 30 ─' 5
	sleep 0.3
	page=$(rows | wc -l)
	check "$size: more rows than fit ($page shown)" test "$page" -lt 30 -a "$page" -gt 1
	check "$size: the total row stays on screen" shows '^│ total +3000 '
	key G
	check "$size: G selects the last row, c01" selected_is c01
	check "$size: and it is on screen, as the last row shown" test "$(rows | tail -n 1)" = c01
	check "$size: the first rows have scrolled away" bash -c '! grep -qx c30 <<<"$1"' _ "$(rows)"
	key g
	check "$size: g selects the first row again, c30, at the top" \
		test "$(selected)" = c30 -a "$(rows | head -n 1)" = c30
	key PageDown
	first=$(selected)
	check "$size: PageDown moves the selection by a page less one row ($first)" \
		test "$(place "${first:-c99}")" = $((page - 1))
	check "$size: to the last row shown, without scrolling" \
		test "$(rows | tail -n 1)" = "$first" -a "$(rows | head -n 1)" = c30
	key C-f
	check "$size: C-f pages on: the selection stays on screen" \
		bash -c '[ -n "$1" ] && grep -qx "$1" <<<"$2"' _ "$(selected)" "$(rows)"
	check "$size: by another page ($(selected))" test "$(place "$(selected)")" = $((2 * (page - 1) < 29 ? 2 * (page - 1) : 29))
	key PageUp
	key C-b
	check "$size: PageUp and C-b come back to the first row" test "$(selected)" = c30
	check "$size: every line fits" no_line_longer_than 80
}
session 80 24 $PROM
scroll_checks 80x24
key q
wait_for 'EXIT=' 5 >/dev/null
session 80 16 $PROM
scroll_checks 80x16
key q
wait_for 'EXIT=' 5 >/dev/null
kill "$SERVER_PID" 2>/dev/null
SERVER_PID=""

# The demo's drill-down at the minimum height: every team and the total still fit.
session 80 16 --view hr
PRIVACY_BREACHES=""
key Enter
wait_for 'AI adoption > by team' 3 >/dev/null
sleep 0.3
check "80x16: all four teams and the total are shown" \
	bash -c '[ "$(wc -l <<<"$1")" = 4 ] && grep -q "^│ total " <<<"$2"' _ "$(rows)" "$(capture)"
check "80x16: the frame closes above the status bar" line_matches 15 '^└─*┘$'
watch "80x16"
check "80x16: fraud shows no figure" no_breach_so_far
key q
wait_for 'EXIT=' 5 >/dev/null

# === 10. privacy on the HR dashboard, and the floor flag =======================================
session 160 48 --view hr
PRIVACY_BREACHES=""
check "HR dashboard at 160x48" wait_for 'Teams: training vs use' 5
sleep 0.3
check "'Teams: training vs use' table: fraud reads suppressed, no figure" \
	bash -c 'grep -F fraud <<<"$1" | grep -qE "│ fraud +suppressed \(<"' _ "$(capture)"
check "'Adoption by team' bars: fraud's bar is empty and its figure is '--'" \
	bash -c 'grep -F fraud <<<"$1" | grep -qE "│ fraud[^│0-9▏▎▍▌▋▊▉█]* -- │"' _ "$(capture)"
watch "HR dashboard 160x48"
check "no panel of the HR dashboard shows a figure for fraud" no_breach_so_far

# The bigger size where it matters: messages and help fit there.
key Enter
wait_for 'AI adoption > by team' 3 >/dev/null
sleep 0.3
check "160x48: the drill-down shows the same figures" \
	test "$(value_of dispatch)" = "$DISPATCH_PCT" -a "$(value_of claims)" = "$CLAIMS_PCT" -a "$(value_of total)" = "$TOTAL_PCT"
check "160x48: the frame spans the width, the total on the last line inside" \
	bash -c 'sed -n 46p <<<"$1" | grep -q "^│ total " && sed -n 47p <<<"$1" | grep -q "^└─*┘$"' _ "$(capture)"
key c
check "160x48: c on AI adoption says why not in the status bar" \
	bash -c 'tail -n 1 <<<"$1" | grep -qF "AI adoption has no treatment and control to compare here"' _ "$(capture)"
key '?'
wait_for 'kpidash keys: drill-down' 3 >/dev/null
check "160x48: the help lists every drill-down key" shows_all 'drill into the selected cohort' \
	'up one level' 'back to the dashboard' 'next cohort label' 'next row' 'next page' 'first row' \
	'last row' 'sort by the next column' 'reverse the sort' 'filter cohorts by name' 'heat grid' \
	'treatment against control' 'write the table as CSV'
key Escape
wait_gone 'kpidash keys' 3 >/dev/null
watch "160x48 drill"
check "160x48: no figure for fraud in the drill-down" no_breach_so_far
key q
check "q restores the terminal at 160x48 too" restored 0

session 120 40 --view hr --privacy-floor 2
check "--privacy-floor 2: the dashboard's 'Adoption by team' shows fraud's bar and figure" \
	bash -c 'grep -F fraud <<<"$1" | grep -qE "│ fraud +[▏▎▍▌▋▊▉█]+ +[!✗]? ?[0-9]+% +│"' _ "$(capture)"
key Enter
wait_for 'AI adoption > by team' 3 >/dev/null
sleep 0.3
check "--privacy-floor 2: fraud's row shows its figure ($FRAUD_REAL_PCT)" \
	test "$(value_of fraud)" = "$FRAUD_REAL_PCT"
check "--privacy-floor 2: nothing is suppressed" hides 'suppressed'
key q
wait_for 'EXIT=' 5 >/dev/null

session 120 40 --view hr --privacy-floor 400
key Enter
wait_for 'AI adoption > by team' 3 >/dev/null
sleep 0.3
check "--privacy-floor 400 (more than the company): every team suppressed" \
	test "$(capture | grep -v '^│ total ' | grep -cE '^│ [a-z]+ +suppressed \(< 400 people\)')" = 4
check "and the total row too: it would be the one figure left" \
	shows '^│ total +suppressed \(< 400 people\)'
check "with no percentage anywhere in the table" \
	bash -c '! sed -n "4,39p" <<<"$1" | grep -qE "[0-9]%"' _ "$(capture)"
key q
wait_for 'EXIT=' 5 >/dev/null

finish
