#!/usr/bin/env bash
# tests/run-all.sh tried on small manifests of planted stages (scripts, and a real cmocka
# binary compiled here), so that a skip, a missing binary, a crashing checker, a stage
# reporting fewer checks than its minimum or exiting non-zero without a failure are known
# to fail the run, and an all-good manifest to pass with the right three-part count. Also
# tests/check.sh's own check, skip and finish.
# usage: tests/test_runner_selftest.sh   (CC: the compiler, default cc)
set -u
cd "$(dirname "$0")/.." || exit 2
ROOT="$PWD"
. tests/check.sh

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
OUT="$TMP/out"
B="$TMP/build"
mkdir -p "$B" "$TMP/bin"

# A planted script $TMP/bin/NAME: bash with tests/check.sh sourced, then the text $2.
plant() {
	printf '#!/usr/bin/env bash\n. "%s/tests/check.sh"\n%s\n' "$ROOT" "$2" >"$TMP/bin/$1"
	chmod +x "$TMP/bin/$1"
}
plant good 'check one true; check two true; finish'
plant skipper 'check one true; skip planted "the planted reason"; finish'
plant failing 'check one true; check two false; finish'
plant crasher 'ulimit -c 0; kill -SEGV $$'
plant exit139 'exit 139'
plant crash_after 'ulimit -c 0; check one true; check two true; finish; kill -SEGV $$'
plant quiet_exit 'check one true; finish; exit 3'
plant old_style 'echo "ok - a"; echo "ok - b"; echo "2 passed, 0 failed"'

# A cmocka binary of 4 tests: b skips under SKIPB, c fails under FAILC, and d kills the
# process under CRASHK (a crash cmocka cannot catch: no report after it).
cat >"$TMP/planted.c" <<'EOF'
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
static void a(void **s) { (void)s; }
static void b(void **s)
{
	(void)s;
	if (getenv("SKIPB")) {
		fprintf(stderr, "planted reason; skipping\n");
		skip();
	}
}
static void c(void **s)
{
	(void)s;
	assert_true(getenv("FAILC") == NULL);
}
static void d(void **s)
{
	(void)s;
	if (getenv("CRASHK"))
		raise(SIGKILL);
}
int main(void)
{
	const struct CMUnitTest t[] = {cmocka_unit_test(a), cmocka_unit_test(b), cmocka_unit_test(c),
				       cmocka_unit_test(d)};
	return cmocka_run_group_tests(t, NULL, NULL);
}
EOF
"${CC:-cc}" -o "$B/test_planted" "$TMP/planted.c" -lcmocka >"$TMP/cc.log" 2>&1 ||
	{ sed 's/^/# /' "$TMP/cc.log"; check "the planted cmocka binary compiles" false; }

# Write manifest $TMP/NAME.m from the lines given.
manifest() {
	local name="$1"
	shift
	printf '%s\n' "$@" >"$TMP/$name.m"
}

# Run tests/run-all.sh on manifest NAME, with the env assignments after (CI unset unless
# given); output in $OUT, status in RC. The two build directories are both $B.
RC=0
runall() {
	local name="$1"
	shift
	env -u CI "$@" tests/run-all.sh --manifest "$TMP/$name.m" "$B" "$B" "$TMP/fuzz" >"$OUT" 2>&1
	RC=$?
}

# True when the run's closing line is $1 and its exit status says pass (0) or fail (1) as $2.
ends() {
	local last
	last="$(tail -n 1 "$OUT")"
	local passed_run=1
	[ "$RC" -eq 0 ] && passed_run=0
	if [ "$last" = "$1" ] && [ "$passed_run" = "$2" ]; then
		return 0
	fi
	echo "#   closing line '$last', exit $RC; want '$1', $([ "$2" = 0 ] && echo success || echo failure)"
	sed 's/^/#     | /' "$OUT" | tail -n 12
	return 1
}

# True when the run printed a line matching ERE $1.
said() {
	grep -Eq -- "$1" "$OUT" && return 0
	echo "#   no line matching: $1"
	sed 's/^/#     | /' "$OUT" | tail -n 12
	return 1
}

# --- all good ------------------------------------------------------------------------------
manifest good \
	"plain  good      2  $TMP/bin/good" \
	'cmocka planted   4  $BUILD/test_planted' \
	"plain  old-style 2  $TMP/bin/old_style"
runall good
check "an all-good manifest passes: 8 passed, 0 failed, 0 skipped" ends "8 passed, 0 failed, 0 skipped" 0
check "and names each stage it ran" said '^== good$' && said '^== planted$' && said '^== old-style$'
check "and every check (a script's ok lines, cmocka's [ OK ] lines) is in the output" \
	said '^ok - two$' && said '^\[       OK \] d$'
runall good CI=true
check "the same passes under CI=true, with the same count" ends "8 passed, 0 failed, 0 skipped" 0

# --- skips ---------------------------------------------------------------------------------
manifest skip "plain skipper 2 $TMP/bin/skipper"
runall skip
check "a planted skip outside CI passes, and is counted: 1 passed, 0 failed, 1 skipped" \
	ends "1 passed, 0 failed, 1 skipped" 0
check "the skip says why: 'skip - planted: the planted reason'" said '^skip - planted: the planted reason$'
runall skip CI=true
check "under CI=true a planted skip fails the run, still shown in K: 1 passed, 1 failed, 1 skipped" \
	ends "1 passed, 1 failed, 1 skipped" 1
check "and says so: 'not ok - CI: 1 skipped', listing the skip with its stage" \
	said '^not ok - CI: 1 skipped' && said '^#   skipped: skipper: planted: the planted reason$'

manifest cskip 'cmocka planted 4 env SKIPB=1 $BUILD/test_planted'
runall cskip
check "cmocka's '[  SKIPPED ] 1 test(s)' is counted: 3 passed, 0 failed, 1 skipped" \
	ends "3 passed, 0 failed, 1 skipped" 0
check "with the test's name and the reason it printed: 'skip - planted/b: planted reason; skipping'" \
	said '^skip - planted/b: planted reason; skipping$'
runall cskip CI=true
check "under CI=true a cmocka skip fails the run: 3 passed, 1 failed, 1 skipped" \
	ends "3 passed, 1 failed, 1 skipped" 1

# --- missing binaries ----------------------------------------------------------------------
manifest missing 'cmocka nosuch 1 $BUILD/test_nosuch' "plain good 2 $TMP/bin/good"
runall missing
check "a missing cmocka binary fails the run: 2 passed, 1 failed, 0 skipped" \
	ends "2 passed, 1 failed, 0 skipped" 1
check "with 'not ok - nosuch: missing .../test_nosuch'" said "^not ok - nosuch: missing $B/test_nosuch "
manifest noscript 'plain gone 1 tests/no_such_test.sh'
runall noscript
check "a missing script fails the run: 0 passed, 1 failed, 0 skipped" ends "0 passed, 1 failed, 0 skipped" 1
manifest noarg "plain needs 2 $TMP/bin/good \$BUILD/kpidash"
runall noarg
check "a missing binary a script is given (\$BUILD/kpidash) fails the stage before it runs" \
	ends "0 passed, 1 failed, 0 skipped" 1 && said "^not ok - needs: missing $B/kpidash "

# --- crashing checkers ---------------------------------------------------------------------
manifest crash "plain crasher 1 $TMP/bin/crasher"
runall crash
check "a checker that segfaults having printed nothing fails the run: 0 passed, 1 failed, 0 skipped" \
	ends "0 passed, 1 failed, 0 skipped" 1 && said '^not ok - crasher: printed no closing line.*exit status 139'
manifest e139 "plain e139 1 $TMP/bin/exit139"
runall e139
check "one that exits 139 having printed nothing fails too" ends "0 passed, 1 failed, 0 skipped" 1
manifest crash_after "plain crash-after 2 $TMP/bin/crash_after"
runall crash_after
check "one that crashes after a clean closing line fails: 2 passed, 1 failed, 0 skipped" \
	ends "2 passed, 1 failed, 0 skipped" 1 && said '^not ok - crash-after: died of signal 11'
manifest ckill 'cmocka planted 4 env CRASHK=1 $BUILD/test_planted'
runall ckill
check "a cmocka binary killed in its 4th test (no report after it) fails: 0 passed, 1 failed, 0 skipped" \
	ends "0 passed, 1 failed, 0 skipped" 1 && said '^not ok - planted: was running 4 tests but reported 0 run'
manifest cfail 'cmocka planted 4 env FAILC=1 $BUILD/test_planted'
runall cfail
check "a failing cmocka test is one failure, no more: 3 passed, 1 failed, 0 skipped" \
	ends "3 passed, 1 failed, 0 skipped" 1
manifest failing "plain failing 2 $TMP/bin/failing"
runall failing
check "a script's reported failure is one failure, no more: 1 passed, 1 failed, 0 skipped" \
	ends "1 passed, 1 failed, 0 skipped" 1

# --- minimums and exit statuses ------------------------------------------------------------
manifest few "plain good 3 $TMP/bin/good"
runall few
check "a stage reporting 2 checks against a minimum of 3 fails: 2 passed, 1 failed, 0 skipped" \
	ends "2 passed, 1 failed, 0 skipped" 1 && said '^not ok - good: reported 2 checks, fewer than the 3'
manifest cfew 'cmocka planted 5 $BUILD/test_planted'
runall cfew
check "a cmocka binary reporting 4 tests against a minimum of 5 fails" ends "4 passed, 1 failed, 0 skipped" 1
manifest quiet "plain quiet 1 $TMP/bin/quiet_exit"
runall quiet
check "a stage exiting non-zero without reporting a failure fails: 1 passed, 1 failed, 0 skipped" \
	ends "1 passed, 1 failed, 0 skipped" 1 && said '^not ok - quiet: exited 3 without reporting a failure$'

# --- the manifest itself -------------------------------------------------------------------
manifest badkind "shell good 2 $TMP/bin/good"
runall badkind
check "an unknown kind in the manifest fails the run" ends "0 passed, 1 failed, 0 skipped" 1
manifest badvar "plain good 2 $TMP/bin/good \$NOSUCH"
runall badvar
check "an unknown \$VARIABLE in the manifest fails the run" ends "0 passed, 1 failed, 0 skipped" 1
runall nosuchfile
check "a manifest that cannot be read fails the run" ends "0 passed, 1 failed, 0 skipped" 1
manifest units 'units unit-binaries 1 $BUILD $ASAN' 'cmocka $BUILD/test_planted 4 $BUILD/test_planted'
runall units
check "a unit test of the Makefile's UNIT without a stage fails the run (names $B/test_format)" \
	ends "4 passed, 1 failed, 0 skipped" 1 && said "^not ok - unit-binaries: no stage .*$B/test_format"
manifest twice 'cmocka $BUILD/test_planted 4 $BUILD/test_planted' 'cmocka $ASAN/test_planted 4 $ASAN/test_planted'
runall twice
check "when the two build directories are one, a stage of each is run once: 4 passed" \
	ends "4 passed, 0 failed, 0 skipped" 0

# --- tests/check.sh itself -----------------------------------------------------------------
(
	PASS=0 FAIL=0 SKIP=0 LAST_CAPTURE=""
	check a true >/dev/null
	r1=$?
	check b false >/dev/null
	r2=$?
	skip c "no reason at all" >"$TMP/skip.out"
	finish >"$TMP/finish.out"
	r3=$?
	[ "$r1" = 0 ] && [ "$r2" = 1 ] && [ "$r3" = 1 ] &&
		[ "$(cat "$TMP/skip.out")" = "skip - c: no reason at all" ] &&
		[ "$(cat "$TMP/finish.out")" = "1 passed, 1 failed, 1 skipped" ]
) >"$TMP/self.out" 2>&1
check "check.sh: check returns its status, skip prints 'skip - NAME: REASON', finish the three-part line and fails on a failure" \
	[ "$?" -eq 0 ]
(
	PASS=0 FAIL=0 SKIP=0
	skip only "why"
	finish
) >"$TMP/self.out" 2>&1
check "check.sh: a skip alone does not fail a script's finish (the runner decides, by CI)" \
	bash -c '[ "$1" = 0 ] && [ "$(tail -n 1 "$2")" = "0 passed, 0 failed, 1 skipped" ]' _ "$?" "$TMP/self.out"

finish
