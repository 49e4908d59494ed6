"""Finding 5: `iopdoc serve` answers only its loopback names on its own port, and its reload
endpoint only its own pages (DNS rebinding, cross-origin polling)."""
from __future__ import annotations

import http.client

from tests.test_serve import server  # noqa: F401 (the fixture: a real `iopdoc serve` process)


def status(base: str, path: str, **headers: str) -> int:
    port = int(base.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    for name, value in headers.items():
        connection.putheader(name.replace("_", "-"), value)
    connection.endheaders()
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def test_a_foreign_host_header_is_forbidden(server):  # noqa: F811
    port = server.rsplit(":", 1)[1]
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1.nip.io:{port}", f"127.0.0.1:{int(port) + 1}",
                 "127.0.0.1", ""):
        for path in ("/", "/doc/linkoping-kvinnojouren-2025", "/__version"):
            assert status(server, path, Host=host) == 403, (host, path)
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", f"LOCALHOST:{port}"):
        assert status(server, "/doc/linkoping-kvinnojouren-2025", Host=host) == 200, host


def test_the_reload_endpoint_refuses_other_origins(server):  # noqa: F811
    host = server.removeprefix("http://")
    assert status(server, "/__version", Host=host) == 200
    assert status(server, "/__version", Host=host, Origin=server, Sec_Fetch_Site="same-origin") == 200
    assert status(server, "/__version", Host=host, Origin="http://evil.example") == 403
    assert status(server, "/__version", Host=host, Sec_Fetch_Site="cross-site") == 403
