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

# The layers, bottom up. Kernel: the validated types, errors, translations and the server's and
# pages' shared machinery. Base: folders any feature may use (the campaign hub, accounts, the
# directory of legislatures). Features: one per thing Petrel does; none imports another. Root:
# the composition root, the only place that puts features together (pages, and `kinds`, which
# matches on a campaign's kind); nothing imports it.
KERNEL = ["domain", "error", "i18n", "site", "form_echo", "html", "ssr", "ui", "api"]
BASE = ["campaigns", "accounts", "directory"]
FEATURES = ["petitions", "letters", "donations", "lists"]
COMPOSITION = ["pages", "kinds"]
BELOW_DOMAIN = ["domain", "error", "i18n"]


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
def is_leaf(rel):
    """A file whose imports stay in the kernel or its own folder (a settings or cache type)."""
    return all(area(d) in KERNEL or area(d) == area(rel) for d in edges.get(rel, ()))


for src, deps in sorted(edges.items()):
    a = area(src)
    parts = src.split(os.sep)
    for d in sorted(deps):
        b = area(d)
        if is_mod_file(src) and d.startswith(os.path.dirname(src)):
            continue
        if parts[-1] == "views.rs" and a not in COMPOSITION and b not in ("domain",) and a != b:
            problems.append(f"views import more than domain: {src} -> {d}")
        if b in COMPOSITION and a not in COMPOSITION:
            problems.append(f"imports the composition root: {src} -> {d}")
        if a in KERNEL and b in FEATURES + BASE and not src.endswith("ssr/state.rs"):
            problems.append(f"kernel points up: {src} -> {d}")
        if src.endswith("ssr/state.rs") and b in FEATURES + BASE and not is_leaf(d):
            problems.append(f"state points at more than a leaf settings or cache file: {src} -> {d}")
        if a in FEATURES + BASE and "ssr" in parts and b in ("ui", "api") or (
            a in FEATURES + BASE and "ssr" in parts and len(dparts := d.split(os.sep)) > 1 and dparts[1] in ("api", "pages")
        ):
            problems.append(f"services import pages or server functions: {src} -> {d}")
        if a in BASE and b in FEATURES:
            problems.append(f"{a} imports a feature: {src} -> {d}")
        if a in FEATURES and b in FEATURES and a != b:
            problems.append(f"feature imports another feature: {src} -> {d}")
        if a == "domain" and b not in BELOW_DOMAIN:
            problems.append(f"domain imports {b}: {src} -> {d}")

# The server crate sits above the app; it must not reach into the pages' kit.
SERVER = os.path.join(os.path.dirname(ROOT), "..", "server", "src")
for dirpath, _, names in os.walk(SERVER):
    for name in names:
        if name.endswith(".rs"):
            p = os.path.join(dirpath, name)
            if re.search(r"\bapp::ui\b", strip_comments(open(p, encoding="utf-8").read())):
                problems.append(f"server imports ui: {os.path.relpath(p, os.path.dirname(SERVER))}")

# Code that also runs in the browser reads no clock: in wasm32-unknown-unknown `Utc::now()`
# panics, and a page that called it stayed "Loading…" with JavaScript on. Only server code
# (an `ssr` folder or file) may; pages get the time from the server.
CLOCK = re.compile(r"\b(Utc::now|Local::now|SystemTime::now|Instant::now)\s*\(")
for mod, rel in files.items():
    if "ssr" in rel.split(os.sep) or rel.split(os.sep)[-1] == "ssr.rs":
        continue
    text = strip_comments(open(os.path.join(ROOT, rel), encoding="utf-8").read()).split("#[cfg(test)]")[0]
    # Server functions' bodies run on the server.
    text = re.sub(r"#\[server[^\]]*\][^{]*\{.*?\n\}", "", text, flags=re.S)
    if CLOCK.search(text):
        problems.append(f"reads the clock in code the browser runs: {rel}")

print(f"{len(files)} files, {sum(len(d) for d in edges.values())} imports between them")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
