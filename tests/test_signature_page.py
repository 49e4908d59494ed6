"""The signature block never stands alone on the last page: the clause before it comes along."""
from __future__ import annotations

import subprocess

from iopdoc.pipeline.build import build_source
from iopdoc.resolve.project import Project
from tests.conftest import REPO

FIXTURE = (REPO / "tests" / "fixtures" / "minimal-agreement.yaml").read_text(encoding="utf-8")
ECONOMY_END = "      {{ economy.total.amount | kr }} per år.\n"
PARAGRAPH = ("      Parterna följer upp insatserna för målgruppen gemensamt under hela perioden och stämmer av "
             "arbetet vid varje möte.\n\n")


def pages_of(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def test_the_signatures_keep_the_clause_before_them_on_every_length(tmp_path):
    """Lengthen the economy clause paragraph by paragraph across a page break: at every length,
    the last page holds more than the signatures."""
    (tmp_path / "sources").mkdir()
    alone = []
    broke = False
    for count in range(4, 40, 2):
        source = tmp_path / "sources" / "minimal-agreement.yaml"
        body = ECONOMY_END + "\n" + PARAGRAPH * count + "      Slutet av ekonomiavsnittet.\n"
        source.write_text(FIXTURE.replace(ECONOMY_END, body), encoding="utf-8")
        result = build_source(Project(REPO), source, tmp_path / f"out{count}", formats=("pdf",))
        assert not result.failed, [d.format() for d in result.diagnostics]
        pages = pages_of(tmp_path / f"out{count}" / "minimal-agreement.pdf")
        last = pages[-1]
        if len(pages) > 1 and "Underskrifter" in last:
            broke = True
            if "Slutet av ekonomiavsnittet." not in last:
                alone.append(count)
    assert broke, "the sweep never put the signatures on a later page"
    assert not alone, f"the signatures stood alone on the last page with {alone} paragraphs"
