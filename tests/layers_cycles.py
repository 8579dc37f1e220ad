#!/usr/bin/env python3
"""The link graph of kpidash's objects, read from their symbols with nm.

usage: layers_cycles.py [--sources DIR] cycles BUILD_DIR
       layers_cycles.py [--sources DIR] rule NAME BUILD_DIR   (NAME: a key of RULES)

The objects are every .o under BUILD_DIR/obj (recursively) and BUILD_DIR/gen/*.o.
With --sources, an object whose source is gone (obj/X.o without DIR/X.c, gen/X.o
without BUILD_DIR/gen/X.c) is left over from an older build: it is left out, and
said so. Object A uses object B when A leaves undefined a global symbol that B defines;
symbols no object defines (libc, curses, curl, ...) are not edges. An object is
named by its path under obj/ ("tui/frame.o", "config.o"), or "gen/NAME.o".

cycles: fails when two or more objects use each other, directly or around a
longer loop (a strongly connected component bigger than one), and prints each
loop as "a.o -> b.o -> a.o" with the symbols behind every step.
rule:   fails when an object breaks the one-way folder rule NAME, printing each
use that breaks it. Exit status: 0 holds, 1 broken, 2 cannot tell (no objects, no nm).
"""

import os
import subprocess
import sys
from collections import deque

# The one-way folder rules. The folder of an object is the first part of its
# name ("tui", "client"...); "." for the top level (main.o, config.o...) and
# "gen" for the embedded data. Each rule: which folders it governs, what it
# says, and the test of one use (from folder, to object name) that it allows.
RULES = {
    "client": (
        ("client",),
        "client/ uses no symbol of tui/, views/ or app/",
        lambda f, name: folder(name) not in ("tui", "views", "app"),
    ),
    "tui": (
        ("tui",),
        "tui/ uses no symbol of client/, views/ or app/",
        lambda f, name: folder(name) not in ("client", "views", "app"),
    ),
    "util": (
        ("util",),
        "util/ uses no symbol outside util/",
        lambda f, name: folder(name) == "util",
    ),
    "views": (
        ("views",),
        "views/ uses no symbol of app/ or report/",
        lambda f, name: folder(name) not in ("app", "report"),
    ),
    "analysis": (
        ("analysis",),
        "analysis/ uses only analysis/, util/ and client/series",
        lambda f, name: folder(name) in ("analysis", "util") or name == "client/series.o",
    ),
    "app": (
        None,  # every folder
        "only main.o and app/ use symbols of app/",
        lambda f, name: folder(name) != "app" or f == "app" or f == ".main",
    ),
}


def folder(name):
    """The folder an object name belongs to; "." for the top level."""
    return name.split("/", 1)[0] if "/" in name else "."


def subject(name):
    """The folder a rule sees an object in: main.o stands apart from the top level."""
    return ".main" if name == "main.o" else folder(name)


def objects(build):
    """The objects of build as {name: (object path, source path)}, sorted by name."""
    found = {}
    top = os.path.join(build, "obj")
    for root, dirs, files in os.walk(top):
        dirs.sort()
        for f in files:
            if f.endswith(".o"):
                path = os.path.join(root, f)
                name = os.path.relpath(path, top).replace(os.sep, "/")
                found[name] = (path, name[:-2] + ".c")
    gen = os.path.join(build, "gen")
    if os.path.isdir(gen):
        for f in os.listdir(gen):
            if f.endswith(".o"):
                path = os.path.join(gen, f)
                found["gen/" + f] = (path, os.path.abspath(path[:-2] + ".c"))
    return dict(sorted(found.items()))


def current(objs, sources):
    """The objects whose source is still in sources, saying which are left out."""
    kept, gone = {}, []
    for name, (path, src) in objs.items():
        if os.path.exists(os.path.join(sources, src)):
            kept[name] = path
        else:
            gone.append(name)
    if gone:
        print("# left out, their sources gone (an older build's): " + " ".join(gone))
    return kept


def symbols(path):
    """The global symbols path defines and those it leaves undefined, as two sets."""
    out = subprocess.run(["nm", "-P", "-g", path], check=True, capture_output=True,
                         text=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        sym, kind = parts[0], parts[1]
        (undefined if kind in ("U", "w", "v") else defined).add(sym)
    return defined, undefined


def graph(objs):
    """The uses between objects: {a: {b: sorted symbols a uses of b}}."""
    syms = {name: symbols(path) for name, path in objs.items()}
    owner = {}
    for name, (defined, _) in syms.items():
        for s in defined:
            owner.setdefault(s, []).append(name)
    uses = {name: {} for name in objs}
    for name, (_, undefined) in syms.items():
        for s in undefined:
            for b in owner.get(s, ()):
                if b != name:
                    uses[name].setdefault(b, []).append(s)
    for edges in uses.values():
        for b in edges:
            edges[b].sort()
    return uses


def components(uses):
    """The strongly connected components of the graph (Tarjan), each a sorted list."""
    index, low, stack, on, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(uses[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            found.append(sorted(comp))

    for v in sorted(uses):
        if v not in index:
            visit(v)
    return sorted(found)


def loop(uses, comp):
    """The shortest loop from comp's first object back to it, inside comp."""
    start, members = comp[0], set(comp)
    back = {start: None}
    todo = deque([start])
    while todo:
        v = todo.popleft()
        for w in sorted(uses[v]):
            if w == start:
                path = [v]
                while back[path[-1]] is not None:
                    path.append(back[path[-1]])
                return path[::-1] + [start]
            if w in members and w not in back:
                back[w] = v
                todo.append(w)
    return [start, start]


def brief(syms, most=4):
    """A short list of symbols for a message."""
    more = f", +{len(syms) - most}" if len(syms) > most else ""
    return ", ".join(syms[:most]) + more


def check_cycles(uses):
    """Print every loop among the objects; True when there is none."""
    bad = [c for c in components(uses) if len(c) > 1]
    for comp in bad:
        path = loop(uses, comp)
        print("cycle: " + " -> ".join(path))
        for a, b in zip(path, path[1:]):
            print(f"#   {a} uses {b}: {brief(uses[a][b])}")
        if len(comp) > len(path) - 1:
            print("#   the whole knot: " + " ".join(comp))
    return not bad


def check_rule(uses, rule):
    """Print every use that breaks the folder rule; True when there is none."""
    governs, says, allows = RULES[rule]
    ok = True
    for a in sorted(uses):
        f = subject(a)
        if governs is not None and f not in governs:
            continue
        for b in sorted(uses[a]):
            if not allows(f, b):
                print(f"breaks '{says}': {a} uses {b}: {brief(uses[a][b])}")
                ok = False
    return ok


def main(argv):
    """Run the check named by argv; the exit status says whether it holds."""
    args, sources = argv[1:], None
    if len(args) > 2 and args[0] == "--sources":
        sources, args = args[1], args[2:]
    if len(args) == 2 and args[0] == "cycles":
        build, rule = args[1], None
    elif len(args) == 3 and args[0] == "rule" and args[1] in RULES:
        build, rule = args[2], args[1]
    else:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        print("rules: " + " ".join(RULES), file=sys.stderr)
        return 2
    objs = objects(build)
    if sources is not None:
        objs = current(objs, sources)
    else:
        objs = {name: path for name, (path, _) in objs.items()}
    if not objs:
        print(f"no objects under {build}/obj: build it first", file=sys.stderr)
        return 2
    try:
        uses = graph(objs)
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"cannot read the symbols: {e}", file=sys.stderr)
        return 2
    held = check_cycles(uses) if rule is None else check_rule(uses, rule)
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
