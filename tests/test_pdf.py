"""PDFs as a reader and the fidelity measure see them: text, metadata, pages, faithfulness to the reference texts."""
from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from iopdoc.pipeline.build import build_source
from iopdoc.resolve.project import Project
from tests.conftest import REFERENCE, REPO, pdf_text
from tests.tools.fidelity import measure

SEED_OF = {  # the reference text of each rebuilt agreement
    "linkoping-kvinnojouren-2020": REFERENCE / "linkoping-kvinnojouren-2020.txt",
    "linkoping-kvinnojouren-2025": REFERENCE / "linkoping-kvinnojouren-2025.txt",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    project = Project(REPO)
    for identifier in SEED_OF:
        result = build_source(project, project.sources_dir / f"{identifier}.yaml", out)
        assert not result.failed, [d.format() for d in result.diagnostics]
    return out


@pytest.mark.parametrize("identifier", SEED_OF)
@pytest.mark.parametrize("suffix", ["pdf", "html"])
def test_rebuilt_agreements_are_faithful_to_the_seeds(built, identifier, suffix):
    result = measure(SEED_OF[identifier], built / f"{identifier}.{suffix}")
    assert result.recall >= 0.98 and result.precision >= 0.93, result.summary()


@pytest.mark.parametrize("identifier", SEED_OF)
def test_pdf_metadata_and_structure(built, identifier):
    reader = PdfReader(built / f"{identifier}.pdf")
    root = reader.trailer["/Root"]
    assert reader.metadata.title.startswith("UTKAST: Idéburet offentligt partnerskap")
    assert "Linköpings kommun" in reader.metadata.author and "Kvinnojouren Ellinor" in reader.metadata.author
    assert root["/Lang"] == "sv"
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    pages = len(reader.pages)
    assert 3 <= pages <= 8
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842), "A4"
    texts = pdf_text(built / f"{identifier}.pdf").split("\f")
    for number in range(1, pages + 1):
        assert f"Sida {number} av {pages}" in texts[number - 1]


def test_pdf_text_carries_the_facts(built):
    text = re.sub(r"\s+", " ", pdf_text(built / "linkoping-kvinnojouren-2020.pdf"))
    for phrase in ["3 937 500 kr per år", "1 345 500 kr per år (2019 års prisläge)", "från och med 2020-01-01",
                   "Uppsägningstiden ska vara sex månader", "organisationsnummer 822003-8007", "Linda Ljungqvist"]:
        assert phrase in text.replace("\u00a0", " "), phrase
    assert "IOP Kvinnojouren/Tjejjouren och Linköpings kommun 2020–2024" in text, "running header from page 2"


def test_headings_are_kept_with_their_text(built):
    """No page ends with a heading: `break-after: avoid` in the print stylesheet."""
    headings = {"Värdegrund", "Ekonomi", "Underskrifter", "Avtalsperiod", "Bakgrund", "Parter"}
    for identifier in SEED_OF:
        for page in pdf_text(built / f"{identifier}.pdf").split("\f")[:-1]:
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            body = [line for line in lines if not line.startswith(("Sida ", "IOP ", "UTKAST"))]
            assert body[-1] not in headings, f"{identifier}: a page ends with the heading {body[-1]!r}"
