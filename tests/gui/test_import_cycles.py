"""No import cycle among the GUI's modules.

A cycle means no module in it can be understood, tested or imported on its own (the window
once came in through `app` just to learn the application's name). grimp reads the imports
statically, including those inside functions, so a late import does not hide a cycle.
"""

from __future__ import annotations

import grimp
import pytest

PACKAGE = "briefing.gui"


def import_cycles(graph: grimp.ImportGraph, package: str) -> list[tuple[str, ...]]:
    """One shortest cycle through each direct import A → B inside `package` that has a way
    back from B to A, deduplicated by the set of modules in it."""
    modules = {m for m in graph.modules if m == package or m.startswith(package + ".")}
    found: dict[frozenset[str], tuple[str, ...]] = {}
    for importer in sorted(modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer) & modules):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back is not None:
                cycle = (importer, *back)
                found.setdefault(frozenset(cycle), cycle)
    return sorted(found.values())


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("briefing", cache_dir=None)


def test_the_gui_modules_import_each_other_without_a_cycle(graph):
    cycles = import_cycles(graph, PACKAGE)
    assert cycles == [], "\n".join(" → ".join(c) for c in cycles)


def test_a_cycle_is_found_when_there_is_one(graph):
    # The check must be able to fail: put back the import that closed the old cycle.
    graph.add_import(importer="briefing.gui.names", imported="briefing.gui.mainwindow")
    try:
        cycles = import_cycles(graph, PACKAGE)
    finally:
        graph.remove_import(importer="briefing.gui.names", imported="briefing.gui.mainwindow")
    assert any({"briefing.gui.names", "briefing.gui.mainwindow"} <= set(c) for c in cycles)
