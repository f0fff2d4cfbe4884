#!/usr/bin/env python3
"""The file-level import graph of app/src, and the rules of docs/architecture.md checked on it.

Every `crate::a::b::…` path in a file (in `use` lines and inline) is resolved to the file that
defines the longest prefix of it; `super::` paths likewise. Prints the circles (strongly
connected components of more than one file) and the imports that break a layering rule, and
exits 1 if there are any, so `petrel.sh test` can hold the shape.

usage: scripts/import_graph.py [app/src]
"""
import os
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "app", "src")
ROOT = os.path.normpath(ROOT)

# Feature folders; `campaigns` is the hub and `accounts` the base every feature may use.
FEATURES = ["petitions", "letters", "directory", "donations", "lists"]
BASE = ["campaigns", "accounts"]


def module_of(path):
    rel = os.path.relpath(path, ROOT)[:-3].split(os.sep)
    if rel[-1] in ("mod", "lib"):
        rel = rel[:-1]
    return tuple(rel)


files = {}
for dirpath, _, names in os.walk(ROOT):
    for n in names:
        if n.endswith(".rs"):
            p = os.path.join(dirpath, n)
            files[module_of(p)] = os.path.relpath(p, ROOT)


def resolve(parts):
    """The file defining the longest prefix of module path `parts`."""
    for i in range(len(parts), -1, -1):
        if tuple(parts[:i]) in files:
            return files[tuple(parts[:i])]
    return None


def strip_comments(text):
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r'"(?:\\.|[^"\\])*"', '""', text)


def use_paths(text):
    """Every path in the file: inline ones and those of `use` trees, expanded."""
    out = []
    for m in re.finditer(r"\buse\s+([^;]+);", text, flags=re.S):
        out.extend(expand(m.group(1).replace("\n", " ")))
    for m in re.finditer(r"\b((?:crate|super)(?:::[A-Za-z_][A-Za-z0-9_]*)+)", text):
        out.append(m.group(1))
    return out


def expand(tree):
    tree = re.sub(r"\s+", "", tree)
    m = re.match(r"^([^{]*)\{(.*)\}$", tree)
    if not m:
        return [re.sub(r"as[A-Za-z_0-9]+$", "", tree)]
    prefix, inner = m.group(1), m.group(2)
    parts, depth, cur = [], 0, ""
    for ch in inner:
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += ch == "{"
        depth -= ch == "}"
        cur += ch
    parts.append(cur)
    out = []
    for p in parts:
        if p in ("", "self"):
            out.append(prefix.rstrip(":"))
        else:
            out.extend(expand(prefix + p))
    return out


edges = {}
for mod, rel in files.items():
    text = strip_comments(open(os.path.join(ROOT, rel), encoding="utf-8").read())
    # Unit tests (at the end of a file) may use anything.
    text = text.split("#[cfg(test)]")[0]
    deps = set()
    for path in use_paths(text):
        segs = path.split("::")
        if segs[0] == "crate":
            parts = segs[1:]
        elif segs[0] == "super":
            base = list(mod)
            while segs and segs[0] == "super":
                segs = segs[1:]
                base = base[:-1]
            parts = base + segs
        else:
            continue
        target = resolve(parts)
        if target and target != rel:
            deps.add(target)
    edges[rel] = deps


def sccs(graph):
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
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
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return out


def area(rel):
    return rel.split(os.sep)[0].removesuffix(".rs")


def is_mod_file(rel):
    return rel.endswith("mod.rs") or rel == "lib.rs"


problems = []
for comp in sccs(edges):
    # A folder's mod.rs re-exporting its own files is not a circle of dependence.
    problems.append("circle: " + " -> ".join(comp))
for src, deps in sorted(edges.items()):
    a = area(src)
    parts = src.split(os.sep)
    for d in sorted(deps):
        b = area(d)
        dparts = d.split(os.sep)
        if is_mod_file(src) and d.startswith(os.path.dirname(src)):
            continue
        if parts[-1] == "views.rs" and b not in ("domain",) and a != b:
            problems.append(f"views import more than domain: {src} -> {d}")
        if a in ("ssr", "domain", "ui") and b in FEATURES + BASE and not src.endswith("state.rs"):
            problems.append(f"kernel points up: {src} -> {d}")
        if a == "ssr" and src.endswith("state.rs") and b in FEATURES + BASE and not (
            d.endswith("settings.rs") or d.endswith("cache.rs")
        ):
            problems.append(f"state points at more than a feature's settings or cache: {src} -> {d}")
        if a in FEATURES and "ssr" in parts and b in ("ui", "api"):
            problems.append(f"feature services import ui/api: {src} -> {d}")
        if a in BASE and b in FEATURES:
            problems.append(f"{a} imports a feature: {src} -> {d}")
        if a in FEATURES and b in FEATURES and a != b:
            problems.append(f"feature imports another feature: {src} -> {d}")
        if a == "domain" and b != "domain":
            problems.append(f"domain imports {b}: {src} -> {d}")

print(f"{len(files)} files, {sum(len(d) for d in edges.values())} imports between them")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
