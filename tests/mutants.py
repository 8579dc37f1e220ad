#!/usr/bin/env python3
"""Plant the bugs of tests/mutants.txt one at a time and see the tests catch them.

usage: tests/mutants.py [--list FILE] [--only ID[,ID...]] [--keep]
       tests/mutants.py --plantable [--list FILE]

The working tree is copied (build directories left out) to a scratch directory and
built there once; every test a mutant names must pass on that unmutated copy first.
Then, for each mutant: the text is replaced in the copy, the binaries its test needs
are rebuilt, the test is run, and the file is put back. A mutant whose test fails is
killed; one whose test passes survived. Prints one line a mutant and, last,
"N mutants, K killed, S survived"; exits 1 when any survived or could not be planted.

--plantable only checks, in the working tree and in a second, that every mutant can
still be planted (its text occurs exactly once in its file, and its replacement
differs): one "ok - " or "not ok - " line a mutant, then "N passed, M failed, 0
skipped". make check runs it, so that a change to the code cannot quietly retire a
mutant.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = "build-mut"
KEYS = ("id", "file", "from", "to", "test")
TEST_TIMEOUT = 900


def parse(path):
    """The mutants of path, as dicts with every key of KEYS."""
    mutants, cur = [], {}
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if line.startswith("#"):
            continue
        if not line.strip():
            if cur:
                mutants.append(cur)
            cur = {}
            continue
        m = re.match(r"^(%s): (.*)$" % "|".join(KEYS), line)
        if not m:
            sys.exit("%s:%d: expected 'key: value' with a key of %s" % (path, n, ", ".join(KEYS)))
        cur[m.group(1)] = m.group(2)
    if cur:
        mutants.append(cur)
    for m in mutants:
        missing = [k for k in KEYS if k not in m]
        if missing:
            sys.exit("%s: mutant %s lacks %s" % (path, m.get("id", "?"), ", ".join(missing)))
    return mutants


def run(cmd, cwd, timeout=TEST_TIMEOUT, log=None):
    """Run cmd (a shell string) in cwd; its exit status (124 on timeout)."""
    env = dict(os.environ, BUILD=BUILD, TZ="UTC")
    out = open(log, "w") if log else subprocess.DEVNULL
    try:
        return subprocess.run(cmd, shell=True, cwd=cwd, env=env, stdout=out,
                              stderr=subprocess.STDOUT, timeout=timeout).returncode
    except subprocess.TimeoutExpired:
        return 124
    finally:
        if log:
            out.close()


def test_command(test):
    """The shell command and the make targets for a mutant's test field."""
    if test.startswith("unit:"):
        name = test[5:]
        return "%s/test_%s" % (BUILD, name), ["%s/test_%s" % (BUILD, name)]
    if test.startswith("script:"):
        return test[7:].replace("$BUILD", BUILD), ["all", "%s/kpi_rest_server" % BUILD]
    sys.exit("unknown test kind: %s (unit:NAME or script:COMMAND)" % test)


def copy_tree(dst):
    """The working tree into dst, without build directories or git's objects."""
    ignore = shutil.ignore_patterns("build", "build-*", ".git", "__pycache__")
    shutil.copytree(ROOT, dst, ignore=ignore, symlinks=True)


def plantable(mutants):
    """Whether every mutant can be planted in the working tree, said one a line."""
    ok = bad = 0
    for m in mutants:
        try:
            text = open(os.path.join(ROOT, m["file"]), encoding="utf-8").read()
        except OSError as e:
            text, why = "", str(e)
        else:
            why = "'%s' occurs %d times in %s" % (m["from"], text.count(m["from"]), m["file"])
        if text.count(m["from"]) == 1 and m["to"] != m["from"]:
            ok += 1
            print("ok - mutant %s can be planted in %s" % (m["id"], m["file"]))
        else:
            bad += 1
            print("not ok - mutant %s: %s" % (m["id"], why if text else why))
    print("%d passed, %d failed, 0 skipped" % (ok, bad))
    return 1 if bad else 0


def main():
    args = sys.argv[1:]
    listfile = os.path.join(ROOT, "tests", "mutants.txt")
    only, keep, check = None, False, False
    while args:
        a = args.pop(0)
        if a == "--list":
            listfile = args.pop(0)
        elif a == "--only":
            only = set(args.pop(0).split(","))
        elif a == "--keep":
            keep = True
        elif a == "--plantable":
            check = True
        else:
            sys.exit(__doc__)
    mutants = [m for m in parse(listfile) if only is None or m["id"] in only]
    if check:
        return plantable(mutants)
    work = tempfile.mkdtemp(prefix="kpidash-mutants-")
    tree = os.path.join(work, "tree")
    copy_tree(tree)
    t0 = time.time()
    print("# building the unmutated copy in %s" % tree, flush=True)
    opt = "OPT=-O1 -g"
    if run("make -s BUILD=%s '%s' tests" % (BUILD, opt), tree, log=os.path.join(work, "build.log")):
        print("not ok - the unmutated copy does not build (see %s/build.log)" % work)
        return 1
    baseline = {}
    for m in mutants:
        cmd, _ = test_command(m["test"])
        if cmd not in baseline:
            baseline[cmd] = run(cmd, tree, log=os.path.join(work, "baseline.log"))
            if baseline[cmd] != 0:
                print("not ok - the test '%s' fails before any mutant" % cmd)
                return 1
    print("# %d test commands pass unmutated (%.0f s)" % (len(baseline), time.time() - t0), flush=True)
    killed, survived, broken = [], [], []
    for m in mutants:
        path = os.path.join(tree, m["file"])
        text = open(path, encoding="utf-8").read()
        if text.count(m["from"]) != 1:
            broken.append(m["id"])
            print("not ok - %s: '%s' occurs %d times in %s" % (m["id"], m["from"], text.count(m["from"]), m["file"]))
            continue
        cmd, targets = test_command(m["test"])
        open(path, "w", encoding="utf-8").write(text.replace(m["from"], m["to"]))
        log = os.path.join(work, m["id"] + ".log")
        start = time.time()
        try:
            if run("make -s BUILD=%s '%s' %s" % (BUILD, opt, " ".join(targets)), tree, log=log):
                broken.append(m["id"])
                print("not ok - %s: does not compile (see %s)" % (m["id"], log), flush=True)
                continue
            rc = run(cmd, tree, log=log)
        finally:
            open(path, "w", encoding="utf-8").write(text)
            os.utime(path)
        secs = time.time() - start
        if rc != 0:
            killed.append(m["id"])
            print("killed   %-32s %-10s by %s (%.0f s)" % (m["id"], m["file"].split("/")[0], m["test"], secs), flush=True)
        else:
            survived.append(m["id"])
            print("SURVIVED %-32s %-10s %s passes with it (%.0f s)" % (m["id"], m["file"].split("/")[0], m["test"], secs), flush=True)
    run("make -s BUILD=%s '%s' tests" % (BUILD, opt), tree)  # leave the copy as it was
    print("# %.0f s in all" % (time.time() - t0))
    if survived:
        print("# survived: %s" % ", ".join(survived))
    if broken:
        print("# could not be planted: %s" % ", ".join(broken))
    print("%d mutants, %d killed, %d survived" % (len(mutants), len(killed), len(survived)))
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if survived or broken else 0


if __name__ == "__main__":
    sys.exit(main())
