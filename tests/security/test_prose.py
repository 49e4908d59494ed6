"""Finding 8 (and #12.3): prose has no randomness, no clock, no Python objects, and bounded cost."""
from __future__ import annotations

import pytest

from tests.conftest import REPO

FIXTURE = REPO / "tests/fixtures/minimal-agreement.yaml"
PURPOSE = "      Att ge våldsutsatta kvinnor stöd.\n"


def with_prose(tmp_path, expression: str):
    source = tmp_path / "minimal-agreement.yaml"
    text = FIXTURE.read_text(encoding="utf-8")
    source.write_text(text.replace(PURPOSE, f"      Att ge stöd {{{{ {expression} }}}}.\n"), encoding="utf-8")
    return source


@pytest.mark.parametrize(("expression", "code"), [
    ("[1, 2, 3] | random", "IOP033"), ("lipsum(2)", "IOP030"), ("period.start.today()", "IOP032"),
    ("period.start.today", "IOP032"), ("cycler", "IOP030"), ("joiner()", "IOP030"), ("namespace", "IOP030"),
    ("[].pop", "IOP032"), ("'x'.ljust(10**9)", "IOP032"), ("'{:>999999999}'.format(1)", "IOP032"),
    ("'a' * 10**9", "IOP035"), ("[1] * 10**8", "IOP035"), ("-" * 5000 + "1", "IOP035"),
    ("(" * 200 + "1" + ")" * 200, "IOP035"), ("not " * 12000 + "x", "IOP035"), ("'a' | center(10**9)", "IOP035"),
    ("'a' | indent(10**9)", "IOP035"), ("'a' | wordwrap(10**9)", "IOP035"), ("range(10**9) | list", "IOP035"),
    ("'%999999999s' % 'a'", "IOP035"), ("['a' * 100000] * 100000", "IOP035"),
])
def test_prose_cannot_reach_randomness_the_clock_or_unbounded_work(cli, tmp_path, expression, code):
    source = with_prose(tmp_path, expression)
    result = cli("check", source, "--project", REPO, "--lang", "en")
    assert result.code == 1 and "Traceback" not in result.err
    assert f"minimal-agreement.yaml:71:19: error[{code}]" in result.err, result.err
    assert "0x" not in result.err and len(result.err) < 2000


def test_a_build_is_the_same_bytes_every_time(cli, tmp_path):
    source = with_prose(tmp_path, "parties.jouren.name | upper")
    for run in ("a", "b"):
        assert cli("build", source, "--project", REPO, "--out", tmp_path / run, "--no-cache").code == 0
    for suffix in ("html", "pdf"):
        assert (tmp_path / "a" / f"minimal-agreement.{suffix}").read_bytes() == \
            (tmp_path / "b" / f"minimal-agreement.{suffix}").read_bytes()
