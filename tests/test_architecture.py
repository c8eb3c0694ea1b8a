"""The house: no import circle between actviz's modules, no import from a lower layer to a
higher one, and render/ kept to a dozen modules.

Every import counts, wherever it is written: at the top of a module, inside a function (the
lazy imports that keep start-up light), and under ``if TYPE_CHECKING:``.  A circle through a
function-level import works at run time, but it ties the modules into one knot that can only
be understood, tested and moved together.  The imports are read with :mod:`ast`, so the check
imports nothing and takes a fraction of a second.

Layers, from the bottom (a module may import its own layer and the ones below it), as the
README's Development section lists them:

0. ``errors``, ``jsonable``, ``lazy``, ``output``, ``options``, ``styles``: plumbing that knows
   nothing of activations (``output`` writes files atomically for every layer above);
1. ``activations``: the registry, the families, formulas and plugins;
2. ``analysis``: numbers only;
3. ``render``: figures, terminal charts, tables and text made from those numbers;
4. ``products``: one result per command, the door the three front ends go through;
5. ``cli``, ``batch``, ``__main__`` and the package itself (``actviz/__init__.py``, the public
   API): the front ends.
"""

from __future__ import annotations

import ast
import collections
import functools
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "actviz"

LAYERS = {
    "actviz.errors": 0, "actviz.jsonable": 0, "actviz.lazy": 0, "actviz.output": 0,
    "actviz.options": 0, "actviz.styles": 0,
    "actviz.activations": 1,
    "actviz.analysis": 2,
    "actviz.render": 3,
    "actviz.products": 4,
    "actviz.cli": 5, "actviz.batch": 5, "actviz": 5, "actviz.__main__": 5,
}
MAX_RENDER_MODULES = 12


@dataclass(frozen=True)
class Import:
    """``source`` imports ``target`` (both module names) at ``line`` of the file ``where``."""

    source: str
    target: str
    where: str  # the file, relative to the package's folder: actviz/render/tables.py
    line: int
    code: str

    def __str__(self) -> str:
        return f"{self.where}:{self.line} `{self.code}`"


def modules(package: Path) -> dict[str, Path]:
    """Every module of ``package`` by dotted name; a package is named by its ``__init__.py``."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


@functools.lru_cache(maxsize=None)
def parsed(package: Path) -> tuple[tuple[str, Path, ast.Module], ...]:
    """Each module's name, file and syntax tree (read once: several checks walk them)."""
    return tuple((name, path, ast.parse(path.read_text(encoding="utf-8"), str(path)))
                 for name, path in modules(package).items())


def imports(package: Path) -> list[Import]:
    """Every import of one of ``package``'s modules by another, at any depth of the code."""
    known = modules(package)
    root = package.name
    edges = []
    for source, path, tree in parsed(package):
        for node in ast.walk(tree):
            for target in _targets(node, source, path, known):
                if target != root and not target.startswith(root + "."):
                    continue  # the standard library, numpy, rich, ...
                while target not in known:  # `from actviz.render.tables import Table`
                    target = target.rpartition(".")[0]
                if target != source:
                    edges.append(Import(source, target, _where(path, package), node.lineno,
                                        ast.unparse(node)))
    return edges


def _where(path: Path, package: Path) -> str:
    return path.relative_to(package.parent).as_posix()


def _targets(node: ast.AST, source: str, path: Path, known: dict[str, Path]) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:  # relative: from the module's package, one level up per extra dot
        package = source.split(".") if path.name == "__init__.py" else source.split(".")[:-1]
        package = package[:len(package) - node.level + 1]
        base = ".".join(package + ([base] if base else []))
    # `from actviz.render import canvas` imports the module canvas, not only the package
    return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
            for alias in node.names]


def circles(edges: list[Import]) -> list[list[Import]]:
    """One circle of imports per knot of modules that import each other (a strongly connected
    component), as the shortest way round from its first module back to itself."""
    graph = collections.defaultdict(list)
    for edge in edges:
        graph[edge.source].append(edge)
    found = []
    for knot in sorted(_knots(graph), key=min):
        found.append(_shortest_way_back(graph, min(knot), knot))
    return found


def _knots(graph: dict[str, list[Import]]) -> list[set[str]]:
    """Tarjan's strongly connected components of more than one module (iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    knots = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                target = child.target
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(graph[target])))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                knot = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    knot.add(member)
                    if member == node:
                        break
                if len(knot) > 1:
                    knots.append(knot)
    return knots


def _shortest_way_back(graph: dict[str, list[Import]], start: str, knot: set[str]) -> list[Import]:
    came_by: dict[str, Import] = {}
    queue = collections.deque([start])
    while queue:
        node = queue.popleft()
        for edge in graph[node]:
            if edge.target not in knot:
                continue
            if edge.target == start:
                way = [edge]
                while way[0].source != start:
                    way.insert(0, came_by[way[0].source])
                return way
            if edge.target not in came_by:
                came_by[edge.target] = edge
                queue.append(edge.target)
    raise AssertionError(f"{start} is in a knot but no way leads back to it")


def layer(module: str) -> int:
    """The layer of ``module``: its own entry in :data:`LAYERS`, else its package's."""
    name = module
    while name not in LAYERS:
        if "." not in name:
            raise KeyError(module)
        name = name.rpartition(".")[0]
    return LAYERS[name]


def upward(edges: list[Import]) -> list[Import]:
    """The imports of a module from a higher layer than its own."""
    return [edge for edge in edges if layer(edge.target) > layer(edge.source)]


# --------------------------------------------------------------------------------------------
# actviz itself
# --------------------------------------------------------------------------------------------

EDGES = imports(PACKAGE)


def test_the_imports_are_all_read():
    """The checks below would pass on an empty list: the parser must see real imports,
    function-level and TYPE_CHECKING ones included."""
    pairs = {(edge.source, edge.target) for edge in EDGES}
    assert len(EDGES) > 200
    assert ("actviz.activations.custom", "actviz.activations.formula") in pairs  # in a function
    assert ("actviz.render.words", "actviz.analysis.peaks") in pairs  # under TYPE_CHECKING
    assert ("actviz.activations", "actviz.activations.registry") in pairs  # from a package


def test_every_module_has_a_layer():
    unplaced = [module for module in modules(PACKAGE) if not _has_layer(module)]
    assert not unplaced, (f"give {', '.join(unplaced)} a layer in LAYERS "
                          "(tests/test_architecture.py) and the README's Development section")


def test_no_import_circle():
    found = circles(EDGES)
    assert not found, "import circles (break one import of each):\n" + "\n".join(
        " -> ".join([way[0].source] + [edge.target for edge in way])
        + "".join(f"\n    {edge}" for edge in way) for way in found) + (
        "\n(the shortest circle of each knot of modules that import each other; the whole "
        "knot must be untied)")


def test_no_import_from_a_higher_layer():
    found = upward(EDGES)
    assert not found, "imports from a higher layer:\n" + "\n".join(
        f"    {edge}: {edge.source} (layer {layer(edge.source)}) imports {edge.target} "
        f"(layer {layer(edge.target)})" for edge in found)


def test_render_does_not_sprawl():
    found = sorted(p.stem for p in (PACKAGE / "render").glob("*.py") if p.stem != "__init__")
    assert len(found) <= MAX_RENDER_MODULES, (
        f"render/ has {len(found)} modules ({', '.join(found)}); it is organised by medium: "
        "put a new drawing beside the others of its medium")


def test_only_the_command_line_imports_click():
    found = [edge for edge in _third_party(PACKAGE) if edge.target == "click"
             and edge.source != "actviz.cli"]
    assert not found, "the library never imports click:\n" + "\n".join(f"    {e}" for e in found)


def _has_layer(module: str) -> bool:
    try:
        layer(module)
    except KeyError:
        return False
    return True


def _third_party(package: Path) -> list[Import]:
    found = []
    for source, path, tree in parsed(package):
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and not node.level
                     else [])
            found += [Import(source, name.split(".")[0], _where(path, package), node.lineno,
                             ast.unparse(node)) for name in names if name]
    return found


# --------------------------------------------------------------------------------------------
# The checks themselves, on a small package with the faults they look for
# --------------------------------------------------------------------------------------------


@pytest.fixture
def faulty(tmp_path) -> Path:
    """A package ``actviz`` in which registry and formula import each other (the second in a
    function), and analysis imports render under TYPE_CHECKING."""
    files = {
        "__init__.py": "",
        "activations/__init__.py": "",
        "activations/registry.py": "def load():\n    from actviz.activations import formula\n",
        "activations/formula.py": "from .registry import load\n",
        "analysis/__init__.py": "",
        "analysis/tables.py": ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                               "    from actviz.render.words import significant\n"),
        "render/__init__.py": "",
        "render/words.py": "import actviz.analysis.tables\n",
    }
    for name, text in files.items():
        (tmp_path / "actviz" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "actviz" / name).write_text(text, encoding="utf-8")
    return tmp_path / "actviz"


def test_a_circle_is_found_and_named_by_its_imports(faulty):
    found = circles(imports(faulty))
    assert len(found) == 2  # registry <-> formula, and analysis.tables <-> render.words
    first = found[0]
    assert [(e.source, e.target) for e in first] == [
        ("actviz.activations.formula", "actviz.activations.registry"),
        ("actviz.activations.registry", "actviz.activations.formula"),
    ]
    assert str(first[1]) == "actviz/activations/registry.py:2 `from actviz.activations import formula`"


def test_an_upward_import_is_found_even_under_type_checking(faulty):
    found = upward(imports(faulty))
    assert [str(edge) for edge in found] == [
        "actviz/analysis/tables.py:3 `from actviz.render.words import significant`"]
