"""Publishing, checked with real tools: axe-core in Chromium, the Nu HTML Checker, pikepdf.

A tool that is missing makes its test fail with what to install: nothing is skipped silently.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest

from iopdoc.resolve.project import Project
from iopdoc.pipeline.publish import publish
from tests.conftest import REPO, pdf_text

NODE_MODULES = REPO / "node_modules"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
FINAL = REPO / "tests" / "fixtures" / "minimal-agreement.yaml"


def require_tool(condition: bool, what: str) -> None:
    if not condition:
        pytest.fail(f"{what} is missing; `make test` installs it (npm ci, apt-get install chromium default-jre-headless)")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The repository's sources plus a signed, final agreement, published with drafts."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(FINAL, root / "sources" / FINAL.name)
    out = root / "site"
    result = publish(Project(root), out, include_drafts=True)
    assert not result.failed, [d.format() for d in result.diagnostics]
    return root, out


def pages(out: Path) -> list[Path]:
    return sorted(out.glob("*.html"))


def test_site_has_index_pages_pdfs_and_catalog(site):
    root, out = site
    ids = sorted(p.stem for p in (root / "sources").glob("*.yaml"))
    assert sorted(p.stem for p in out.glob("*.pdf")) == ids
    assert sorted(p.stem for p in pages(out)) == sorted(ids + ["index", "oversikt"])
    catalog = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    by_id = {d["id"]: d for d in catalog["documents"]}
    assert set(by_id) == set(ids)
    # What the municipality pays, not every party's contribution with the volunteer hours added in.
    assert by_id["linkoping-kvinnojouren-2020"]["public_yearly_amount"] == 1345500
    assert by_id["linkoping-kvinnojouren-2020"]["partnership_yearly_amount"] == 3937500
    assert by_id["minimal-agreement"]["status"] == "final"
    for document in catalog["documents"]:
        assert document["pdf_bytes"] == (out / document["pdf"]).stat().st_size


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self.scripts += 1
        for name in ("href", "src"):
            if attributes.get(name):
                self.targets.append(attributes[name])


def test_links_are_relative_and_resolve_and_there_are_no_scripts(site):
    _, out = site
    for page in pages(out):
        links = Links()
        links.feed(page.read_text(encoding="utf-8"))
        assert links.scripts == 0, page.name
        for target in links.targets:
            assert not re.match(r"^[a-z]+:|^/", target), f"{page.name}: {target} is not relative"
            assert (out / target.split("#")[0]).exists(), f"{page.name}: {target} does not resolve"


def test_drafts_are_left_out_unless_asked_for(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(FINAL, root / "sources" / FINAL.name)
    result = publish(Project(root), root / "site")
    # The agreements in sources/ are drafts; the Österåker memo is the decided, published one.
    assert [e.id for e in result.entries] == ["minimal-agreement", "osteraker-kvinnojouren-2023-memo"]
    assert sorted(p.name for p in root.joinpath("site").glob("*.pdf")) == [
        "minimal-agreement.pdf", "osteraker-kvinnojouren-2023-memo.pdf"]
    index = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "Utkast" not in index and "minimal-agreement.pdf" in index


def test_draft_pages_and_pdfs_are_marked(site):
    _, out = site
    assert "UTKAST" in (out / "linkoping-kvinnojouren-2025.html").read_text(encoding="utf-8")
    assert "UTKAST" in pdf_text(out / "linkoping-kvinnojouren-2025.pdf")
    with pikepdf.open(out / "linkoping-kvinnojouren-2025.pdf") as pdf:
        assert str(pdf.docinfo["/Title"]).startswith("UTKAST")
    assert "UTKAST" not in (out / "minimal-agreement.html").read_text(encoding="utf-8")
    with pikepdf.open(out / "minimal-agreement.pdf") as pdf:
        assert not str(pdf.docinfo["/Title"]).startswith("UTKAST")


def test_axe_finds_no_wcag_21_aa_violations(site):
    _, out = site
    require_tool(shutil.which("node") is not None, "node")
    require_tool((NODE_MODULES / "axe-core").is_dir() and (NODE_MODULES / "playwright-core").is_dir(),
                 "axe-core / playwright-core (npm)")
    require_tool(Path("/usr/bin/chromium").exists(), "chromium (Debian package)")
    files = [str(p) for p in pages(out)]
    done = subprocess.run(["node", REPO / "tests" / "tools" / "axe_check.mjs", *files], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    for file in files:
        assert results[file] == [], f"{Path(file).name}: {json.dumps(results[file], ensure_ascii=False, indent=1)}"
        assert results[file + "#passes"] > 10, "axe ran its rules on the page"


def test_nu_html_checker_finds_no_errors(site):
    _, out = site
    require_tool(shutil.which("java") is not None, "java")
    require_tool(VNU.is_file(), "vnu-jar (npm)")
    done = subprocess.run(["java", "-jar", VNU, "--format", "json", "--errors-only", *map(str, pages(out))],
                          capture_output=True, text=True, timeout=300)
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    assert messages == [], json.dumps(messages, ensure_ascii=False, indent=1)
    assert done.returncode == 0


def structure_roles(pdf: pikepdf.Pdf) -> list[str]:
    """The structure element types in reading (depth-first) order."""
    roles: list[str] = []

    def walk(element):
        if isinstance(element, pikepdf.Array):
            for child in element:
                walk(child)
        elif isinstance(element, pikepdf.Dictionary) and "/S" in element:
            roles.append(str(element.S)[1:])
            if "/K" in element:
                walk(element.K)

    walk(pdf.Root.StructTreeRoot.K)
    return roles


class Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels: list[str] = []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(tag.upper())


@pytest.mark.parametrize("identifier", ["linkoping-kvinnojouren-2020", "linkoping-kvinnojouren-2025",
                                        "minimal-agreement"])
def test_pdf_is_tagged_accessible_and_carries_its_source(site, identifier):
    root, out = site
    path = out / f"{identifier}.pdf"
    with pikepdf.open(path) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked)
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "sv"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        assert "/Outlines" in pdf.Root, "bookmarks from the headings"
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
        headings = Headings()
        headings.feed((out / f"{identifier}.html").read_text(encoding="utf-8"))
        assert [r for r in structure_roles(pdf) if re.fullmatch(r"H[1-6]", r)] == headings.levels
        embedded = {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}
    # The public source: the same data, without comments (a comment is never checked: docs/security.md).
    from ruamel.yaml import YAML

    written = (root / "sources" / f"{identifier}.yaml").read_text(encoding="utf-8")
    public = embedded[f"{identifier}.yaml"].decode("utf-8")
    assert YAML(typ="safe").load(public) == YAML(typ="safe").load(written)
    assert not any(line.startswith("#") for line in public.splitlines()), "no top-level comment is published"
    manifest = json.loads(embedded["iopdoc-manifest.json"])
    assert manifest["source"] == f"{identifier}.yaml" and manifest["pdf_variant"] == "accessible"


def test_archival_variant_is_pdf_a_3a_with_associated_files(cli, project, tmp_path):
    source = project / "sources" / "linkoping-kvinnojouren-2020.yaml"
    assert cli("build", source, "--out", tmp_path, "--pdf-variant", "archival", cwd=project).code == 0
    with pikepdf.open(tmp_path / "linkoping-kvinnojouren-2020.pdf") as pdf:
        with pdf.open_metadata() as xmp:
            assert (xmp.get("pdfaid:part"), xmp.get("pdfaid:conformance")) == ("3", "A")
        assert bool(pdf.Root.MarkInfo.Marked) and "/OutputIntents" in pdf.Root
        # WeasyPrint 70 lists each file specification twice in /AF; the distinct ones count.
        specs = {spec.objgen: str(spec.AFRelationship) for spec in pdf.Root.AF}
        assert sorted(specs.values()) == ["/Data", "/Source"]


def words(text: str) -> list[str]:
    text = re.sub(r"(\w)\u2010\s*\n\s*(\w)", r"\1\2", text.replace("\u00ad", ""))
    return [w.lower() for w in re.findall(r"\w+", text)]


class Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "title", "nav")
        self.parts.append(" ")

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "title", "nav")
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


@pytest.mark.parametrize("identifier", ["linkoping-kvinnojouren-2020", "linkoping-kvinnojouren-2025",
                                        "minimal-agreement"])
def test_pdf_text_has_all_the_prose(site, identifier):
    """Every word of the page (the rendered prose and facts) is in the PDF, in order: nothing lost."""
    _, out = site
    text = Text()
    text.feed((out / f"{identifier}.html").read_text(encoding="utf-8"))
    page_text = "".join(text.parts)
    page, pdf = Counter(words(page_text)), Counter(words(pdf_text(out / f"{identifier}.pdf")))
    # Counted, not ordered: side-by-side signature columns are read row by row from a PDF.
    lost = page - pdf
    # A line that ends in a hard hyphen ("HSLF-" / "FS", "2019-" / "För") is joined by
    # pdftotext as if hyphenated; the words are there, as one token.
    for first, second in re.findall(r"(\w+)-\s*(\w+)", page_text):
        joined = (first + second).lower()
        if pdf[joined] and lost[first.lower()] and lost[second.lower()]:
            lost.subtract([first.lower(), second.lower()])
            lost = +lost
    assert not lost, f"words of the page missing from the PDF: {dict(lost)}"
