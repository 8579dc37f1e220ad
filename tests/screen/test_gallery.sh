#!/usr/bin/env bash
# Screen tests of the widgets: the gallery (tests/screen/gallery.c) in tmux, read as a
# person would read it, at 80x24 and 160x48, in UTF-8, in ASCII, without colour.
# usage: test_gallery.sh path/to/gallery   (builds nothing)
set -u
if [ $# -ne 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 path/to/gallery" >&2
	exit 2
fi
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
WORK="$(mktemp -d)"
. "$(dirname "$0")/lib.sh"
trap 'lib_cleanup; rm -rf "$WORK"' EXIT

# Start the gallery in a W x H pane with env assignments after; waits until it is drawn
# (until the pane shows GALLERY_READY, the help's title unless set).
gallery() {
	local w="$1" h="$2"
	shift 2
	start_shell "$w" "$h" TERM=xterm-256color "$@"
	rm -f "$WORK/layout"
	type_line "$BIN $GALLERY_ARGS --layout $WORK/layout; echo EXIT=\$?"
	wait_for "${GALLERY_READY:-kpidash keys}" 5 >/dev/null && sleep 0.2
	mapfile -t SCREEN < <(capture)
	mapfile -t LAYOUT < "$WORK/layout"
}

# The text of row y from column x, n columns long.
cells() {
	local row="${SCREEN[$1]:-}"
	row="$row$(printf '%*s' $(($2 + $3)) '')"
	printf '%s' "${row:$2:$3}"
}

# The rect of the k-th line of the layout file ("box y x h w"), as "y x h w".
rect() {
	local kind y x h w
	read -r kind y x h w <<<"${LAYOUT[$1]}"
	echo "$y $x $h $w"
}

# The inside of the k-th rect's rows, one row per line.
inside() {
	local y x h w i
	read -r y x h w <<<"$(rect "$1")"
	for ((i = y; i < y + h; i++)); do
		cells "$i" "$x" "$w"
		echo
	done
}

# True when the k-th rect shows text matching the extended regex $2.
rect_shows() {
	inside "$1" | grep -Eq -- "$2"
}

# True when the k-th rect shows text matching each extended regex after k.
rect_shows_all() {
	local k="$1" re
	shift
	for re in "$@"; do
		rect_shows "$k" "$re" || return 1
	done
}

# The last row inside the k-th rect's box: the row above its bottom border.
last_inside() {
	local y x h w
	read -r y x h w <<<"$(rect "$1")"
	cells $((y + h - 2)) "$x" "$w"
}

# True when the k-th rect shows a Braille character (grep's ranges need PCRE past ASCII).
rect_braille() {
	inside "$1" | grep -qP '[\x{2801}-\x{28ff}]'
}

# True when the k-th rect shows chart dots in ASCII: a run of '*'.
rect_stars() {
	rect_shows "$1" '\*\*\*'
}

# True when the box at y x h w has whole borders and a blank column inside each side.
box_whole() {
	local y="$1" x="$2" h="$3" w="$4" i top bot corners="$5" h1="$6" v1="$7"
	top="$(cells "$y" "$x" "$w")"
	bot="$(cells $((y + h - 1)) "$x" "$w")"
	[ "${top:0:2}" = "${corners:0:1}$h1" ] && [ "${top: -2}" = "$h1${corners:1:1}" ] || return 1
	[ "$bot" = "${corners:2:1}$(printf "%$((w - 2))s" '' | sed "s/ /$h1/g")${corners:3:1}" ] || return 1
	for ((i = y + 1; i < y + h - 1; i++)); do
		[ "$(cells "$i" "$x" 2)" = "$v1 " ] && [ "$(cells "$i" $((x + w - 2)) 2)" = " $v1" ] || return 1
	done
}

# Every framed panel is whole: no widget drew over its border or its inner margin.
boxes_whole() {
	local line kind y x h w
	for line in "${LAYOUT[@]}"; do
		read -r kind y x h w <<<"$line"
		[ "$kind" = box ] || continue
		box_whole "$y" "$x" "$h" "$w" "$@" || { echo "# box $y $x $h $w broken"; return 1; }
	done
}

# Nothing is drawn outside the rects of the layout.
nothing_outside() {
	local rows="$1" cols="$2" y x line kind ry rx rh rw covered
	for ((y = 0; y < rows; y++)); do
		covered="$(printf '%*s' "$cols" '')"
		for line in "${LAYOUT[@]}"; do
			read -r kind ry rx rh rw <<<"$line"
			if [ "$y" -ge "$ry" ] && [ "$y" -lt $((ry + rh)) ]; then
				covered="${covered:0:rx}$(printf '%*s' "$rw" '' | tr ' ' x)${covered:rx+rw}"
			fi
		done
		local row="${SCREEN[$y]:-}"
		for ((x = 0; x < ${#row}; x++)); do
			if [ "${covered:x:1}" != x ] && [ "${row:x:1}" != ' ' ]; then
				echo "# '${row:x:1}' at row $y column $x is outside every panel"
				return 1
			fi
		done
	done
}

# No line of the pane is longer than the width.
fits() {
	local line
	for line in "${SCREEN[@]}"; do
		[ "${#line}" -le "$1" ] || return 1
	done
}

# True when the pane holds nothing outside printable ASCII (no byte above 0x7F).
ascii_only() {
	! printf '%s\n' "${SCREEN[@]}" | LC_ALL=C grep -q '[^ -~]'
}

# True when the pane's escape sequences set a colour.
coloured() {
	capture_escapes | grep -Eq $'\e\\[[0-9;]*(3[0-7]|4[0-7]|38;5|48;5|9[0-7]|10[0-7])[;m]'
}

# True when the pane's escape sequences show bold or reverse (status without colour).
emphasised() {
	capture_escapes | grep -Eq $'\e\\[([0-9;]*;)?(1|7)[;m]'
}

# True when the pane shows text matching ERE $1 in one run of reverse video (the selection
# without colour): the reverse starts just before it and no attribute changes inside it.
reversed_run() {
	capture_escapes | grep -Eq $'\e\\[([0-9]+;)*7m *'"$1"
}

# Press q and see the gallery exit 0 and give the terminal back.
quits() {
	press q
	wait_for 'EXIT=0' 5 && ! alternate_on
}

# The checks every run makes of what a person sees: figures, glyphs, labels.
common_checks() {
	local m="$1" up="$2" down="$3" bad="$4" dots="$5" block="$6"
	check "$m: the ratio reads 95.1% with its change +1.2pp" rect_shows 0 "95\.1%" &&
		rect_shows 0 "$up \+1\.2pp"
	check "$m: a good fall shows its arrow: $down -14s" rect_shows 2 "$down -14s"
	check "$m: a warning is marked without colour: ! 3m12s" rect_shows 2 '! 3m12s'
	check "$m: a failure is marked in the title and by the figure" rect_shows 3 "$bad SLA" &&
		rect_shows 3 "$bad 96\.2%"
	check "$m: the chart draws its lines ($dots)" "$dots" "$CHART"
	check "$m: the chart has value labels" rect_shows "$CHART" '^. +100% ' &&
		rect_shows "$CHART" '^. +90% ' && rect_shows "$CHART" '^. +80% '
	check "$m: the chart's time axis reads 22:00 00:00 02:00" \
		rect_shows "$CHART" '22:00 .* 00:00 .* 02:00'
	check "$m: the chart marks where a change began ($up on its time axis, 01:00)" \
		rect_shows "$CHART" "00:00 +$up +02:00"
	check "$m: the chart names its lines" rect_shows "$CHART" 'quality +. baseline'
	check "$m: the bars are labelled and valued" rect_shows $((CHART + 1)) 'Claims .* 82\.0%' &&
		rect_shows $((CHART + 1)) 'Billing .*! 64\.0%' &&
		rect_shows $((CHART + 1)) "Support.* $bad 41\.0%"
	check "$m: the bars are drawn with $block" rect_shows $((CHART + 1)) "Claims +$block"
	check "$m: the stale panel says so in its border" rect_shows $((CHART + 1)) 'stale 3m'
	check "$m: the table has its header" rect_shows $((CHART + 2)) 'team +value +change'
	check "$m: the table has its three rows in order, levels marked" \
		bash -c "printf '%s' \"\$1\" | tr '\n' ' ' | grep -Eq \"Claims +95\\.1% +\\+1\\.2pp .*Billing +! 88\\.4% +-0\\.6pp .*Support Tier 2 +\$2 71\\.0% +-3\\.4pp\"" _ "$(inside $((CHART + 2)))" "$bad"
	check "$m: the help lists keys and what they do" rect_shows $((CHART + 3)) 'kpidash keys' &&
		rect_shows $((CHART + 3)) '\? F1 +show or hide this help'
	check "$m: the status bar keeps tabs left and hints right" \
		rect_shows $((CHART + 4)) '^ kpidash +1 Executive +2 Operations +demo seed 42 +range 6h +\? help  q quit *$'
}

# The checks of the UTF-8 look: blocks, sparklines, arrows and frames.
utf8_checks() {
	local m="$1"
	check "$m: the stat has a sparkline" rect_shows 0 '[▁▂▃▄▅▆▇█]{8}'
	check "$m: the gauge fills with blocks and marks its target" rect_shows 3 '█+[▏▎▍▌▋▊▉]?░*┃'
	check "$m: the panels are whole" boxes_whole '┌┐└┘' '─' '│'
	check "$m: the count shows in block digits with its change" rect_shows 1 '[▀▄█ ]{15}' &&
		rect_shows 1 '▲ \+96'
}

# The runs at one size: colour, ASCII, no colour, mono.
size_runs() {
	local w="$1" h="$2" top="$3" colour_text
	CHART="$top"
	GALLERY_ARGS=""
	gallery "$w" "$h"
	colour_text="$(printf '%s\n' "${SCREEN[@]}")"
	check "${w}x$h: the gallery is drawn" [ "${#LAYOUT[@]}" -gt 5 ]
	common_checks "${w}x$h" '▲' '▼' '✗' rect_braille '█'
	utf8_checks "${w}x$h"
	check "${w}x$h: every line fits" fits "$w"
	check "${w}x$h: nothing is drawn outside the panels" nothing_outside "$h" "$w"
	check "${w}x$h: colour is used" coloured
	if [ "$top" -gt 4 ]; then
		check "${w}x$h: a chart without data says so" rect_shows 4 '^. +no data +.$'
	fi
	check "${w}x$h: q quits with status 0 and restores the screen" quits

	GALLERY_ARGS="--ascii"
	gallery "$w" "$h"
	check "${w}x$h ascii: no byte above 0x7F" ascii_only
	common_checks "${w}x$h ascii" '\^' 'v' 'X' rect_stars '#'
	check "${w}x$h ascii: the chart draws the range before faintly, in ':' above its lines" \
		bash -c 'printf "%s\n" "$1" | grep -v "[0-9]:[0-9]" | grep -q ":"' _ "$(inside "$CHART")"
	check "${w}x$h ascii: the panels are whole" boxes_whole '++++' '-' '|'
	check "${w}x$h ascii: the count reads 1284, or in '#' digits where 5 rows fit" \
		rect_shows 1 '(1284|### ###)'
	check "${w}x$h ascii: nothing is drawn outside the panels" nothing_outside "$h" "$w"
	check "${w}x$h ascii: q quits" quits

	GALLERY_ARGS=""
	gallery "$w" "$h" NO_COLOR=1
	check "${w}x$h NO_COLOR: no colour at all" eval '! coloured'
	check "${w}x$h NO_COLOR: bold and reverse carry the emphasis" emphasised
	check "${w}x$h NO_COLOR: the same text as in colour" \
		[ "$colour_text" = "$(printf '%s\n' "${SCREEN[@]}")" ]
	check "${w}x$h NO_COLOR: q quits" quits

	GALLERY_ARGS="--mono"
	gallery "$w" "$h"
	check "${w}x$h mono theme: no colour at all" eval '! coloured'
	check "${w}x$h mono theme: bold and reverse carry the emphasis" emphasised
	check "${w}x$h mono theme: q quits" quits
}

# The cohort table alone (gallery --exhibit cohort) at one size: sort marker, suppressed
# cohort, trends and totals, in UTF-8, ASCII and without colour.
cohort_runs() {
	local w="$1" h="$2" m="${1}x$2 cohort" order
	order='Claims +97\.2% +\+0\.8pp .*Billing +93\.5% .*Support Tier 2 +! 88\.4% '
	order+='.*Onboarding +✗ 71\.0% .*Legal'
	GALLERY_ARGS="--exhibit cohort"
	GALLERY_READY='q quit'
	gallery "$w" "$h"
	check "$m: the value header is marked as sorted descending: value ▼" \
		rect_shows 0 'team +value ▼ +change +trend'
	check "$m: the rows are in order of value, levels marked" \
		grep -Eq "$order" <<<"$(inside 0 | tr '\n' ' ')"
	check "$m: the suppressed cohort reads in full, over value, change and trend" \
		rect_shows 0 'Legal +suppressed \(< 5 people\) +│$'
	check "$m: each trend is a sparkline of blocks" rect_shows_all 0 \
		'Claims .*\+0\.8pp +[▁▂▃▄▅▆▇█]{8}' 'Onboarding .*-3\.4pp +[▁▂▃▄▅▆▇█]{8}'
	check "$m: the totals row, with its trend, is the panel's last line" \
		grep -Eq '^│ All teams +90\.6% +\+0\.2pp +[▁▂▃▄▅▆▇█]{8}' <<<"$(last_inside 0)"
	check "$m: the panel is whole" boxes_whole '┌┐└┘' '─' '│'
	check "$m: every line fits" fits "$w"
	check "$m: nothing is drawn outside the panel" nothing_outside "$h" "$w"
	check "$m: q quits" quits

	GALLERY_ARGS="--exhibit cohort --ascii"
	gallery "$w" "$h"
	check "$m ascii: no byte above 0x7F" ascii_only
	check "$m ascii: the value header is marked as sorted descending: value v" \
		rect_shows 0 'team +value v +change +trend'
	check "$m ascii: the suppressed cohort reads in full" \
		rect_shows 0 'Legal +suppressed \(< 5 people\) +\|$'
	check "$m ascii: each trend is a sparkline of ASCII steps" \
		rect_shows 0 'Claims .*\+0\.8pp +[_.:=+*#-]{8}'
	check "$m ascii: the totals row is the panel's last line" \
		grep -Eq '^\| All teams +90\.6% +\+0\.2pp' <<<"$(last_inside 0)"
	check "$m ascii: q quits" quits

	GALLERY_ARGS="--exhibit cohort"
	gallery "$w" "$h" NO_COLOR=1
	check "$m NO_COLOR: the selected row is reversed across all its cells" \
		reversed_run 'Billing +93\.5% +-1\.1pp +[▁▂▃▄▅▆▇█]{8}'
	check "$m NO_COLOR: q quits" quits
	unset GALLERY_READY
}

# Every widget at every small size, also at the screen's edges, draws nothing outside its rect.
sweep() {
	local m="$1" out="$WORK/sweep"
	shift
	start_shell 80 24 TERM=xterm-256color
	rm -f "$out"
	type_line "$BIN $* --sweep $out; echo EXIT=\$?"
	wait_for 'EXIT=[0-9]' 60 >/dev/null
	check "$m: the sweep ran to the end" shows 'EXIT=0'
	check "$m: no widget draws outside its rect at any size" \
		bash -c "[ \$(grep -c '^exhibit .* leaks 0\$' \"\$1\") -ge 16 ] && ! grep -q '^leak' \"\$1\"" _ "$out"
	grep '^leak' "$out" 2>/dev/null | sed 's/^/# /'
}

size_runs 80 24 4
size_runs 160 48 5
cohort_runs 80 24
cohort_runs 160 48
sweep "sweep utf-8"
sweep "sweep ascii" --ascii
finish
