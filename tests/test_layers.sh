#!/usr/bin/env bash
# The layers of kpidash point one way; docs/HACKING.md describes them. Checked twice:
#
# On the includes: client/ and tui/ never include each other; curses stays in tui/,
# libtermkey in tui/keys.c, curl in client/http.c; views/ and main.c use widgets, not
# curses; util/ stands alone; only tui/screen.c refreshes; no metric name of the
# contract is written in C (the demo aside).
#
# On the objects' symbols (nm, through tests/layers_cycles.py), for the objects of
# BUILD_DIR/obj and BUILD_DIR/gen: no two objects use each other's symbols, directly
# or around a longer loop, and the folders use one another one way only:
#   client/   uses nothing of tui/, views/ or app/
#   tui/      uses nothing of client/, views/ or app/
#   util/     uses nothing outside util/
#   views/    uses nothing of app/ (the controller) or report/ (screenless output)
#   analysis/ (pure computation) uses only util/ and client/series
#   app/      is used by main.o alone
# Only symbols some object of the build defines count; libc and libraries do not.
#
# usage: tests/test_layers.sh [BUILD_DIR]   (default: build, a built tree)
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
case "$BUILD" in
/*) ;;
*) BUILD="$PWD/$BUILD" ;;
esac
cd "$ROOT" || exit 2
. tests/check.sh

# True when no file of the globs $2... includes a header matching extended regex $1.
includes_none() {
	local re="$1"
	shift
	! grep -nE "^#include [<\"]($re)" "$@" 2>/dev/null
}

check "client/ includes nothing of tui/, views/, curses or libtermkey" \
	includes_none 'tui/|views/|curses\.h|ncurses|term\.h|termkey\.h' client/*.[ch]
check "tui/ includes nothing of client/, views/, curl or jansson" \
	includes_none 'client/|views/|curl/|jansson\.h' tui/*.[ch]
check "views/ uses widgets, never curses, curl, libtermkey or tui internals" \
	includes_none 'curses\.h|ncurses|term\.h|curl/|termkey\.h|tui/draw\.h' views/*.[ch]
check "main.c calls neither curses nor curl directly" \
	includes_none 'curses\.h|ncurses|term\.h|curl/|jansson\.h|termkey\.h|tui/draw\.h' main.c
check "util/ stands alone" includes_none 'client/|tui/|views/' util/*.[ch]
check "libtermkey is kept behind tui/keys.c" \
	bash -c '[ "$(grep -lE "^#include <termkey\.h>" $(git ls-files "*.c" "*.h") | tr "\n" " ")" = "tui/keys.c " ]'
check "libcurl is kept behind client/http.c" \
	bash -c '[ "$(grep -lE "^#include <curl/" $(git ls-files "*.c" "*.h") | tr "\n" " ")" = "client/http.c " ]'
check "refresh happens only in tui/screen.c" \
	bash -c '! grep -nE "\b(w?refresh|doupdate|wnoutrefresh)\(" $(git ls-files "*.c" | grep -v "^tui/screen\.c$")'
check "no metric name of the contract is written in C outside the demo" \
	bash -c '! grep -nE "\"(kpi|model|hr)_[a-z0-9_]+" $(git ls-files "*.c" "*.h" | grep -v "^client/demo\.c$")'
# True when clang-format, with the committed .clang-format, leaves every C file as it is.
formatted() {
	local f bad=0
	for f in $(git ls-files "*.c" "*.h"); do
		if ! clang-format --style=file "$f" | cmp -s - "$f"; then
			echo "# not formatted: $f (clang-format -i $f)"
			bad=1
		fi
	done
	[ "$bad" -eq 0 ]
}
check "every C file is laid out by .clang-format" formatted

# The symbol checks, each one run of tests/layers_cycles.py on the build; objects left
# from an older build (their source gone) are left out.
symbols() {
	python3 tests/layers_cycles.py --sources "$ROOT" "$@" "$BUILD"
}

check "no two objects of the build use each other's symbols (no link cycle)" symbols cycles
check "client/ objects use no symbol of tui/, views/ or app/" symbols rule client
check "tui/ objects use no symbol of client/, views/ or app/" symbols rule tui
check "util/ objects use no symbol outside util/" symbols rule util
check "views/ objects use no symbol of app/ or report/" symbols rule views
check "analysis/ objects use only util/ and client/series" symbols rule analysis
check "only main.o and app/ use symbols of app/" symbols rule app

finish
