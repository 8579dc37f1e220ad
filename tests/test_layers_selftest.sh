#!/usr/bin/env bash
# The symbol checks of tests/test_layers.sh tried on planted objects: tiny C files
# compiled into a build-like directory (obj/, gen/), so a cycle or a use against the
# folder rules is known to fail and a clean graph to pass.
# usage: tests/test_layers_selftest.sh   (CC: the compiler, default cc)
set -u
cd "$(dirname "$0")/.." || exit 2
. tests/check.sh

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
OUT="$TMP/out"

# Compile into object $2 of build dir $1 (under obj/, or gen/ when $2 starts so) the
# C text $3.
plant() {
	local dir="$1/obj"
	case "$2" in gen/*) dir="$1" ;; esac
	mkdir -p "$(dirname "$dir/$2")"
	printf '%s\n' "$3" >"$TMP/src.c"
	"${CC:-cc}" -std=c11 -c "$TMP/src.c" -o "$dir/$2" || check "$2 of $1 compiles" false
}

# Run tests/layers_cycles.py with the arguments given, its output kept in $OUT.
layers() {
	python3 tests/layers_cycles.py "$@" >"$OUT" 2>&1
}

# True when the check given fails because the graph breaks it (status 1, not 2).
fails() {
	layers "$@"
	local rc=$?
	[ "$rc" -eq 1 ] || { sed 's/^/#   /' "$OUT"; echo "#   exit status $rc"; false; }
}

# True when the last run printed the line $1 exactly.
said() {
	grep -qxF "$1" "$OUT" || { sed 's/^/#   /' "$OUT"; false; }
}

# True when the last run printed a line containing the text $1.
mentioned() {
	grep -qF "$1" "$OUT" || { sed 's/^/#   /' "$OUT"; false; }
}

# Two objects calling each other, both also calling libc (which must not count).
plant "$TMP/pair" ping.o '#include <stdio.h>
int pong(int n);
int ping(int n) { puts("ping"); return n ? pong(n - 1) : 0; }'
plant "$TMP/pair" pong.o '#include <stdio.h>
int ping(int n);
int pong(int n) { puts("pong"); return n ? ping(n - 1) : 1; }'
check "a planted cycle fails the cycle check" fails cycles "$TMP/pair"
check "the failure names both objects of the cycle" said "cycle: ping.o -> pong.o -> ping.o"
check "and the symbols behind each step" said "#   pong.o uses ping.o: ping"

# The same pair, one way only: pong calls nothing of ping.
plant "$TMP/oneway" ping.o '#include <stdio.h>
int pong(int n);
int ping(int n) { puts("ping"); return n ? pong(n - 1) : 0; }'
plant "$TMP/oneway" pong.o '#include <stdio.h>
int pong(int n) { puts("pong"); return n + 1; }'
check "an acyclic pair passes the cycle check" layers cycles "$TMP/oneway"

# A loop of three through a subfolder and the generated objects.
plant "$TMP/three" tui/a.o 'int b(void);
int a(void) { return b(); }'
plant "$TMP/three" b.o 'extern int c;
int b(void) { return c; }'
plant "$TMP/three" gen/c.o 'int a(void);
int c = 3;
int (*c_calls)(void) = a;'
check "a loop of three, through a subfolder and gen/, fails" fails cycles "$TMP/three"
check "and is named in full" said "cycle: b.o -> gen/c.o -> tui/a.o -> b.o"

# The folder rules: client/ calling into tui/ breaks the client rule, not the tui one.
plant "$TMP/rules" tui/draw.o 'int draw_text(void) { return 1; }'
plant "$TMP/rules" client/http.o 'int draw_text(void);
int http_get(void) { return draw_text(); }'
plant "$TMP/rules" client/series.o 'int series_len(void) { return 2; }'
plant "$TMP/rules" analysis/ewma.o 'int series_len(void);
int ewma(void) { return series_len(); }'
check "client/ using tui/ breaks the client rule" fails rule client "$TMP/rules"
check "and the failure names the use" mentioned "client/http.o uses tui/draw.o: draw_text"
check "the tui rule still holds there" layers rule tui "$TMP/rules"
check "analysis/ may use client/series" layers rule analysis "$TMP/rules"
plant "$TMP/rules" analysis/drivers.o 'int http_get(void);
int drivers(void) { return http_get(); }'
check "analysis/ using any other client/ object breaks the analysis rule" \
	fails rule analysis "$TMP/rules"
plant "$TMP/rules" app/loop.o 'int app_run(void) { return 0; }'
plant "$TMP/rules" main.o 'int app_run(void);
int main(void) { return app_run(); }'
check "main.o may use app/" layers rule app "$TMP/rules"
plant "$TMP/rules" views/view.o 'int app_run(void);
int view_draw(void) { return app_run(); }'
check "views/ using app/ breaks the views rule" fails rule views "$TMP/rules"
check "and the app rule" fails rule app "$TMP/rules"

# With --sources, an object whose source is gone is an older build's leftover: the
# cycle through it does not count, and the leftover is named.
mkdir -p "$TMP/src"
: >"$TMP/src/ping.c"
check "a cycle through a leftover object does not count" \
	layers --sources "$TMP/src" cycles "$TMP/pair"
check "and the leftover is named" mentioned "sources gone (an older build's): pong.o"

# No objects at all is no pass: the build is missing.
mkdir -p "$TMP/empty/obj"
layers cycles "$TMP/empty"
check "a build with no objects cannot pass" test $? -eq 2

finish
