"""The decision memo: its model, its page (golden HTML, header block, decision, signatories), its PDF,
its fidelity to seed 003, and the link to the agreement it proposes."""
from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
from pypdf import PdfReader

from iopdoc import model
from iopdoc.pipeline.build import build_source, check_source
from iopdoc.errors import SourceError
from iopdoc.resolve.project import Project
from iopdoc.writers.html import render_html
from iopdoc.source.canonical import canonical_text
from iopdoc.source.schema import load_document
from tests.conftest import REFERENCE, REPO, pdf_text
from tests.tools.fidelity import measure
from tests.test_render import Outline, rendered, without_stylesheet

MEMO = "osteraker-kvinnojouren-2023-memo"
SEED = REFERENCE / "osteraker-kvinnojouren-2023-memo.txt"
FIXTURES = REPO / "tests" / "fixtures"


def line_of(path, prefix: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(prefix))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    result = build_source(Project(REPO), REPO / "sources" / f"{MEMO}.yaml", out)
    assert not result.failed, [d.format() for d in result.diagnostics]
    assert result.diagnostics == (), "the real memo passes every check"
    return out


@pytest.fixture
def pair(tmp_path):
    """The minimal memo and the illustrative agreement it proposes, copied to a folder to change."""
    for name in ("minimal-memo.yaml", "osteraker-kvinnojouren-illustrative.yaml"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    return tmp_path


def replace_in(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- the model -------------------------------------------------------------------------------
def test_the_memo_loads_with_its_facts():
    memo = load_document(REPO / "sources" / f"{MEMO}.yaml")
    assert isinstance(memo, model.Memo)
    assert memo.date == dt.date(2023, 10, 11) and memo.diarienummer == "SN 2023/0050"
    assert memo.committee == "Socialnämnden", "the decision's committee defaults to the recipient"
    assert memo.period.end == model.Year(2026) and memo.period.start is None
    assert memo.decision.budget_year == 2023 and len(memo.decision.points) == 4
    assert [a.title for a in memo.attachments][1] == "Organisationsskiss IOP Kvinnojour"
    assert [(o.name, o.title) for o in memo.signatories] == [
        ("Mona Bakhshi Poor", "Socialdirektör"), ("Åsa Lundgren", "Biträdande socialdirektör"),
        ("Katja Heljasvaara", "Sakkunnig")]


def test_each_decision_point_knows_its_line():
    path = REPO / "sources" / f"{MEMO}.yaml"
    memo = load_document(path)
    assert memo.decision.at("points[1]").line == line_of(path, "    - Finansiering sker")
    assert memo.decision.at("points[1]").col == 7


def test_a_year_or_a_date_where_a_field_takes_either(pair):
    memo_path = pair / "minimal-memo.yaml"
    assert load_document(memo_path).period.end == model.Year(2026)
    replace_in(memo_path, "  end: 2026\n", "  end: 2026-12-31\n")
    assert load_document(memo_path).period.end == dt.date(2026, 12, 31)
    replace_in(memo_path, "  end: 2026-12-31\n", "  end: 26\n")
    with pytest.raises(SourceError) as caught:
        load_document(memo_path)
    [problem] = caught.value.diagnostics
    assert problem.code == "IOP013" and "ett årtal som 2026" in problem.sv
    assert problem.location.line == line_of(memo_path, "  end:")


def test_an_unknown_name_in_a_decision_point_is_reported_at_its_line_and_column(pair):
    memo_path = pair / "minimal-memo.yaml"
    replace_in(memo_path, "budgetram för {{ decision.budget_year }}", "budgetram för {{ decision.budgetyear }}")
    document = load_document(memo_path)
    with pytest.raises(SourceError) as caught:
        render_html(document, REPO / "templates", Project(REPO).linked(document, memo_path))
    [problem] = caught.value.diagnostics
    line = line_of(memo_path, "    - Finansiering")
    column = next(l for l in memo_path.read_text().splitlines() if l.startswith("    - Finansiering")).index("{{") + 1
    assert (problem.code, problem.location.line, problem.location.col) == ("IOP030", line, column)
    assert "Menade du `budget_year`?" in problem.sv


def test_inline_prose_is_markdown_without_raw_html(pair):
    memo_path = pair / "minimal-memo.yaml"
    replace_in(memo_path, "  - title: Organisationsskiss\n", "  - title: \"*Skiss* <script>x</script>\"\n")
    document = load_document(memo_path)
    html = render_html(document, REPO / "templates", Project(REPO).linked(document, memo_path)).html
    assert "<li><em>Skiss</em> &lt;script&gt;x&lt;/script&gt;</li>" in html
    assert document.attachments[1].title == "*Skiss* <script>x</script>", "the model keeps the source's text"


# --- the page --------------------------------------------------------------------------------
def test_golden_html(golden):
    golden(f"{MEMO}.html", without_stylesheet(rendered(MEMO).html))


def test_the_page_is_accessible_and_standalone():
    html = rendered(MEMO).html
    outline = Outline()
    outline.feed(html)
    assert outline.lang == "sv" and outline.title
    assert outline.headings == [1, 2, 2, 2, 2, 2], "title, then Sammanfattning … Bilagor"
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    import tinyhtml5.parser  # WeasyPrint's own HTML parser: reports what a browser would have to repair

    parser = tinyhtml5.parser.HTMLParser()
    parser.parse(html)
    assert parser.errors == []


def flat(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_header_block_decision_and_attachments():
    html = rendered(MEMO).html
    head = html[html.index('<header class="memo-header">'):html.index("<h1")]
    assert flat(head).split() == ["Österåkers", "kommun", "Socialförvaltningen", "Datum", "2023-10-11", "Dnr", "SN",
                                  "2023/0050", "Till", "Socialnämnden"]
    decision = html[html.index('id="beslutsforslag"'):html.index('id="bakgrund"')]
    assert '<p class="decision-lead">Socialnämnden beslutar</p>' in decision
    assert decision.count("<li>") == 4 and "budgetram för 2023.</li>" in decision
    attachments = html[html.index('id="bilagor"'):]
    assert "<li>Överenskommelse mellan Österåkers kommun och Kvinnojouren i Österåker</li>" in attachments


def test_signatories_stand_as_in_the_seed():
    """The first on the left; the others under each other on the right."""
    html = rendered(MEMO).html
    columns = re.findall(r'<div class="signatory-column">(.*?)</div>', html, flags=re.DOTALL)
    assert [re.findall(r'signatory-name">([^<]+)', column) for column in columns] == [
        ["Mona Bakhshi Poor"], ["Åsa Lundgren", "Katja Heljasvaara"]]


def test_facts_are_written_once(project):
    """Date, Dnr, budget year and the agreement's end year are data; the text follows them."""
    source = project / "sources" / f"{MEMO}.yaml"
    text = source.read_text(encoding="utf-8")
    for old, new in (("date: 2023-10-11", "date: 2023-11-15"), ("SN 2023/0050", "SN 2023/0077"),
                     ("budget_year: 2023", "budget_year: 2024"), ("  end: 2026", "  end: 2027"),
                     ("name: Kvinnojouren i Österåker", "name: Kvinnojouren Åkersberga")):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    source.write_text(text, encoding="utf-8")
    html = rendered(MEMO, project).html
    page, body = flat(html), flat(html[html.index("</h1>"):])
    assert "Datum 2023-11-15" in page and "Dnr SN 2023/0077" in page
    assert "budgetram för 2024." in body and "innan den utgår 2027." in body
    # Only the title, a heading written as such, repeats the name.
    assert "Kvinnojouren i Österåker" not in body and body.count("Kvinnojouren Åkersberga") == 10


def test_prose_reads_the_proposed_agreement(pair):
    """`agreement` in a memo's prose is the agreement it proposes."""
    agreement_path = pair / "osteraker-kvinnojouren-illustrative.yaml"
    replace_in(agreement_path, "end: 2026-12-31", "end: 2027-12-31")
    memo_path = pair / "minimal-memo.yaml"
    document = load_document(memo_path)
    html = flat(render_html(document, REPO / "templates", Project(REPO).linked(document, memo_path)).html)
    assert "innan den utgår 2027." in html


# --- the PDF ---------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", ["pdf", "html"])
def test_faithful_to_the_seed(built, suffix):
    result = measure(SEED, built / f"{MEMO}.{suffix}")
    assert result.recall >= 0.98 and result.precision >= 0.93, result.summary()


def test_every_page_has_the_dnr_and_its_number(built):
    pages = pdf_text(built / f"{MEMO}.pdf").replace("\u00a0", " ").split("\f")[:-1]
    assert len(pages) == 2, "the seed's memo is two pages"
    for number, page in enumerate(pages, start=1):
        assert "Dnr SN 2023/0050" in re.sub(r"[ \t]+", " ", " ".join(page.split())) and f"Sida {number} av 2" in page
    first = " ".join(pages[0].split())
    assert first.index("Österåkers kommun") < first.index("Datum 2023-10-11") < first.index("Till Socialnämnden") \
        < first.index("Idéburet Offentligt Partnerskap")
    assert "Mona Bakhshi Poor" in pages[-1] and "Bilagor" in pages[-1], "signatories stay with the attachments"


def test_pdf_metadata(built):
    reader = PdfReader(built / f"{MEMO}.pdf")
    assert reader.metadata.title.startswith("Idéburet Offentligt Partnerskap (IOP)")
    assert reader.metadata.author == "Österåkers kommun; Socialförvaltningen"
    assert reader.metadata.subject == "Tjänsteskrivelse till Socialnämnden, Dnr SN 2023/0050"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv" and "/StructTreeRoot" in root


def test_a_draft_memo_is_marked_and_keeps_its_dnr(project, tmp_path):
    source = project / "sources" / f"{MEMO}.yaml"
    replace_in(source, "status: final", "status: draft")
    result = build_source(Project(project), source, tmp_path)
    assert not result.failed
    pages = pdf_text(tmp_path / f"{MEMO}.pdf").split("\f")
    assert "UTKAST" in pages[0] and "UTKAST" in pages[1] and "Dnr SN 2023/0050" in " ".join(pages[1].split())


# --- links -----------------------------------------------------------------------------------
def test_proposes_resolves_to_the_agreement(pair):
    memo_path = pair / "minimal-memo.yaml"
    _, linked, findings = check_source(Project(REPO), memo_path)
    assert linked["agreement"].id == "osteraker-kvinnojouren-illustrative"
    assert [d for d in findings if d.code.startswith("IOP5")] == []


@pytest.mark.parametrize(("change", "code", "words"), [
    ("osteraker-kvinnojouren-saknas", "IOP020", "som inte finns"),
    ("minimal-memo", "IOP021", "minimal-memo → minimal-memo"),
    ("other-memo", "IOP022", "ska vara en överenskommelse"),
])
def test_a_bad_proposes_link_is_an_error_at_its_line(pair, change, code, words):
    memo_path = pair / "minimal-memo.yaml"
    other = memo_path.read_text(encoding="utf-8").replace("id: minimal-memo", "id: other-memo")
    (pair / "other-memo.yaml").write_text(other, encoding="utf-8")
    replace_in(memo_path, "proposes: osteraker-kvinnojouren-illustrative", f"proposes: {change}")
    with pytest.raises(SourceError) as caught:
        check_source(Project(REPO), memo_path)
    [problem] = caught.value.diagnostics
    assert problem.code == code and words in problem.sv
    assert (problem.location.line, problem.location.col) == (line_of(memo_path, "proposes:"), 11)


def test_a_memo_without_an_agreement_builds_on_its_own(cli, tmp_path):
    """The real memo names no agreement (we do not have Österåker's), and needs none."""
    result = cli("build", REPO / "sources" / f"{MEMO}.yaml", "--project", REPO, "--out", tmp_path)
    assert result.code == 0, result.err
    assert result.err == ""


# --- docs ------------------------------------------------------------------------------------
def test_every_memo_key_is_documented_and_the_example_is_the_fixture():
    from tests.test_docs import field_names

    text = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    missing = sorted(name for name in field_names(model.Memo) if f"`{name}`" not in text and f"`{name}." not in text)
    assert not missing, f"docs/format.md does not document: {missing}"
    fixture = FIXTURES / "minimal-memo.yaml"
    # The page shows it in the canonical layout (every YAML example in docs/ passes `fmt --check`).
    assert canonical_text(fixture.read_text(encoding="utf-8"), fixture).split("\n", 2)[2] in text
