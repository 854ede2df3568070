"""Where `baocao run` analyses files: in this process, in worker processes, or on a Dask cluster.

Every engine runs the same task, `analyse_file(source, data)`, on a file's bytes (read and
hashed once by the parent, so a Dask worker needs no shared file system and the stored hash
is the hash of exactly what was analysed), or on a batch of a large dump's records (`raws`,
parsed once by the parent), and returns plain contract dicts. The parent
submits a bounded window of files ahead and takes the results back in input order, so it
can write the store and documents.jsonl in that order: the output does not depend on the
engine or on the number of workers, and memory holds only the files in the window.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pipeline.settings import overrides

if TYPE_CHECKING:
    from pipeline.readers import RawDocument

ENGINES = ("local", "dask")
Result = tuple[list[dict[str, Any]], list[tuple[str, str]]]

# A short report in the house style: enough for every stage to load its models and data.
WARM_UP = ("BÁO CÁO\n\nNăm 2021, Ban Thường vụ Quận ủy đã lãnh đạo thực hiện Nghị quyết số "
           "15-NQ/TU của Thành ủy, kết nạp 125 đảng viên, đạt 104,2% kế hoạch. Tuy nhiên, "
           "công tác kiểm tra còn chậm. Thời gian tới, cần tiếp tục đổi mới phương thức lãnh đạo.")


class EngineError(Exception):
    """An engine that cannot start (unknown name, Dask missing, scheduler unreachable)."""


class Pending(Protocol):
    def result(self) -> Result: ...


def analyse_file(source: str, data: bytes | None = None, raws: list[RawDocument] | None = None) -> Result:
    """The task: every document of one file (or of the batch `raws` of its records) as a
    contract dict, and (source, reason) for each one skipped. Runs in a worker; never raises
    for bad input."""
    from pipeline import analyze
    from pipeline.model import Document

    documents, skipped = [], []
    for result in analyze.analyze_path(Path(source), data=data, raws=raws):
        if isinstance(result, Document):
            documents.append(result.to_dict())
        else:
            skipped.append((result.source, result.reason))
    return documents, skipped


def warm_up(parent: int | None = None, settings: dict | None = None) -> None:
    """Tie the worker's life to its parent's (process id `parent`, when known), take the
    parent's settings, and load every stage's models once, when a worker starts, not in its
    first task."""
    _die_with_parent(parent)
    if settings:
        from pipeline.settings import use

        use(settings)
    from pipeline.analyze import analyze_raw
    from pipeline.readers import RawDocument

    try:
        analyze_raw(RawDocument("warm-up", WARM_UP.encode(), WARM_UP, "txt"))
    except Exception:  # noqa: S110 - a stage's bug shows up, one line per document, in the tasks
        pass


def _die_with_parent(parent: int | None) -> None:
    """On Linux, the kernel sends this process SIGTERM when its parent dies (a killed `baocao run`
    leaves no worker behind); elsewhere nothing happens. A parent that died while this worker
    was still starting is not signalled for, so that case is checked once the signal is armed."""
    import ctypes
    import signal
    import sys

    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG
        except OSError:
            pass
    if parent is not None and os.getppid() != parent:
        os._exit(1)


class _Remote:
    """A worker's future; a worker that died (out of memory, killed) becomes one EngineError."""

    def __init__(self, future: Any, engine: str):
        self.future, self.engine = future, engine

    def result(self) -> Result:
        try:
            return self.future.result()
        except Exception as error:
            message = str(error).splitlines()[0] if str(error) else ""
            raise EngineError(f"a {self.engine} worker failed ({type(error).__name__}: {message}); "
                              "the files stored so far are kept, run again to go on") from None


class _Later:
    """In-process 'future': the work is done when the result is asked for."""

    def __init__(self, task: Callable[[], Result]):
        self.task = task

    def result(self) -> Result:
        return self.task()


class Engine:
    """`submit(source, data | raws)` -> something with `.result()`; `window`: how many files to keep
    in flight. Workers start at the first submit, so a run with nothing to analyse starts none."""

    def __init__(self, name: str = "local", workers: int = 1, scheduler: str | None = None,
                 timeout: float = 20.0):
        if name not in ENGINES:
            raise EngineError(f"unknown engine {name!r}: use one of {', '.join(ENGINES)}")
        if workers < 1:
            raise EngineError(f"--workers must be at least 1, not {workers}")
        if name == "local" and scheduler:
            raise EngineError("--scheduler needs --engine dask")
        self.name, self.workers, self.scheduler, self.timeout = name, workers, scheduler, timeout
        self.pool: Any = None
        self.cluster: Any = None
        self.window = 1 if name == "local" and workers == 1 else 4 * workers
        if name == "dask":
            _import_dask()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def submit(self, source: str, data: bytes | None = None, raws: list[RawDocument] | None = None) -> Pending:
        if self.name == "local" and self.workers == 1:
            return _Later(lambda: analyse_file(source, data, raws))
        if self.pool is None:
            self._start()
        if self.name == "dask":
            return _Remote(self.pool.submit(analyse_file, source, data, raws, pure=False), "Dask")
        return _Remote(self.pool.submit(analyse_file, source, data, raws), "worker process")

    def _start(self) -> None:
        if self.name == "local":
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # spawn, not fork: the parent has threads (the progress bar) and forking those is unsafe.
            self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=warm_up, initargs=(os.getpid(), overrides()))
            return
        from distributed import Client, LocalCluster

        try:
            if self.scheduler:
                self.pool = Client(self.scheduler, timeout=self.timeout)
            else:
                self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                            dashboard_address=None)
                self.pool = Client(self.cluster)
        except Exception as error:  # refused, timed out, or not an address at all
            raise EngineError(f"cannot reach the Dask scheduler {self.scheduler or 'local'}: "
                              f"{str(error).splitlines()[0] if str(error) else type(error).__name__}") from None
        self.window = 4 * max(1, sum(self.pool.nthreads().values()))
        self.pool.run(warm_up, None, overrides())

    def close(self) -> None:
        if self.pool is not None:
            if self.name == "dask":
                self.pool.close()
            else:
                self.pool.shutdown(cancel_futures=True)
        if self.cluster is not None:
            self.cluster.close()
        self.pool = self.cluster = None


def _import_dask() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise EngineError("the dask engine needs Dask: pip install 'baocao[dask]'") from None
