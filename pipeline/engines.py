"""Where `baocao run` analyses files: in this process, in worker processes, or on a Dask cluster.

An engine runs the task it is given (pipeline.analyze.analyse_file: a file's bytes, read and
hashed once by the parent so that a Dask worker needs no shared file system, or a batch of a
large dump's records) and knows nothing of the stages. The parent submits a bounded window of
files ahead and takes the results back in input order, so it can write the store and
documents.jsonl in that order: the output does not depend on the engine or on the number of
workers, and memory holds only the files in the window.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from pipeline.settings import overrides

if TYPE_CHECKING:
    from pipeline.readers import RawDocument

ENGINES = ("local", "dask")
Result = tuple[list[dict[str, Any]], list[tuple[str, str]]]


class EngineError(Exception):
    """An engine that cannot start (unknown name, Dask missing, scheduler unreachable)."""


class Pending(Protocol):
    def result(self) -> Result: ...


def start_worker(parent: int | None = None, settings: dict | None = None,
                 warm: Callable[[], None] | None = None) -> None:
    """When a worker starts: tie its life to its parent's (process id `parent`, when known), take
    the parent's settings, and `warm` (load every stage's models once, not in the first task)."""
    die_with_parent(parent)
    if settings:
        from pipeline.settings import use

        use(settings)
    if warm is not None:
        warm()


def die_with_parent(parent: int | None = None) -> None:
    """On Linux, the kernel sends this process SIGTERM when its parent dies (a killed `baocao run`
    leaves no worker behind); elsewhere nothing happens. A parent that died while this worker
    was still starting is not signalled for, so that case is checked once the signal is armed.
    A worker forked by the fork server is the server's child: it dies with the server, which
    ends when the parent does."""
    import ctypes
    import signal
    import sys

    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG
        except OSError:
            pass
    if parent is not None and not _alive(parent):
        os._exit(1)


def _alive(pid: int) -> bool:
    """Whether process `pid` exists (signal 0 only asks; a process we may not signal exists too)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


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
    """`submit(source, data | raws)` runs `task` and returns something with `.result()`; `window`:
    how many files to keep in flight. Workers start at the first submit (and run `warm`), so a run
    with nothing to analyse starts none."""

    def __init__(self, name: str = "local", workers: int = 1, scheduler: str | None = None,
                 timeout: float = 20.0, task: Callable[..., Result] | None = None,
                 warm: Callable[[], None] | None = None):
        if name not in ENGINES:
            raise EngineError(f"unknown engine {name!r}: use one of {', '.join(ENGINES)}")
        if workers < 1:
            raise EngineError(f"--workers must be at least 1, not {workers}")
        if name == "local" and scheduler:
            raise EngineError("--scheduler needs --engine dask")
        self.name, self.workers, self.scheduler, self.timeout = name, workers, scheduler, timeout
        self.task, self.warm = task, warm
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
            return _Later(lambda: self.task(source, data, raws))
        if self.pool is None:
            self._start()
        if self.name == "dask":
            return _Remote(self.pool.submit(self.task, source, data, raws, pure=False), "Dask")
        return _Remote(self.pool.submit(self.task, source, data, raws), "worker process")

    def _start(self) -> None:
        if self.name == "local":
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # not fork: the parent has threads (the progress bar) and forking those is unsafe. A fork
            # server (a fresh single-threaded process) loads the models once (pipeline/preload.py)
            # and forks the workers from there; where there is none (Windows), each worker is spawned.
            if "forkserver" in multiprocessing.get_all_start_methods():
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(["pipeline.preload"])
            else:
                context = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=start_worker,
                                            initargs=(os.getpid(), overrides(), self.warm))
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
        self.pool.run(start_worker, None, overrides(), self.warm)

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
