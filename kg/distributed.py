"""Extraction on a Dask distributed cluster (``kg build --scheduler ADDRESS``).

Dask is the existing distributed engine kg uses rather than a home-made one:
each input file is one task running :func:`kg.build.extract_file` on a
worker (which keeps its pipeline loaded between tasks); results come back in
input order and are merged by the same code as a local build, so the output
is identical to a single-process build.
"""

from __future__ import annotations

from collections.abc import Iterator

from kg.builder import Executor, FileResult, extract_file


def dask_executor(address: str) -> Executor:
    """An executor that runs extraction on the Dask scheduler at ``address``."""
    try:
        from distributed import Client
    except ImportError as err:  # pragma: no cover - depends on the install
        raise RuntimeError("kg build --scheduler needs Dask: pip install 'kg[distributed]'") from err

    def run(paths: list[str], pipeline: str) -> Iterator[FileResult]:
        if not paths:
            return
        with Client(address, set_as_default=False) as client:
            futures = client.map(extract_file, paths, pipeline=pipeline, pure=False)
            for future in futures:
                yield future.result()

    return run
