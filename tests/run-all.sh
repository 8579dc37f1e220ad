#!/usr/bin/env bash
# Run every stage of the suite's manifest (tests/manifest.txt, which says what each line
# means) and end with the one line the suite adds up to: "N passed, M failed, K skipped".
#
# usage: tests/run-all.sh [--manifest FILE] [BUILD_DIR [ASAN_BUILD_DIR [FUZZ_BUILD_DIR]]]
#        (defaults: build, build-asan, and $FUZZ_BUILD or build-fuzz; relative to the
#        repository's root)
#
# A stage fails the run, with one "not ok - STAGE: why" counted as a failure, when its
# program or a path it names under a build directory is missing, when it prints no count
# (a crash before its end), when a cmocka binary did not account for every test it said it
# was running, when it exits non-zero without reporting a failure or dies of a signal, and
# when it reports fewer checks than the manifest's minimum. Under CI=true a skip, anywhere,
# fails the run too: in CI everything must run.
set -u
MANIFEST=""
if [ "${1:-}" = --manifest ]; then
	MANIFEST="${2:?--manifest needs a file}"
	case "$MANIFEST" in /*) ;; *) MANIFEST="$PWD/$MANIFEST" ;; esac
	shift 2
fi
BUILD="${1:-build}"
ASAN="${2:-build-asan}"
FUZZ="${3:-${FUZZ_BUILD:-build-fuzz}}"
cd "$(dirname "$0")/.." || exit 2
MANIFEST="${MANIFEST:-$PWD/tests/manifest.txt}"
passed=0
failed=0
skipped=0
SKIPS=()          # every skip, "STAGE: NAME: REASON", for the closing words under CI
FAILED_STAGES=()  # the stages that failed, for the closing words
LOG="$(mktemp -d)"
trap 'rm -rf "$LOG"' EXIT
LOCALE="$LOG/locale"
LOCALE_MADE=""

# One failure of the run itself: "not ok - NAME: WHY".
fail() {
	echo "not ok - $1: $2"
	failed=$((failed + 1))
	FAILED_STAGES+=("$1")
}

# The sum of the numbers on stdin, one a line (0 for none).
sum() {
	awk '{ s += $1 } END { print s + 0 }'
}

# Read a cmocka binary's report in file $1 into GOT_P, GOT_F, GOT_S and GOT_SKIPS (the
# skipped tests' names, one a line); PROBLEM says why the report cannot be trusted.
count_cmocka() {
	local out="$1" running ran
	running=$(sed -n 's/^\[==========\] Running \([0-9][0-9]*\) test(s)\.$/\1/p' "$out" | sum)
	ran=$(sed -n 's/^\[==========\] \([0-9][0-9]*\) test(s) run\.$/\1/p' "$out" | sum)
	GOT_P=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test(s)\..*/\1/p' "$out" | sum)
	GOT_F=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test(s).*/\1/p' "$out" | sum)
	GOT_S=$(sed -n 's/^\[  SKIPPED \] \([0-9][0-9]*\) test(s).*/\1/p' "$out" | sum)
	GOT_SKIPS=$(sed -n 's/^\[  SKIPPED \] \(.*\)$/\1/p' "$out" | grep -Ev '^[0-9]+ test\(s\)' | sort -u)
	PROBLEM=""
	if ! grep -q '^\[==========\] Running [0-9]* test(s)\.$' "$out"; then
		PROBLEM="printed no cmocka report"
	elif [ "$ran" -ne "$running" ] || [ $((GOT_P + GOT_F + GOT_S)) -ne "$running" ]; then
		PROBLEM="was running $running tests but reported $ran run, $GOT_P passed, $GOT_F failed, $GOT_S skipped: it crashed or stopped"
	fi
}

# Read the closing line "N passed, M failed[, K skipped]" of a script's output in file $1
# into GOT_P, GOT_F, GOT_S and its "skip - " lines into GOT_SKIPS; PROBLEM when there is none.
count_plain() {
	local out="$1" line
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$out" | tail -n 1)
	GOT_SKIPS=$(sed -n 's/^skip - //p' "$out")
	PROBLEM=""
	GOT_P=0 GOT_F=0 GOT_S=0
	if [ -z "$line" ]; then
		PROBLEM="printed no closing line \"N passed, M failed, K skipped\": it crashed or stopped"
		return
	fi
	GOT_P=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
	GOT_F=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
	case "$line" in
	*skipped) GOT_S=$(echo "$line" | sed -E 's/.* ([0-9]+) skipped$/\1/') ;;
	*) GOT_S=$(printf '%s' "$GOT_SKIPS" | grep -c .) ;;
	esac
}

# Replace $BUILD, $ASAN, $FUZZ and $LOCALE in $1; prints the result.
expand() {
	local s="$1"
	s="${s//'$BUILD'/$BUILD}"
	s="${s//'$ASAN'/$ASAN}"
	s="${s//'$FUZZ'/$FUZZ}"
	s="${s//'$LOCALE'/$LOCALE}"
	printf '%s' "$s"
}

# Make the comma locale (de_DE.UTF-8, decimal point ',') under $LOCALE, once, for the
# stages that name it; it is a check of its own: a failure is said loudly, and in CI fails.
comma_locale() {
	[ -n "$LOCALE_MADE" ] && return
	LOCALE_MADE=1
	local err
	echo "== comma-locale"
	mkdir -p "$LOCALE"
	err=$(localedef -i de_DE -f UTF-8 "$LOCALE/de_DE.UTF-8" 2>&1)
	if [ "$(env LOCPATH="$LOCALE" LC_ALL=de_DE.UTF-8 bash -c 'printf "%.1f" 1' 2>/dev/null)" = "1,0" ]; then
		echo "ok - comma-locale: de_DE.UTF-8 made with localedef, its decimal point a comma"
		passed=$((passed + 1))
		return
	fi
	local why="localedef -i de_DE -f UTF-8 made no working comma locale, so the unit tests of formatting and parsing under it skip (install the locales package: scripts/install-deps)"
	echo "# ********************************************************************"
	echo "# WARNING: $why"
	printf '%s\n' "$err" | sed 's/^/#   localedef: /'
	echo "# ********************************************************************"
	if [ "${CI:-}" = true ]; then
		fail comma-locale "$why"
	else
		echo "skip - comma-locale: $why"
		skipped=$((skipped + 1))
		SKIPS+=("comma-locale: $why")
	fi
}

# What is missing for the command words "$@" (raw words in RAW[]): its program, and any
# path it names under a build directory; prints them, nothing when all is there.
missing_of() {
	local i=0 w prog="" miss=""
	local -a words=("$@")
	# the program: past "env" and VAR=value
	for ((i = 0; i < ${#words[@]}; i++)); do
		w="${words[$i]}"
		if [ "$i" -eq 0 ] && [ "$w" = env ]; then continue; fi
		case "$w" in *=*) [ "${words[0]}" = env ] && continue ;; esac
		prog="$w"
		break
	done
	if [ -z "$prog" ]; then
		miss="a program to run"
	elif [[ "$prog" == */* ]]; then
		[ -f "$prog" ] && [ -x "$prog" ] || miss="$prog"
	else
		command -v "$prog" >/dev/null 2>&1 || miss="$prog"
	fi
	for ((i = 0; i < ${#words[@]}; i++)); do
		case "${RAW[$i]}" in
		*'$BUILD'* | *'$ASAN'* | *'$FUZZ'*)
			w="${words[$i]#*=}"
			[ "$w" = "$prog" ] || [ -e "$w" ] || miss="${miss:+$miss, }$w"
			;;
		esac
	done
	printf '%s' "$miss"
}

# Run one stage: kind, name, minimum, then the command's raw words.
run_stage() {
	local kind="$1" name="$2" min="$3"
	shift 3
	RAW=("$@")
	local -a cmd=()
	local w
	for w in "$@"; do
		case "$w" in *'$LOCALE'*) comma_locale ;; esac
		cmd+=("$(expand "$w")")
	done
	echo "== $name"
	local miss
	miss="$(missing_of "${cmd[@]}")"
	if [ -n "$miss" ]; then
		fail "$name" "missing $miss (not built, or not there)"
		return
	fi
	local out="$LOG/stage.log"
	"${cmd[@]}" </dev/null >"$out" 2>&1
	local rc=$?
	cat "$out"
	"count_$kind" "$out"
	if [ -n "$PROBLEM" ]; then
		fail "$name" "$PROBLEM (exit status $rc)"
		return
	fi
	passed=$((passed + GOT_P))
	failed=$((failed + GOT_F))
	skipped=$((skipped + GOT_S))
	[ "$GOT_F" -gt 0 ] && FAILED_STAGES+=("$name")
	local s reason
	while IFS= read -r s; do
		[ -n "$s" ] || continue
		if [ "$kind" = cmocka ]; then
			# cmocka names a skipped test but not why: the test says so on stderr
			reason=$(grep -i 'skipping' "$out" | grep -v '^\[' | sort -u | paste -sd ';' -)
			s="$s: ${reason:-skip() called, no reason printed}"
			echo "skip - $name/$s"
		fi
		SKIPS+=("$name: $s")
	done <<<"$GOT_SKIPS"
	local total=$((GOT_P + GOT_F + GOT_S))
	if [ "$rc" -gt 128 ] && [ "$rc" -le 192 ]; then
		fail "$name" "died of signal $((rc - 128)) (exit status $rc) after $total checks"
	elif [ "$rc" -ne 0 ] && [ "$GOT_F" -eq 0 ]; then
		fail "$name" "exited $rc without reporting a failure"
	fi
	if [ "$total" -lt "$min" ]; then
		fail "$name" "reported $total checks, fewer than the $min the manifest expects"
	fi
}

# The "units" line: every unit test of the Makefile's UNIT has a stage in each build
# directory given, and there are at least MIN of them.
run_units() {
	local name="$1" min="$2" list u d dirs="" miss="" n
	shift 2
	echo "== $name"
	for d in "$@"; do
		d="$(expand "$d")"
		case " $dirs " in *" $d "*) ;; *) dirs="${dirs:+$dirs }$d" ;; esac
	done
	if ! list="$(make -s --no-print-directory print-unit 2>&1)"; then
		printf '%s\n' "$list" | sed 's/^/#   /'
		fail "$name" "make -s print-unit failed"
		return
	fi
	list="$(printf '%s\n' "$list" | tail -n 1)"
	n=$(echo $list | wc -w)
	for d in $dirs; do
		for u in $list; do
			grep -qxF "$d/test_$u" <<<"$STAGE_NAMES" || miss="${miss:+$miss, }$d/test_$u"
		done
	done
	if [ "$n" -lt "$min" ]; then
		fail "$name" "the Makefile's UNIT names $n unit tests, fewer than the $min the manifest expects"
	elif [ -n "$miss" ]; then
		fail "$name" "no stage in $MANIFEST for $miss (in the Makefile's UNIT)"
	else
		echo "ok - $name: the $n unit tests of the Makefile's UNIT each have a stage, in $dirs"
		passed=$((passed + 1))
	fi
}

export TZ=UTC
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

# Read the manifest whole first (the "units" line needs every stage's name).
LINES=()
STAGE_NAMES=""
if [ ! -r "$MANIFEST" ]; then
	fail manifest "cannot read $MANIFEST"
else
	set -f
	lineno=0
	while IFS= read -r line || [ -n "$line" ]; do
		lineno=$((lineno + 1))
		line="${line%%#*}"
		read -r -a f <<<"$line"
		[ "${#f[@]}" -eq 0 ] && continue
		case "${f[0]}" in
		cmocka | plain | units) ;;
		*)
			fail manifest "$MANIFEST:$lineno: unknown kind '${f[0]}'"
			continue
			;;
		esac
		if [ "${#f[@]}" -lt 4 ] || ! [[ "${f[2]}" =~ ^[0-9]+$ ]]; then
			fail manifest "$MANIFEST:$lineno: expected KIND NAME MIN COMMAND..."
			continue
		fi
		if [[ "$(expand "$line")" == *'$'* ]]; then
			fail manifest "$MANIFEST:$lineno: a \$ that is none of \$BUILD \$ASAN \$FUZZ \$LOCALE"
			continue
		fi
		LINES+=("$line")
		STAGE_NAMES+="$(expand "${f[1]}")"$'\n'
	done <"$MANIFEST"
	set +f
fi

RAN=""
for line in "${LINES[@]}"; do
	set -f
	read -r -a f <<<"$line"
	set +f
	name="$(expand "${f[1]}")"
	if grep -qxF "$name" <<<"$RAN"; then
		echo "# $name: the same stage as one above (the two build directories are one), run once"
		continue
	fi
	RAN+="$name"$'\n'
	case "${f[0]}" in
	units) run_units "$name" "${f[2]}" "${f[@]:3}" ;;
	*) run_stage "${f[0]}" "$name" "${f[2]}" "${f[@]:3}" ;;
	esac
done

if [ "${CI:-}" = true ] && [ "$skipped" -gt 0 ]; then
	fail CI "$skipped skipped; under CI=true everything must run"
	printf '#   skipped: %s\n' "${SKIPS[@]}"
fi
if [ "${#FAILED_STAGES[@]}" -gt 0 ]; then
	echo "# failed: $(printf '%s\n' "${FAILED_STAGES[@]}" | awk '!seen[$0]++' | paste -sd ' ' -)"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && { [ "${CI:-}" != true ] || [ "$skipped" -eq 0 ]; }
