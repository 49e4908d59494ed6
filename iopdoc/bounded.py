"""Running a parser of an untrusted file in a process of its own, bounded in time and memory.

A PDF's text layer is read by pdfminer, in pure Python, which has no limits of its own: a small
file can hold millions of text operators or a Flate bomb. `run_bounded` forks a child that runs
the task with an address-space limit (what the process has at the fork plus `memory` bytes) and a
CPU-time limit, and the parent waits at most `seconds` of wall time before killing it. The child
dies with its parent. The result comes back pickled through a pipe.

On the ground floor, so `readers` can use it without importing `pipeline` (whose workers.py runs
whole builds).
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import resource
import signal
from typing import Any, Callable

PR_SET_PDEATHSIG = 1


class Exceeded(Exception):
    """The task ran past its time or memory, or its process died: `what` is "time", "memory" or
    "crash", `detail` says how."""

    def __init__(self, what: str, detail: str = ""):
        super().__init__(f"{what}: {detail}" if detail else what)
        self.what, self.detail = what, detail


class Failed(Exception):
    """The task raised an exception in the child: its type name and message."""

    def __init__(self, kind: str, message: str):
        super().__init__(f"{kind}: {message}")
        self.kind, self.message = kind, message


def address_space() -> int:
    """The process's virtual memory in bytes (Linux /proc), 0 when unknown."""
    try:
        with open("/proc/self/statm", encoding="ascii") as stream:
            return int(stream.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def limit_self(seconds: float, memory: int) -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    cpu = max(1, int(seconds) + 1)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    current = address_space()
    if current:
        ceiling = current + memory
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))


def run_bounded(task: Callable[..., Any], args: tuple, *, seconds: float, memory: int) -> Any:
    """`task(*args)` in a forked child with the limits above. Returns its result; raises Failed
    when it raised (MemoryError as Exceeded("memory")), Exceeded when it ran too long, used too
    much memory or died."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        limit_self(seconds, memory)
        try:
            outcome = (True, task(*args))
        except MemoryError:
            outcome = (False, ("MemoryError", ""))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which decides
            outcome = (False, (type(exc).__name__, str(exc)[:500]))
        try:
            send.send(outcome)
        except MemoryError:
            os._exit(3)
        os._exit(0)

    process = context.Process(target=child, daemon=True)
    process.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise Exceeded("time", f"more than {seconds:g} s")
        try:
            finished, value = receive.recv()
        except (EOFError, OSError):
            finished, value = None, None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receive.close()
    if finished is None:
        code = process.exitcode or 0
        if code == -signal.SIGXCPU or code == -signal.SIGKILL:
            raise Exceeded("time", f"more than {seconds:g} s of CPU")
        raise Exceeded("memory" if code == 3 else "crash",
                       f"signal {-code}" if code < 0 else f"exit status {code}")
    if finished:
        return value
    kind, message = value
    if kind == "MemoryError":
        raise Exceeded("memory", f"more than {memory // 2**20} MB")
    raise Failed(kind, message)
