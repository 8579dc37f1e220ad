#!/usr/bin/env bash
# The one-way dependencies of DESIGN.md, checked on the includes: main -> views -> tui,
# views -> client; client and tui never include each other; curses stays in tui/,
# curl in client/, and no metric name of the contract is written in C (the demo aside).
set -u
cd "$(dirname "$0")/.."
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

finish
