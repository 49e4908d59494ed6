"""The preview server's row of the bench: how long after a source is saved `iopdoc serve` has a new
version of it, and its page shows the edit (the time tests/test_serve.py no longer asserts: a
wall-clock limit in a test fails on a loaded machine for no fault of the server).

What a browser adds on top (its poll of `/__version`, then the reload) is not in this figure.
"""
from __future__ import annotations

import re
import socket
import statistics
import subprocess
import time
import urllib.request
from pathlib import Path

TARGET_SECONDS = 2.0  # issue 9: a change shows in the browser within two seconds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> str:
    return urllib.request.urlopen(url, timeout=10).read().decode("utf-8")


def edit_to_preview(iopdoc: list, folder: Path, source: Path, runs: int) -> dict:
    """Seconds from writing an edited source to the server's page showing it, `runs` times."""
    port = free_port()
    server = subprocess.Popen([*map(str, iopdoc), "serve", "--port", str(port), "--project", str(folder)], cwd=folder,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                get(base + "/__version")
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"iopdoc serve did not start: {server.stderr.read()[-2000:]!r}")
        page = f"{base}/doc/{source.stem}"
        get(page)  # rendered once: templates compiled, the source read
        seconds = []
        for step in range(1, runs + 1):
            before = get(base + "/__version")
            text = source.read_text(encoding="utf-8")
            marker = f"Förhandsvisning {time.monotonic_ns()}"
            started = time.perf_counter()
            source.write_text(re.sub(r"^title: .*$", f"title: {marker}", text, count=1, flags=re.M), encoding="utf-8")
            while get(base + "/__version") == before or marker not in get(page):
                if time.perf_counter() - started > 30:
                    raise RuntimeError("the preview never showed the edit")
                time.sleep(0.01)
            seconds.append(time.perf_counter() - started)
        return {"median": statistics.median(seconds), "min": min(seconds), "max": max(seconds), "runs": runs}
    finally:
        server.terminate()
        server.wait(timeout=10)
