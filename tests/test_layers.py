"""The layer contract (docs/architecture.md), read from the source with ``ast``: every import statement counts.

Imports inside functions, methods and ``if TYPE_CHECKING:`` blocks are edges
like any other, so a cycle cannot hide in a function. The layers, lowest first::

    base (every top-level module: errors, units, clinical, case, presets, _version, ...)
      < physio < sound < {files, play} < view < teach < cli

A module imports its own layer or lower, never higher; files and play are one
level but neither imports the other. ``murmur/__init__.py`` and
``murmur/__main__.py`` are the facade above everything and may import anything.
An import of a package is an edge to its ``__init__``; ``from . import x``
where x is a submodule is an edge to that submodule. Parent packages that
Python also initialises on the way (``murmur``, ``murmur.sound``) are not
counted: the edge is to the module named.

``importlib.import_module`` is not an import statement and is not an edge; it is
checked apart: the one sanctioned call naming a murmur module is
``Sound._repr_html_``'s of ``murmur.view.notebook``, and the packages' lazy
``__getattr__`` may load only their own submodules.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parent.parent
_PKG = _ROOT / "murmur"

#: The facade: above every layer, may import anything.
_FACADE = {"murmur", "murmur.__main__"}
#: Sub-packages by layer; every top-level module (not a package) is base, layer 0.
_LAYERS = {"physio": 1, "sound": 2, "files": 3, "play": 3, "view": 4, "teach": 5, "cli": 6}
#: Third-party libraries and where they may be imported (module names, or a package and all below it).
_LIBRARIES = {
    "matplotlib": ("murmur.view",),
    "PIL": ("murmur.view",),
    "sounddevice": ("murmur.play",),
    "tkinter": ("murmur.view.windows", "murmur.view.app"),
}
#: The one upward hook: a Sound's notebook display draws its figure (docs/architecture.md).
_SANCTIONED_DYNAMIC = {("murmur.sound.sound", "murmur.view.notebook")}
#: Most names in a sub-package's __all__: a short public face.
_MAX_ALL = 20


@dataclass(frozen=True)
class Edge:
    src: str
    dst: str  # a murmur module, or a library's top-level name
    line: int
    type_only: bool  # under `if TYPE_CHECKING:`: never runs

    def __str__(self) -> str:
        return f"{self.src} -> {self.dst} (line {self.line})"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


_FILES = {_module_name(p): p for p in sorted(_PKG.rglob("*.py"))}
_TREES = {m: ast.parse(p.read_text(encoding="utf-8"), str(p)) for m, p in _FILES.items()}


def _is_package(mod: str) -> bool:
    return _FILES[mod].name == "__init__.py"


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, type_only: bool = False) -> Iterator[tuple[ast.AST, bool]]:
    """Every node below ``node`` (functions and classes included), with whether it is under TYPE_CHECKING."""
    for child in ast.iter_child_nodes(node):
        yield child, type_only
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for stmt in child.body:
                yield stmt, True
                yield from _walk(stmt, True)
            for stmt in child.orelse:
                yield stmt, type_only
                yield from _walk(stmt, type_only)
        else:
            yield from _walk(child, type_only)


def _resolve_from(mod: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = mod if _is_package(mod) else mod.rpartition(".")[0]
    parts = package.split(".")
    base = ".".join(parts[: len(parts) - (node.level - 1)])
    return f"{base}.{node.module}" if node.module else base


def _edges(mod: str) -> Iterator[Edge]:
    """Every import statement of ``mod``: murmur modules by full name, other libraries by top-level name."""
    for node, type_only in _walk(_TREES[mod]):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.partition(".")[0]
                yield Edge(mod, alias.name if top == "murmur" else top, node.lineno, type_only)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve_from(mod, node)
            if target.partition(".")[0] != "murmur":
                yield Edge(mod, target.partition(".")[0], node.lineno, type_only)
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                yield Edge(mod, sub if sub in _FILES else target, node.lineno, type_only)


_EDGES = [e for m in _FILES for e in _edges(m)]
_INTERNAL = [e for e in _EDGES if e.dst.partition(".")[0] == "murmur"]


def _layer(mod: str) -> tuple[int, str]:
    """(level, group) of a module; the facade is above everything."""
    if mod in _FACADE:
        return 99, "facade"
    parts = mod.split(".")
    if len(parts) == 2 and not _is_package(mod):
        return 0, "base"
    if parts[1] not in _LAYERS:
        raise AssertionError(f"{mod}: sub-package murmur.{parts[1]} has no layer; add it to _LAYERS")
    return _LAYERS[parts[1]], parts[1]


def _breaks_layers(e: Edge) -> bool:
    if e.src in _FACADE:
        return False
    (src_level, src_group), (dst_level, dst_group) = _layer(e.src), _layer(e.dst)
    return dst_level > src_level or (dst_level == src_level and dst_group != src_group)


def _library_breaks(e: Edge) -> bool:
    allowed = _LIBRARIES.get(e.dst)
    if allowed is None or e.type_only:  # TYPE_CHECKING-only: a hint, never loaded
        return False
    return not any(e.src == a or e.src.startswith(a + ".") for a in allowed)


def _fail(title: str, edges: list[Edge]) -> None:
    if edges:
        pytest.fail(f"{title}:\n" + "\n".join(f"  {e}" for e in sorted(edges, key=str)), pytrace=False)


def test_every_internal_import_names_a_module_of_the_package():
    _fail("imports of murmur modules that do not exist", [e for e in _INTERNAL if e.dst not in _FILES])


def test_no_module_imports_a_higher_layer_or_its_sibling():
    # files and play are one level: neither imports the other (today neither does)
    bad = [e for e in _INTERNAL if e.dst in _FILES and _breaks_layers(e)]
    _fail("imports of a higher layer (or between files/ and play/)", bad)


def test_libraries_are_imported_only_where_they_belong():
    bad = [e for e in _EDGES if _library_breaks(e)]
    _fail(f"libraries imported outside their place {_LIBRARIES}", bad)


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for w in graph[todo.pop()] - seen:
            seen.add(w)
            todo.append(w)
    return seen


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (a path back to its start) from each strongly connected component with one (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1 or v in graph.get(v, ()):
                found.append(_path_back(graph, v, comp))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


def _path_back(graph: dict[str, set[str]], start: str, comp: set[str]) -> list[str]:
    """Shortest path start -> ... -> start inside one component (breadth first)."""
    prev: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph.get(v, set()) & comp):
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(prev[path[-1]])
                    return [*reversed(path), start]
                if w not in prev:
                    prev[w] = v
                    nxt.append(w)
        frontier = nxt
    raise AssertionError(f"no cycle through {start}")


def _module_graph() -> dict[str, set[str]]:
    """Module -> the modules it imports (every import statement)."""
    graph: dict[str, set[str]] = {m: set() for m in _FILES}
    for e in _INTERNAL:
        if e.dst in _FILES:
            graph[e.src].add(e.dst)
    return graph


def _line(src: str, dst: str) -> int:
    return min(e.line for e in _INTERNAL if (e.src, e.dst) == (src, dst))


def test_no_import_cycle_among_modules():
    cycles = _cycles(_module_graph())
    if cycles:
        shown = ["\n".join(f"  {a} -> {b} (line {_line(a, b)})" for a, b in pairwise(c)) for c in cycles]
        pytest.fail("import cycles (function-level imports count), edge by edge:\n" + "\n\n".join(shown), pytrace=False)


def test_no_import_cycle_among_the_parts_of_any_package():
    """In each package, its direct parts (modules and sub-packages, each taken whole) import one another acyclically.

    A package's own ``__init__`` is left out: it imports its parts to re-export them.
    """
    graph = _module_graph()
    cycles = {}
    for pkg in (m for m in _FILES if _is_package(m)):

        def part(mod: str, pkg: str = pkg) -> str | None:
            if mod == pkg or not mod.startswith(pkg + "."):
                return None
            return ".".join(mod.split(".")[: pkg.count(".") + 2])

        parts: dict[str, set[str]] = {}
        for src, dsts in graph.items():
            for dst in dsts:
                a, b = part(src), part(dst)
                if a and b and a != b:
                    parts.setdefault(a, set()).add(b)
        if found := _cycles(parts):
            cycles[pkg] = [" -> ".join(c) for c in found]
    assert not cycles, f"cycles between the parts of a package: {cycles}"


# --- dynamic imports ---------------------------------------------------------------------------------------------


def _dynamic_import_calls() -> Iterator[tuple[str, ast.Call]]:
    for mod, tree in _TREES.items():
        for node, _ in _walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            if name in ("import_module", "__import__"):
                yield mod, node


def _lazy_targets(mod: str, call: ast.Call) -> list[str] | None:
    """Modules a package's lazy ``import_module(f".{_TABLE[name]}", __name__)`` can load, or None if not that form."""
    args = call.args
    if not (
        _is_package(mod)
        and len(args) == 2
        and isinstance(args[1], ast.Name)
        and args[1].id == "__name__"
        and isinstance(args[0], ast.JoinedStr)
        and len(args[0].values) == 2
        and isinstance(args[0].values[0], ast.Constant)
        and args[0].values[0].value == "."
        and isinstance(args[0].values[1], ast.FormattedValue)
        and isinstance(sub := args[0].values[1].value, ast.Subscript)
        and isinstance(sub.value, ast.Name)
    ):
        return None
    table = sub.value.id
    for stmt in _TREES[mod].body:  # the table must be one module-level dict literal of strings
        if isinstance(stmt, ast.Assign) and [getattr(t, "id", None) for t in stmt.targets] == [table]:
            if isinstance(stmt.value, ast.Dict) and all(
                isinstance(v, ast.Constant) and isinstance(v.value, str) for v in stmt.value.values
            ):
                return [f"{mod}.{v.value}" for v in stmt.value.values]  # type: ignore[union-attr]
    return None


def test_the_notebook_hook_is_the_only_dynamic_import_of_a_murmur_module():
    found, bad = set(), []
    for mod, call in _dynamic_import_calls():
        arg = call.args[0] if call.args else None
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and not arg.value.startswith("."):
            target = arg.value
            if target.partition(".")[0] != "murmur":
                edge = Edge(mod, target.partition(".")[0], call.lineno, False)
                if _library_breaks(edge):
                    bad.append(f"{edge} (dynamic: a library outside its place)")
                continue
            if (mod, target) in _SANCTIONED_DYNAMIC:
                found.add((mod, target))
                continue
            bad.append(f"{mod} -> {target} (line {call.lineno}): only {_SANCTIONED_DYNAMIC} may import dynamically")
        elif (targets := _lazy_targets(mod, call)) is not None:
            for t in targets:  # downward: the package's own submodules
                if t not in _FILES:
                    bad.append(f"{mod} -> {t} (line {call.lineno}): lazy name of a module that does not exist")
        else:
            bad.append(f"{mod} (line {call.lineno}): a dynamic import whose target the test cannot read")
    assert not bad, "dynamic imports:\n  " + "\n  ".join(bad)
    assert found == _SANCTIONED_DYNAMIC, f"the sanctioned hook moved or went: found {found}; update the test"


# --- the public faces --------------------------------------------------------------------------------------------

_SUBPACKAGES = sorted(m for m in _FILES if _is_package(m) and m != "murmur")


@pytest.mark.parametrize("pkg", _SUBPACKAGES)
def test_each_subpackage_has_a_short_all_whose_names_resolve(pkg):
    module = importlib.import_module(pkg)
    names = getattr(module, "__all__", None)
    assert names is not None, f"{pkg} has no __all__"
    assert len(names) <= _MAX_ALL, f"{pkg}.__all__ has {len(names)} names (at most {_MAX_ALL}): {names}"
    assert len(set(names)) == len(names), f"{pkg}.__all__ repeats a name: {names}"
    missing = [n for n in names if not hasattr(module, n)]
    assert not missing, f"{pkg}.__all__ names what it does not have: {missing}"


def test_the_facade_names_resolve():
    import murmur

    missing = [n for n in murmur.__all__ if not hasattr(murmur, n)]
    assert not missing, f"murmur.__all__ names what it does not have: {missing}"
