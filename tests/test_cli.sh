#!/usr/bin/env bash
# The command line as shipped: the XDG config file as the binary reads it, --help against the
# getopt table of app/options.c and the keymap of tui/keys.h, --version, the man page as man(1)
# renders it, and `make install` with PREFIX and DESTDIR.
# usage: test_cli.sh path/to/kpidash   (the build directory is the binary's)
set -u
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD_DIR="$(realpath --relative-to="$ROOT" "$(dirname "$BIN")")"
MAN_PAGE="$(dirname "$BIN")/kpidash.1"
. "$ROOT/tests/check.sh"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
CLOCK=2026-11-23T12:00:00Z

# Run with a clean environment (HOME in $WORK, plus the assignments given) and args; stdout in
# $WORK/$name.out, stderr in $WORK/$name.err, status in $WORK/$name.rc.
run_as() {
	local name="$1"
	shift
	env -i PATH="$PATH" HOME="$WORK/home" LC_ALL=C.UTF-8 "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
	echo $? >"$WORK/$name.rc"
}

# True when run $1 exited $2.
status_is() {
	[ "$(cat "$WORK/$1.rc")" = "$2" ]
}

# True when files $1 and $2 are the same, showing the difference when not.
same_files() {
	cmp -s "$1" "$2" && return 0
	diff "$1" "$2" | head -n 10 | sed 's/^/#   /'
	return 1
}

# The long options of the getopt table in app/options.c, one a line, without dashes.
table_flags() {
	sed -n '/^static const struct option longopts\[\] = {/,/^};/p' "$ROOT/app/options.c" |
		sed -n 's/^ *{"\([a-z-]*\)",.*/\1/p'
}

# The keymap of tui/keys.h as "keys<TAB>help" lines.
keymap_lines() {
	sed -n 's/^[[:space:]]*X([A-Z_0-9]*, [A-Z]*, "\([^"]*\)", "\([^"]*\)").*/\1\t\2/p' \
		"$ROOT/tui/keys.h"
}

# --- the XDG config file, as the binary reads it ------------------------------------------
mkdir -p "$WORK/xdg/kpidash" "$WORK/home/.config/kpidash"
printf '{\n  "range": "7d",\n  "view": "hr",\n  "privacy_floor": 2\n}\n' \
	>"$WORK/xdg/kpidash/config.json"
printf '{"range": "1h", "view": "model"}\n' >"$WORK/home/.config/kpidash/config.json"
run_as xdg XDG_CONFIG_HOME="$WORK/xdg" "$BIN" --once --clock "$CLOCK"
# The same settings by flags, with no config file anywhere:
run_as flags env HOME=/nonexistent "$BIN" --once --clock "$CLOCK" --view hr --range 7d --privacy-floor 2
run_as default env HOME=/nonexistent "$BIN" --once --clock "$CLOCK" --view hr
check "the file in \$XDG_CONFIG_HOME is read (exit 0, nothing on stderr, figures printed)" \
	bash -c '[ "$(cat "$1/xdg.rc")" = 0 ] && [ ! -s "$1/xdg.err" ] && [ -s "$1/xdg.out" ]' _ "$WORK"
check "its view is the one printed (every line is hr), not ~/.config's model" \
	bash -c '[ -s "$1/xdg.out" ] && ! grep -qv "^hr	" "$1/xdg.out"' _ "$WORK"
check "its range fills \$range (7d = 604800s)" grep -qF '[604800s]' "$WORK/xdg.out"
check "its privacy floor of 2 shows the fraud team's figure (the default hides it)" \
	bash -c 'grep -qP "^hr\tAdoption by team\t0\tteam=fraud\t[0-9.]+\t[0-9.]+\t" "$1/xdg.out" &&
		grep -qP "^hr\tAdoption by team\t0\tteam=fraud\t.*suppressed \(< 5 people\)" "$1/default.out"' _ "$WORK"
check "its figures equal those of the same settings given as flags (an independent run)" \
	same_files "$WORK/flags.out" "$WORK/xdg.out"
run_as xdg_flag XDG_CONFIG_HOME="$WORK/xdg" "$BIN" --once --clock "$CLOCK" --range 24h --privacy-floor 5
run_as default24 env HOME=/nonexistent "$BIN" --once --clock "$CLOCK" --view hr --range 24h
check "flags beat the XDG file (--range 24h --privacy-floor 5 give the defaults' figures)" \
	same_files "$WORK/default24.out" "$WORK/xdg_flag.out"
run_as xdg_env XDG_CONFIG_HOME="$WORK/xdg" KPIDASH_PRIVACY_FLOOR=5 "$BIN" --once --clock "$CLOCK"
check "the environment beats the XDG file (KPIDASH_PRIVACY_FLOOR=5 hides the fraud team again)" \
	grep -qP '^hr\tAdoption by team\t0\tteam=fraud\t.*suppressed \(< 5 people\)' "$WORK/xdg_env.out"

# Names the file checks only at start: a wrong theme or view in the file.
printf '{\n  "range": "6h",\n  "theme": "nosuch"\n}\n' >"$WORK/xdg/kpidash/config.json"
run_as bad_theme XDG_CONFIG_HOME="$WORK/xdg" "$BIN" --once --clock "$CLOCK"
check "an unknown theme in the XDG file stops kpidash with exit 2" status_is bad_theme 2
check "and the message names the file, line and column and the field (docs/config.md)" \
	grep -qF "$WORK/xdg/kpidash/config.json:3:12: theme: " "$WORK/bad_theme.err"
run_as check_theme "$BIN" --check "$WORK/xdg/kpidash/config.json"
check "--check refuses that file too (exit 2), since starting with it fails" status_is check_theme 2
printf '{\n  "view": "nosuch"\n}\n' >"$WORK/xdg/kpidash/config.json"
run_as bad_view XDG_CONFIG_HOME="$WORK/xdg" "$BIN" --once --clock "$CLOCK"
check "an unknown view in the XDG file is named by file, line and column" \
	bash -c '[ "$(cat "$1/bad_view.rc")" = 2 ] && grep -qF "$2:2:11: view: " "$1/bad_view.err"' _ \
	"$WORK" "$WORK/xdg/kpidash/config.json"
rm "$WORK/xdg/kpidash/config.json"

# Names checked by the app rather than options_parse: exit 2, naming the flag and the value.
run_as flag_view "$BIN" --once --view nosuch
check "--view nosuch: exit 2, naming the flag, the value and the views there are" \
	bash -c '[ "$(cat "$1/flag_view.rc")" = 2 ] &&
		grep -qxF "kpidash: --view: no view named '\''nosuch'\'' (have: executive operations model hr)" "$1/flag_view.err"' _ "$WORK"
run_as flag_theme "$BIN" --once --theme nosuch
check "--theme nosuch: exit 2, naming the flag and the value" \
	bash -c '[ "$(cat "$1/flag_theme.rc")" = 2 ] && grep -qF -- "--theme: " "$1/flag_theme.err" &&
		grep -qF "'\''nosuch'\''" "$1/flag_theme.err"' _ "$WORK"
for theme in "$ROOT"/themes/*.theme; do
	name="$(basename "$theme" .theme)"
	run_as "theme_$name" "$BIN" --once --view hr --clock "$CLOCK" --theme "$name"
	check "--theme $name (themes/$name.theme) is taken" \
		bash -c '[ "$(cat "$1/theme_$2.rc")" = 0 ] && [ ! -s "$1/theme_$2.err" ]' _ "$WORK" "$name"
done

# --- --help and --version -------------------------------------------------------------------
run_as help "$BIN" --help
run_as h "$BIN" -h
table_flags >"$WORK/table.flags"
check "the getopt table was read ($(wc -l <"$WORK/table.flags") long options)" \
	[ "$(wc -l <"$WORK/table.flags")" -ge 30 ]
check "--help: exit 0, the usage on stdout, nothing on stderr" \
	bash -c '[ "$(cat "$1/help.rc")" = 0 ] && [ ! -s "$1/help.err" ] && head -n 1 "$1/help.out" | grep -q "^usage: kpidash"' _ "$WORK"
check "-h prints the same" same_files "$WORK/help.out" "$WORK/h.out"
# --man-keys is the build's helper for kpidash.1 (see the Makefile), left out of --help.
missing=""
while read -r flag; do
	[ "$flag" = man-keys ] && continue
	grep -qE -- "(^|[ ,])--$flag([ ,=]|$)" "$WORK/help.out" || missing="$missing --$flag"
done <"$WORK/table.flags"
check "--help names every flag of the getopt table but --man-keys${missing:+ (missing:$missing)}" \
	[ -z "$missing" ]
unknown=""
for flag in $(grep -oE -- '(^|[ ,[])--[a-z][a-z-]*' "$WORK/help.out" | sed 's/^.*--//' | sort -u); do
	grep -qxF -- "$flag" "$WORK/table.flags" || unknown="$unknown --$flag"
done
check "every flag --help names is in the getopt table${unknown:+ (not there:$unknown)}" [ -z "$unknown" ]
keymap_lines >"$WORK/keymap"
check "the keymap was read ($(wc -l <"$WORK/keymap") actions)" [ "$(wc -l <"$WORK/keymap")" -ge 30 ]
missing=""
while IFS="$(printf '\t')" read -r keys help; do
	grep -qE -- "^  $(printf '%s' "$keys" | sed 's/[][\.*^$+?(){}|/]/\\&/g') +$(printf '%s' "$help" | sed 's/[][\.*^$+?(){}|/]/\\&/g')$" \
		"$WORK/help.out" || missing="$missing [$keys]"
done <"$WORK/keymap"
check "--help lists every key of the keymap with its help${missing:+ (missing:$missing)}" [ -z "$missing" ]
run_as version "$BIN" --version
want_version="$(sed -n 's/^#define KPIDASH_VERSION "\(.*\)"$/\1/p' "$ROOT/app/options.h")"
check "--version prints 'kpidash $want_version' (app/options.h) and exits 0" \
	bash -c '[ "$(cat "$1/version.rc")" = 0 ] && [ "$(cat "$1/version.out")" = "kpidash $2" ] && [ ! -s "$1/version.err" ]' \
	_ "$WORK" "$want_version"

# --- the man page, rendered by man(1) ------------------------------------------------------
# man-db and groff-base render it; MANWIDTH keeps each key and its help on one line.
render_man() { # $1 file, $2 locale: the rendered text on stdout, warnings in $WORK/man.warn
	env -i PATH="$PATH" LC_ALL="$2" MANWIDTH=200 MAN_KEEP_FORMATTING= \
		man --warnings -l "$1" 2>"$WORK/man.warn" | col -bx
}
render_man "$MAN_PAGE" C.UTF-8 >"$WORK/man.txt"
man_rc=$?
check "man -l $BUILD_DIR/kpidash.1 renders it (exit $man_rc, $(wc -l <"$WORK/man.txt") lines)" \
	bash -c '[ "$1" = 0 ] && [ "$(wc -l <"$2")" -gt 50 ]' _ "$man_rc" "$WORK/man.txt"
check "with no groff warning" bash -c '[ ! -s "$1" ] || { sed "s/^/#   /" "$1"; false; }' _ "$WORK/man.warn"
check "it has its sections" bash -c 'for s in NAME SYNOPSIS DESCRIPTION OPTIONS KEYS ENVIRONMENT "EXIT STATUS"; do
	grep -qx "$s" "$1" || exit 1; done' _ "$WORK/man.txt"
check "its header names the version --version prints" \
	grep -qE "kpidash $want_version +2026" "$WORK/man.txt"
sed -n '/^KEYS$/,/^ENVIRONMENT$/p' "$WORK/man.txt" | tr -s ' \n' '  ' >"$WORK/man.keys"
missing=""
while IFS="$(printf '\t')" read -r keys help; do
	grep -qF -- " $keys $help " "$WORK/man.keys" || missing="$missing [$keys]"
done <"$WORK/keymap"
check "its KEYS section has every key of the keymap with its help${missing:+ (missing:$missing)}" \
	[ -z "$missing" ]
check "under the headings of the keymap's four places" \
	bash -c 'grep -q "^KEYS Anywhere " "$1" && grep -qF " On a dashboard " "$1" &&
		grep -qF " In a drill-down " "$1" && grep -qF " In what changed " "$1"' _ "$WORK/man.keys"
render_man "$MAN_PAGE" C >"$WORK/man.c.txt"
check "it renders in the C locale too, with the same keys" \
	bash -c 'sed -n "/^KEYS$/,/^ENVIRONMENT$/p" "$1" | tr -s " \n" "  " | cmp -s - "$2"' _ \
	"$WORK/man.c.txt" "$WORK/man.keys"

# --- make install --------------------------------------------------------------------------
DEST="$WORK/dest"
make -C "$ROOT" --no-print-directory -s BUILD="$BUILD_DIR" install PREFIX=/usr DESTDIR="$DEST" \
	>"$WORK/install.out" 2>&1
install_rc=$?
check "make install PREFIX=/usr DESTDIR=... succeeds" \
	bash -c '[ "$1" = 0 ] || { sed "s/^/#   /" "$2"; false; }' _ "$install_rc" "$WORK/install.out"
check "it installs the binary as usr/bin/kpidash, mode 755, the build's own" \
	bash -c '[ "$(stat -c %a "$1/usr/bin/kpidash")" = 755 ] && cmp -s "$1/usr/bin/kpidash" "$2"' _ "$DEST" "$BIN"
check "and the man page as usr/share/man/man1/kpidash.1, mode 644, the build's own" \
	bash -c '[ "$(stat -c %a "$1/usr/share/man/man1/kpidash.1")" = 644 ] && cmp -s "$1/usr/share/man/man1/kpidash.1" "$2"' _ "$DEST" "$MAN_PAGE"
check "nothing else is installed" \
	bash -c '[ "$(cd "$1" && find . -type f | sort | tr "\n" " ")" = "./usr/bin/kpidash ./usr/share/man/man1/kpidash.1 " ]' _ "$DEST"
env -i PATH="$DEST/usr/bin:/usr/bin:/bin" kpidash --version >"$WORK/installed.version" 2>&1
check "the installed binary runs: kpidash --version says kpidash $want_version" \
	bash -c '[ "$(cat "$1")" = "kpidash $2" ]' _ "$WORK/installed.version" "$want_version"
env -i PATH="$PATH" LC_ALL=C.UTF-8 MANWIDTH=200 man -M "$DEST/usr/share/man" kpidash 2>/dev/null |
	col -bx >"$WORK/man.installed"
check "man finds the installed page by name (man -M DESTDIR/usr/share/man kpidash)" \
	bash -c 'grep -q "^KEYS$" "$1" && grep -qF "kpidash - a terminal dashboard" "$1"' _ "$WORK/man.installed"
make -C "$ROOT" --no-print-directory -s BUILD="$BUILD_DIR" install DESTDIR="$WORK/dest2" \
	>"$WORK/install2.out" 2>&1
check "without PREFIX it installs under /usr/local" \
	bash -c '[ -x "$1/usr/local/bin/kpidash" ] && [ -f "$1/usr/local/share/man/man1/kpidash.1" ]' _ "$WORK/dest2"

finish
