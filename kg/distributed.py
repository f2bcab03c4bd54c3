"""Extraction on a Dask distributed cluster (``kg build --scheduler ADDRESS``).

Dask is the existing distributed engine kg uses rather than a home-made one.
Each chunk of records (:class:`kg.builder.Chunk`) is one task running
:func:`kg.builder.extract_chunk` on a worker, which keeps its pipeline loaded
between tasks.  Chunks carry their text, so workers need kg installed but no
shared file system; results come back to this process, which writes the cache
and assembles the graph with the same code as a local build — the output is
identical to a single-process build.  Only a few chunks per worker thread are
in flight, so the client's memory does not grow with the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.builder import TASKS_PER_WORKER, Chunk, ChunkResult, Executor, extract_chunk, windowed


def dask_executor(address: str, connect_timeout: float = 20.0) -> Executor:
    """An executor that runs extraction on the Dask scheduler at ``address`` (tcp://host:port).

    Connecting is retried for ``connect_timeout`` seconds before giving up.
    """
    try:
        from distributed import Client, wait
    except ImportError as err:  # pragma: no cover - depends on the install
        raise RuntimeError("kg build --scheduler needs Dask: pip install 'kg[distributed]'") from err

    def run(chunks: Iterable[Chunk], pipeline: str) -> Iterator[ChunkResult]:
        try:
            client = Client(address, set_as_default=False, timeout=connect_timeout)
        except OSError as err:
            raise RuntimeError(
                f"no Dask scheduler answers at {address} ({err}); start one with `dask scheduler` "
                "and workers with `dask worker ADDRESS`, or build without --scheduler"
            ) from err
        with client, client.as_current():  # dask's wait() finds the client through as_current
            threads = max(1, sum(client.nthreads().values()))
            submit = lambda chunk: client.submit(extract_chunk, chunk, pipeline, pure=False)
            wait_first = lambda pending: tuple(wait(pending, return_when="FIRST_COMPLETED"))
            for future in windowed(chunks, submit, wait_first, threads * TASKS_PER_WORKER):
                yield future.result()
                future.release()

    return run
