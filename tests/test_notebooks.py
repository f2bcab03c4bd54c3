"""The notebooks in ``notebooks/`` are stored executed and still run from top to bottom.

Each notebook is executed with nbclient in a fresh kernel of this
interpreter (jupyter_client starts the ``python3`` kernel with
``sys.executable``, so the kernel sees the venv and kg), from ``notebooks/``
as Jupyter would.  The notebooks build ``seeds/corpus`` into
``out/notebooks/sample`` (git-ignored, cached by content hash).  The Cypher
notebook runs against a kg-managed Neo4j server that this module starts in a
temporary home and stops afterwards; the notebook finds it through
``KG_NEO4J_HOME`` and leaves it running because it did not start it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
OFFLINE = ["01_quick_tour.ipynb", "03_gephi_export.ipynb", "04_link_analysis.ipynb"]
CYPHER = "02_cypher.ipynb"
EXPECTED = {
    "01_quick_tour.ipynb": ["same text at offset", "merged by:", "works offline"],
    "03_gephi_export.ipynb": ["identical nodes True, edges True", "relations have no year"],
    "04_link_analysis.ipynb": ["province pairs with ASSISTS or FUNDS", "hidden ties and"],
    CYPHER: ["database holds exactly this graph: True", "the server was running before: left running"],
}
"""Output lines each notebook must print (none of them ending in False): its own checks of what it shows."""
CELL_TIMEOUT = 300
"""Seconds per cell; the first build loads the spaCy pipeline, a fresh Neo4j database creates its schema."""


def _execute(name: str) -> tuple[nbformat.NotebookNode, float]:
    """Run a copy of the stored notebook; return it with its wall time. A failing cell raises CellExecutionError."""
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    started = time.perf_counter()
    client.execute()
    return notebook, time.perf_counter() - started


def _outputs(notebook: nbformat.NotebookNode) -> list[dict]:
    return [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]


def _text(notebook: nbformat.NotebookNode) -> str:
    return "".join(output.get("text", "") for output in _outputs(notebook))


def test_there_are_four_notebooks() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted([*OFFLINE, CYPHER])


@pytest.mark.parametrize("name", [*OFFLINE, CYPHER])
def test_notebook_is_stored_executed_without_errors(name: str) -> None:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(cell.execution_count is not None for cell in code), f"{name}: run every cell before committing"
    counts = [cell.execution_count for cell in code]
    assert counts == list(range(1, len(code) + 1)), f"{name}: cells were run out of order ({counts}); restart and run all"
    assert not [o for o in _outputs(notebook) if o.output_type == "error"], f"{name}: a stored cell failed"
    assert sum(1 for o in _outputs(notebook) if o.output_type in ("stream", "execute_result", "display_data")) >= 5


@pytest.mark.parametrize("name", OFFLINE)
def test_offline_notebook_runs_and_its_checks_hold(name: str) -> None:
    notebook, seconds = _execute(name)
    lines = _text(notebook).splitlines()
    for expected in EXPECTED[name]:
        found = [line for line in lines if expected in line]
        assert found, f"{name}: no output line says {expected!r}"
        assert not [line for line in found if line.rstrip().endswith("False")], f"{name}: {found}"
    assert seconds < 120, f"{name} took {seconds:.0f} s"


@pytest.fixture(scope="module")
def neo4j_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """kg's own server in a temporary home on a free port, seen by the notebook's kernel through KG_NEO4J_HOME."""
    from kg.neo4j import server

    home = tmp_path_factory.mktemp("neo4j-home")
    with pytest.MonkeyPatch.context() as patch:
        for variable in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD"):
            patch.delenv(variable, raising=False)
        patch.setenv("KG_NEO4J_HOME", str(home))
        server.start(home, server.free_port(), heap_mb=1024, pagecache_mb=256)
        try:
            yield home
        finally:
            server.stop(home)


@pytest.mark.neo4j
@pytest.mark.slow  # a server start and a load: about a minute
def test_cypher_notebook_runs_against_a_running_server(neo4j_home: Path) -> None:
    from kg.neo4j import server

    notebook, _ = _execute(CYPHER)
    text = _text(notebook)
    assert all(expected in text for expected in EXPECTED[CYPHER]), text
    assert server.status(neo4j_home).running, "the notebook stopped a server it had not started"
