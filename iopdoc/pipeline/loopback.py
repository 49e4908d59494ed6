"""Which requests the preview server answers: its own loopback names and port, and its own pages.

A web page the officer visits elsewhere can make the browser send requests to 127.0.0.1
(DNS rebinding: a name of the attacker's that resolves to 127.0.0.1), so the Host header must be
one of the loopback names on the server's own port, and the reload endpoint, which a page
of the preview polls, answers no other origin.
"""
from __future__ import annotations

from typing import Mapping

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
RELOAD_PATH = "/__version"


def allowed_hosts(port: int) -> frozenset[str]:
    return frozenset(f"{name}:{port}" for name in LOOPBACK_NAMES)


def request_allowed(headers: Mapping[str, str], port: int, path: str) -> bool:
    """True if a request with these headers may be answered (else 403)."""
    host = (headers.get("Host") or "").strip().lower()
    if host not in allowed_hosts(port):
        return False
    origin = headers.get("Origin")
    if origin is not None and origin.strip().lower() not in {f"http://{h}" for h in allowed_hosts(port)}:
        return False
    if path == RELOAD_PATH and (headers.get("Sec-Fetch-Site") or "same-origin") not in ("same-origin", "none"):
        return False
    return True
