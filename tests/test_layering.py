"""The folder list is the architecture: imports flow one way, checked from the source.

Every module of ``actplot`` is parsed with ``ast``; imports inside functions
count too (a lazy import is still a dependency). The packages form layers:

    catalogue <- formula <- analysis, network, text, sweep, output <- render <- batch <- cli

``catalogue`` and ``formula`` import neither ``render``, ``cli``, click nor
matplotlib; ``network`` and ``analysis`` no matplotlib either; only ``cli``
imports click; ``render`` never imports ``cli``; and no two packages (nor two
modules, counting module-level imports) import each other in a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "actplot"
MODULES = sorted(PACKAGE.rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, *, module_level_only: bool = False, name: str = "") -> set[str]:
    """Absolute names of every module ``path`` imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = name or _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    nodes = tree.body if module_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                prefix = ".".join(base)
                target = f"{prefix}.{node.module}" if node.module else prefix
            else:
                target = node.module or ""
            found.add(target)
            # ``from actplot import formula`` imports the module actplot.formula.
            for alias in node.names:
                found.add(f"{target}.{alias.name}")
    return found


def _layer(module: str) -> str | None:
    """The package of an actplot module (``render``), None for others or the facade."""
    parts = module.split(".")
    if parts[0] != "actplot" or len(parts) < 2:
        return None
    return (
        parts[1] if (PACKAGE / parts[1]).exists() or (PACKAGE / f"{parts[1]}.py").exists() else None
    )


FORBIDDEN = {
    "catalogue": ("actplot.render", "actplot.cli", "click", "matplotlib", "actplot.formula"),
    "formula": ("actplot.render", "actplot.cli", "click", "matplotlib"),
    "analysis": ("actplot.render", "actplot.cli", "click", "matplotlib"),
    "network": ("actplot.render", "actplot.cli", "click", "matplotlib"),
    "text": ("actplot.render", "actplot.cli", "click", "matplotlib"),
    "sweep": ("actplot.render", "actplot.cli", "click", "matplotlib"),
    "output": ("actplot.render", "actplot.cli", "click", "matplotlib"),
    "render": ("actplot.cli", "click"),
    "batch": ("actplot.cli", "click"),
}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_module_imports_only_what_its_layer_allows(path):
    layer = _layer(_module_name(path))
    if layer is None or layer not in FORBIDDEN:
        return
    bad = sorted(
        imported
        for imported in _imports(path)
        for banned in FORBIDDEN[layer]
        if imported == banned or imported.startswith(banned + ".")
    )
    assert not bad, f"{_module_name(path)} ({layer}/) imports {', '.join(bad)}"


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_packages_import_each_other_in_no_cycle():
    graph: dict[str, set[str]] = {}
    for path in MODULES:
        own = _layer(_module_name(path))
        if own is None:
            continue
        deps = {_layer(m) for m in _imports(path)} - {None, own}
        graph.setdefault(own, set()).update(d for d in deps if d is not None)
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_modules_import_each_other_in_no_cycle():
    names = {_module_name(p) for p in MODULES}
    graph = {
        _module_name(p): {m for m in _imports(p, module_level_only=True) if m in names}
        - {_module_name(p)}
        for p in MODULES
    }
    # A package's __init__ importing its own submodules is how packages work.
    for name in graph:
        graph[name] = {m for m in graph[name] if not name.startswith(m + ".") or m == "actplot"}
    graph["actplot"] = set()  # the facade: everything may import the public API
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_check_sees_a_forbidden_import(tmp_path):
    # The checker itself: a matplotlib import inside a function is found.
    fake = tmp_path / "mod.py"
    fake.write_text("def f():\n    import matplotlib.pyplot as plt\n    from . import x\n")
    assert {"matplotlib.pyplot", "actplot.catalogue.x"} <= _imports(
        fake, name="actplot.catalogue.mod"
    )


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_no_module_is_over_600_lines(path):
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= 600, f"{_module_name(path)} has {lines} lines"
