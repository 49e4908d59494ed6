"""The municipality's look from iopdoc.toml: logo or text logotype, colours with enough contrast, font."""
from __future__ import annotations

import re

import pikepdf

from iopdoc.pipeline.build import build_source
from iopdoc.source.config import contrast_with_white
from iopdoc.resolve.project import Project

LOGO = """<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60" viewBox="0 0 240 60">
<rect width="240" height="60" fill="#0b5394"/><circle cx="30" cy="30" r="18" fill="#ffffff"/></svg>
"""


def build_2025(project, tmp_path):
    result = build_source(Project(project), project / "sources" / "linkoping-kvinnojouren-2025.yaml", tmp_path)
    assert not result.failed, [d.format() for d in result.diagnostics]
    return (tmp_path / "linkoping-kvinnojouren-2025.html").read_text(encoding="utf-8"), tmp_path / "linkoping-kvinnojouren-2025.pdf"


def test_without_a_logo_the_public_party_is_set_as_a_text_logotype(project, tmp_path):
    html, _ = build_2025(project, tmp_path)
    assert '<p class="logotype">Linköpings kommun</p>' in html
    assert "--accent: #1d4f7a" in html


def test_a_configured_logo_and_colours_reach_the_page_and_the_pdf(project, tmp_path):
    (project / "templates" / "logo.svg").write_text(LOGO, encoding="utf-8")
    (project / "iopdoc.toml").write_text('[look]\nlogo = "templates/logo.svg"\naccent = "#0b5394"\ntext = "#222222"\n',
                                         encoding="utf-8")
    html, pdf = build_2025(project, tmp_path)
    assert re.search(r'<img class="logo" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="Linköpings kommun">', html)
    assert "--accent: #0b5394; --text: #222222;" in html
    with pikepdf.open(pdf) as document:
        figures = [str(e.get("/Alt")) for e in elements(document.Root.StructTreeRoot.K) if str(e.S) == "/Figure"]
    assert figures == ["Linköpings kommun"], "the logo is a tagged figure with its alternative text"


def elements(node):
    """The structure elements of a tagged PDF, depth first."""
    if isinstance(node, pikepdf.Array):
        for child in node:
            yield from elements(child)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        yield node
        if "/K" in node:
            yield from elements(node.K)


def test_look_settings_are_validated_at_their_line(cli, project):
    (project / "iopdoc.toml").write_text('[look]\naccent = "#999999"\ntext = "blue"\nlogo = "../elsewhere.svg"\n',
                                         encoding="utf-8")
    result = cli("check", project / "sources" / "linkoping-kvinnojouren-2025.yaml", "--project", project)
    assert result.code == 1
    assert re.search(r"iopdoc.toml:2:1: error\[IOP062\]: `accent = #999999` har kontrasten 2\.8:1", result.err)
    assert re.search(r"iopdoc.toml:3:1: error\[IOP062\]: `text` ska vara en färg", result.err)
    assert re.search(r"iopdoc.toml:4:1: error\[IOP062\]: `logo` ska vara en SVG- eller PNG-fil under templates/", result.err)


def test_contrast_follows_wcag():
    assert round(contrast_with_white("#767676"), 2) == 4.54  # the well-known AA limit for grey on white
    assert round(contrast_with_white("#000000"), 1) == 21.0
