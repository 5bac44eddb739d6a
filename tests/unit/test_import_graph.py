"""No import cycles inside cwsw_desktop/: every import counts, at module level, inside a function,
or under `if TYPE_CHECKING:` (a cycle hidden by a late import is still a cycle in the design).

The graph is built from the source with `ast`, so nothing is imported and the check takes
milliseconds. A package's `__init__` counts as a module of its own; `from pkg import name` is an
edge to `pkg.name` when that is a module, and to `pkg` otherwise.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "cwsw_desktop"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(module: str, level: int, here: str, is_package: bool) -> str:
    """The absolute name of `from {'.' * level}{module} import …` written in module `here`."""
    if level == 0:
        return module
    base = here.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


def imports_of(path: Path, here: str, modules: set[str]) -> set[str]:
    """Every module of the package that `path` imports, wherever the import statement is."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(node.module or "", node.level, here, is_package)
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                found.add(submodule if submodule in modules else target)
    edges = set()
    for name in found:
        # `import a.b.c` also runs a and a.b; keep the deepest module of ours that it names.
        while name and name not in modules:
            name = name.rpartition(".")[0]
        if name and name != here:
            edges.add(name)
    return edges


def import_graph(root: Path = ROOT, package: str = PACKAGE) -> dict[str, set[str]]:
    files = {
        module_name(p, root): p
        for p in sorted((root / package).rglob("*.py"))
        if "migrations" not in p.relative_to(root).parts
    }
    modules = set(files)
    return {name: imports_of(path, name, modules) for name, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan), each a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_package_has_no_import_cycle() -> None:
    graph = import_graph()
    assert len(graph) > 50, "the scan found too few modules: is the package where it was?"
    unexpected = cycles(graph)
    assert not unexpected, "import cycles: " + "; ".join(" <-> ".join(sorted(c)) for c in unexpected)


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        # a cycle made only by an import inside a function is still found
        ({"a": "import p.b\n", "b": "def f():\n    from p import a\n"}, [{"p.a", "p.b"}]),
        # and one under TYPE_CHECKING
        ({"a": "from p.b import X\n", "b": "if TYPE_CHECKING:\n    from .a import Y\n"}, [{"p.a", "p.b"}]),
        # a chain is not a cycle
        ({"a": "import p.b\n", "b": "import p.c\n", "c": "import os\n"}, []),
        # relative imports resolve against the package
        ({"a": "from . import b\n", "b": "from .a import f\n"}, [{"p.a", "p.b"}]),
    ],
)
def test_the_checker_finds_cycles(tmp_path: Path, sources: dict[str, str], expected: list[set[str]]) -> None:
    package = tmp_path / "p"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name, text in sources.items():
        (package / f"{name}.py").write_text(text)
    assert [set(c) for c in cycles(import_graph(tmp_path, "p"))] == expected
