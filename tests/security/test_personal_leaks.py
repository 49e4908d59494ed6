"""No personnummer reaches a published site, however it is spelled (issue #23, finding 1).

Each spelling is written into a final agreement (in prose, in a fact, in the title, in a YAML
comment), the project is published, and every byte of whatever was published is read back: the
raw bytes of every file, every PDF's decoded streams, page text, metadata and embedded files, with
full-width and other scripts' digits read as digits. The test counts the files in which the digits
of the number appear at all, in any spelling: it must be 0, either because publish refused the
document (exit 1, IOP801/IOP806 at the source's line) or because nothing of the number was published.
"""
from __future__ import annotations

import html
import io
import shutil
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "minimal-agreement.yaml"
PROSE_LINE = "      Parterna har samarbetat sedan länge."
DIGITS = ("8803200016", "8112289841", "8803800013", "8803200018")

IN_PROSE = [
    "880320-0016", "8803200016", "19880320-0016", "198803200016", "880320+0016", "880320 0016",
    "88 03 20 - 00 16", "8803 20-0016", "880320 - 0016", "19880320 0016", "8 803 200 016",
    "\uff18\uff18\uff10\uff13\uff12\uff10\uff0d\uff10\uff10\uff11\uff16",  # full-width
    "\u0668\u0668\u0660\u0663\u0662\u0660-\u0660\u0660\u0661\u0666",  # Arabic-Indic digits
    "880320\u22120016", "880320\u20130016", "880320\u20140016", "880320\u20110016", "880320\u20100016",
    "880320\u00a00016", "880320\u202f0016", "880320\u200b0016", "880320-\u200b0016", "88\u200d0320-0016",
    "880320\u00ad-0016", "880320&#45;0016", "880320&#x2d;0016", "&#56;80320-0016", "880320&minus;0016",
    "880320\\-0016", "**880320**-0016", "880320-*0016*", "[880320](https://example.se)-0016", "`880320-0016`",
    "880320-\n      0016", "880320\n      0016",
    "{{ '880320' ~ '-0016' }}", "{{ '6100-023088' | reverse }}", "{{ 8803200016 }}", "{{ '8803' ~ 20 ~ '-00' ~ 16 }}",
    "samordningsnummer 880380-0013", "811228-9841", "mistyped 880320-0018",
]
IN_FACTS = [  # (what to replace, by what)
    ("      name: Berit Bengtsson", "      name: Berit Bengtsson 88 03 20\u201300 16"),
    ("title: Idéburet offentligt partnerskap mellan Exempelkommun och Exempeljouren",
     "title: Idéburet offentligt partnerskap 880320\u22120016"),
]
IN_COMMENTS = [
    ("status: final\n", "status: final  # kontakt 880320-0016\n"),
    ("sections:\n", "# Berits personnummer: 19880320-0016\nsections:\n"),
]


def digits_only(text: str) -> str:
    out = []
    for char in unicodedata.normalize("NFKC", text):
        if unicodedata.category(char) == "Nd":
            out.append(str(unicodedata.digit(char)))
    return "".join(out)


def published_texts(path: Path):
    """Every way a published file can be read: its raw bytes, and for a PDF each decoded stream,
    its pages' text, its metadata and its embedded files."""
    data = path.read_bytes()
    yield data.decode("latin-1")
    yield data.decode("utf-8", "replace")
    yield html.unescape(data.decode("utf-8", "replace"))  # &#56; is an 8 on the page
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        for number in range(1, int(reader.trailer["/Size"])):
            try:
                obj = reader.get_object(number)
            except Exception:  # noqa: BLE001 - numbers past the last object
                continue
            if obj is None:
                continue
            if hasattr(obj, "get_data"):
                decoded = obj.get_data()
                yield decoded.decode("latin-1")
                yield decoded.decode("utf-16-be", "replace")
        for page in reader.pages:
            yield page.extract_text() or ""
        yield " ".join(str(v) for v in (reader.metadata or {}).values())
        for contents in reader.attachments.values():
            for content in contents:
                yield content.decode("utf-8", "replace")


def leaks(folder: Path) -> list[str]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        for text in published_texts(path):
            projected = digits_only(text)
            found += [f"{path.name}: {d}" for d in DIGITS if d in projected]
    return sorted(set(found))


def publish_with(cli, tmp_path: Path, source: str, templates: Path = REPO / "templates"):
    root = tmp_path / "p"
    (root / "sources").mkdir(parents=True)
    shutil.copytree(templates, root / "templates")
    (root / "sources" / "minimal-agreement.yaml").write_text(source, encoding="utf-8")
    site = root / "build" / "site"
    result = cli("publish", "--out", site, "--include-drafts", cwd=root)
    return root, site, result


def assert_nothing_leaked(root: Path, site: Path, result, refused: bool | None = None):
    if refused is not None:
        assert (result.code == 1) == refused, result.err
    if result.code == 1:
        assert "[IOP801]" in result.err or "[IOP806]" in result.err, result.err
        assert not site.exists()
    assert not any(root.rglob(".site.new-*")), "no staging folder is left behind"
    assert leaks(root / "build") == []
    for digits in DIGITS:
        assert digits not in digits_only(result.err + result.out), "a finding does not repeat the number"


@pytest.mark.parametrize("spelling", IN_PROSE)
def test_a_number_in_prose_is_refused_in_every_spelling(cli, tmp_path, spelling):
    source = FIXTURE.read_text(encoding="utf-8").replace(PROSE_LINE, f"{PROSE_LINE} Kontakt {spelling}.")
    root, site, result = publish_with(cli, tmp_path, source)
    assert_nothing_leaked(root, site, result, refused=True)
    line = next(n for n, text in enumerate(source.splitlines(), 1) if text.startswith(PROSE_LINE))
    assert f"minimal-agreement.yaml:{line}:" in result.err, "found in the source, not only by the last look"


@pytest.mark.parametrize(("old", "new"), IN_FACTS)
def test_a_number_in_a_fact_is_refused(cli, tmp_path, old, new):
    source = FIXTURE.read_text(encoding="utf-8")
    assert old in source
    root, site, result = publish_with(cli, tmp_path, source.replace(old, new))
    assert_nothing_leaked(root, site, result, refused=True)


def test_a_number_in_a_comment_is_not_published(cli, tmp_path):
    """Comments are no published text: the public source embedded in the PDF has none."""
    source = FIXTURE.read_text(encoding="utf-8")
    for old, new in IN_COMMENTS:
        assert old in source
        source = source.replace(old, new, 1)
    root, site, result = publish_with(cli, tmp_path, source)
    assert_nothing_leaked(root, site, result, refused=False)
    assert (site / "minimal-agreement.pdf").is_file()


IN_TEMPLATE = ["19880320&#x2011;0016", "88&nbsp;03&nbsp;20&ndash;00&#8203;16", "<b>880320</b>-<i>0016</i>",
               "&#xFF18;&#xFF18;0320-0016", '<span title="8803200016">x</span>', "880320-\n0016",
               "&#56;&#56;0320&minus;0016"]


@pytest.mark.parametrize("spelling", IN_TEMPLATE)
def test_a_number_a_template_writes_is_caught_before_the_site_is_swapped_in(cli, tmp_path, spelling):
    """The last look (site/leaks.py) reads what was written, not the source: a template bypasses
    IOP801 on the source, and the number is still found in the page as a browser shows it."""
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    page = templates / "agreement.html.j2"
    text = page.read_text(encoding="utf-8")
    marker = "</body>" if "</body>" in text else None
    if marker is None:
        page = templates / "base.html.j2"
        text = page.read_text(encoding="utf-8")
        marker = "</body>"
    page.write_text(text.replace(marker, f"<footer>Kontakt {spelling}</footer>" + marker, 1), encoding="utf-8")
    root, site, result = publish_with(cli, tmp_path, FIXTURE.read_text(encoding="utf-8"), templates)
    assert result.code == 1 and "error[IOP801]" in result.err and ".html" in result.err, result.err
    assert_nothing_leaked(root, site, result)


def test_the_leak_scan_itself_finds_the_digits(cli, tmp_path):
    """The scan above would see a leak: the internal build of a draft with the number shows it in its
    HTML, and in its PDF's page text and embedded source."""
    source = FIXTURE.read_text(encoding="utf-8").replace("status: final", "status: draft").replace(
        PROSE_LINE, f"{PROSE_LINE} Kontakt 88\u00a003\u00a020-00\u200b16.")
    root = tmp_path / "p"
    (root / "sources").mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "sources" / "minimal-agreement.yaml").write_text(source, encoding="utf-8")
    result = cli("build", root / "sources" / "minimal-agreement.yaml", "--out", root / "out", cwd=root)
    assert result.code == 0 and "warning[IOP801]" in result.err
    assert leaks(root / "out") == ["minimal-agreement.html: 8803200016", "minimal-agreement.pdf: 8803200016"]


MEMO = REPO / "tests" / "fixtures" / "minimal-memo.yaml"
AGREEMENT = REPO / "tests" / "fixtures" / "osteraker-kvinnojouren-illustrative.yaml"
POINT = "    - Finansiering sker inom socialnämndens budgetram för {{ decision.budget_year }}.\n"


@pytest.mark.parametrize("spelling", ["19880320\u2212 0016", "88\u00a003\u00a020 \u2013 00\u00a016",
                                      "{{ '811228' ~ '-' ~ 9841 }}", "880380&#8209;0013"])
def test_a_number_in_a_memo_decision_point_is_refused(cli, tmp_path, spelling):
    """Another shape of document: a memo, its decision points (inline prose) and the agreement it proposes."""
    memo = MEMO.read_text(encoding="utf-8")
    assert POINT in memo
    memo = memo.replace(POINT, POINT + f"    - Kontaktperson hos jouren har nummer {spelling}.\n")
    root = tmp_path / "p"
    (root / "sources").mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "sources" / MEMO.name).write_text(memo, encoding="utf-8")
    shutil.copy(AGREEMENT, root / "sources" / AGREEMENT.name)
    site = root / "build" / "site"
    result = cli("publish", "--out", site, "--include-drafts", cwd=root)
    assert_nothing_leaked(root, site, result, refused=True)
    assert MEMO.name in result.err and "[IOP801]" in result.err
