"""Worker processes for a build (pipeline/batch.py) and a cold overview (site/overview.py): one
source's crash is that source's failure, and no worker outlives the run. On the ground floor, so the
site can use it without importing the pipeline.

A worker can die without an exception (a segmentation fault in a C library, the out-of-memory
killer). concurrent.futures then fails every source still in the pool; here those are built
again one at a time, each in a process of its own, so only the source that crashes its worker
is reported, at itself. Every worker asks the kernel to kill it when its parent dies, so
`kill -9` of a build leaves no process behind.
"""
from __future__ import annotations

import ctypes
import os
import signal
from typing import Callable, Iterator, Sequence

PR_SET_PDEATHSIG = 1


def available_cores() -> int:
    """The cores this process may run on (what `-j` defaults to). Imports nothing: multiprocessing
    is imported only when there are workers to start."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def die_with_parent() -> None:
    """Initializer of every worker: SIGKILL when the parent goes (Linux), and exit now if it already has."""
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown is all there is
        pass
    if os.getppid() != parent or parent == 1:
        os._exit(1)


def run_alone(task: Callable, args: tuple) -> tuple[bool, object]:
    """Run `task(*args)` in a forked process of its own: (True, result) or (False, how it died)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        die_with_parent()
        try:
            send.send((True, task(*args)))
        except BaseException as exc:  # noqa: BLE001: reported to the parent, which decides
            send.send((False, f"{type(exc).__name__}: {exc}"))

    process = context.Process(target=child, daemon=True)
    process.start()
    send.close()
    try:
        outcome = receive.recv()
    except EOFError:
        outcome = None
    process.join()
    if outcome is not None:
        return outcome
    code = process.exitcode or 0
    how = f"signal {-code} ({signal.Signals(-code).name})" if code < 0 else f"exit status {code}"
    return False, how


def map_isolated(task: Callable, argument_lists: Sequence[tuple], jobs: int,
                 crashed: Callable[[tuple, str], object]) -> Iterator[object]:
    """`task(*args)` for each tuple, in order, `jobs` at a time in worker processes; a task whose
    worker dies gives `crashed(args, how)` and takes no other task with it."""
    import concurrent.futures
    import multiprocessing
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("fork")
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=die_with_parent)
    try:
        futures = [pool.submit(task, *args) for args in argument_lists]
        for args, future in zip(argument_lists, futures):
            try:
                yield future.result()
            except BrokenProcessPool:
                finished, outcome = run_alone(task, args)  # again, alone: did this one crash the pool?
                yield outcome if finished else crashed(args, str(outcome))
            except Exception as exc:  # the result could not come back (pickling): this task only
                yield crashed(args, type(exc).__name__)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)

