"""No import cycles in qms_tui, not even through imports inside functions: each module can be read, tested and
replaced from the bottom up (issue 14). Imports under ``TYPE_CHECKING`` do not count: they never run, and
name a type for the reader only (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import grimp


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected groups of more than one module in ``graph``."""
    edges = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(start: str) -> None:  # Tarjan's algorithm, iterative (no recursion limit to meet)
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return groups


def test_no_module_imports_one_that_imports_it_back():
    graph = grimp.build_graph("qms_tui", include_external_packages=False, exclude_type_checking_imports=True)
    assert cycles(graph) == []


def test_the_check_finds_a_cycle():
    """The same walk on a small graph with one cycle of two modules and one of three (the check can fail)."""
    graph = grimp.ImportGraph()
    for name in ("p", "p.a", "p.b", "p.c", "p.d", "p.e", "p.f"):
        graph.add_module(name)
    for importer, imported in (("p.a", "p.b"), ("p.b", "p.a"), ("p.c", "p.a"), ("p.d", "p.e"), ("p.e", "p.f"),
                               ("p.f", "p.d"), ("p.f", "p.c")):
        graph.add_import(importer=importer, imported=imported)
    assert sorted(cycles(graph)) == [["p.a", "p.b"], ["p.d", "p.e", "p.f"]]
