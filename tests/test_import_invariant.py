"""Import never changes a word: an expression stands only for a whole token sequence whose value
renders the same words (never "en" inside "denna", never an article "en"), the built HTML says the
original's words in order, and `iopdoc import` refuses (IOP097, nothing written) when it would not.

The property is tested over agreements hypothesis writes (party names, counts in words next to
articles and inside words, amounts, dates) and on the "denna" case that started issue #25."""
from __future__ import annotations

import html
import re
import shutil
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iopdoc.errors import SourceError
from iopdoc.readers import importer, read_blocks
from iopdoc.readers.importer import import_file
from iopdoc.source.loader import parse_source
from iopdoc.source.schema import read_document
from iopdoc.writers.html import render_html
from tests.conftest import REPO
from tests.test_import import SEED_OF

DENNA = """\
    Överenskommelse om samverkan mellan Linköpings kommun och Föreningen Exempel

    1. Parter

    Linköpings kommun, organisationsnummer 212000-0449.

    Föreningen Exempel, organisationsnummer 802480-0009.

    2. Avstämning och uppföljning

    Avstämning och uppföljning av denna överenskommelse sker minst en gång per år eller då någon av parterna påkallar behov. Parterna har en dialog om en gemensam plan.

    3. Period

    Överenskommelsen gäller från och med 2026-01-01 till och med 2027-12-31.
"""


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs) -> None:
        self.hidden += tag in ("script", "style", "head")
        self.parts.append(" ")

    def handle_endtag(self, tag) -> None:
        self.hidden -= tag in ("script", "style", "head")
        self.parts.append(" ")

    def handle_data(self, data) -> None:
        if not self.hidden:
            self.parts.append(data)


def page_words(markup: str) -> str:
    parser = _Visible()
    parser.feed(markup)
    return " " + " ".join(html.unescape("".join(parser.parts)).replace("\u00a0", " ").replace("\u00ad", "").split()) + " "


def built_html(source_text: str, target: Path) -> str:
    document = read_document(parse_source(source_text, path=target, name=str(target)))
    return render_html(document, REPO / "templates").html


def assert_words_kept(original: Path, result, target: Path) -> None:
    """Every paragraph, list and table of the original that the import kept as prose is in the built
    HTML, word for word and in order; the import kept at least one."""
    page = page_words(built_html(result.text, target))
    kept = [b for b in read_blocks(original) if b.line in result.kept]
    assert kept
    for block in kept:
        pieces = block.items if block.kind in ("bullets", "numbered") else \
            [" ".join(cell for row in block.rows for cell in row)] if block.kind == "table" else [block.text]
        for piece in pieces:
            words = " ".join(piece.replace("\u00a0", " ").split())
            assert f" {words} " in page, f"{original.name}:{block.line}: \"{words[:80]}\" is not in the built page"


def test_denna_keeps_its_letters_and_the_count_is_the_count_not_an_article(tmp_path):
    original = tmp_path / "avtal.txt"
    original.write_text(textwrap.dedent(DENNA), encoding="utf-8")
    target = tmp_path / "avtal.yaml"
    result = import_file(original, "avtal", None, target)
    assert "av denna överenskommelse" in result.text
    assert "minst {{ follow_up.meetings_per_year | words }} gång per år" in result.text
    assert "Parterna har en dialog om en gemensam plan." in result.text, "articles stay words"
    assert result.text.count("follow_up.meetings_per_year") == 1
    assert "denna" in page_words(built_html(result.text, target))
    assert_words_kept(original, result, target)


def test_the_built_agreement_says_dtvana_never_when_meetings_change(tmp_path):
    original = tmp_path / "avtal.txt"
    original.write_text(textwrap.dedent(DENNA), encoding="utf-8")
    target = tmp_path / "avtal.yaml"
    text = import_file(original, "avtal", None, target).text.replace("meetings_per_year: 1", "meetings_per_year: 2")
    page = page_words(built_html(text, target))
    assert " denna överenskommelse sker minst två gång per år " in page and "dtvåna" not in page


def test_a_round_trip_mismatch_is_refused_naming_the_paragraph_and_nothing_is_written(cli, tmp_path, monkeypatch):
    """The check before writing is real: with the old substitution (the first occurrence anywhere,
    inside a word too), the import refuses the "denna" paragraph instead of writing it."""
    original = tmp_path / "avtal.txt"
    original.write_text(textwrap.dedent(DENNA), encoding="utf-8")

    def first_occurrence(text, mention, taken):
        at = text.find(mention.text)
        return None if at < 0 else (at, at + len(mention.text))

    monkeypatch.setattr(importer, "token_span", first_occurrence)
    project = tmp_path / "p"
    shutil.copytree(REPO / "templates", project / "templates")
    (project / "sources").mkdir()
    for lang, words in (("sv", "importen skulle ändra texten"), ("en", "the import would change the text")):
        result = cli("import", original, "--id", "avtal", "--project", project, "--lang", lang)
        assert result.code == 1, result.out
        assert f"avtal.txt:11:1: error[IOP097]: {words}" in result.err
        assert "Traceback" not in result.err
        assert not (project / "sources" / "avtal.yaml").exists()


def test_verify_round_trip_names_the_block_of_a_word_file(tmp_path):
    from iopdoc.readers.round_trip import verify_round_trip
    import docx

    document = docx.Document()
    document.add_heading("Överenskommelse mellan Umeå kommun och Föreningen Exempel", level=0)
    document.add_heading("Uppföljning", level=1)
    document.add_paragraph("Parterna träffas minst två gånger per år.")
    original = tmp_path / "avtal.docx"
    document.save(str(original))
    target = tmp_path / "avtal.yaml"
    text = import_file(original, "avtal", None, target).text
    assert "minst {{ follow_up.meetings_per_year | words }} gånger" in text
    broken = text.replace("meetings_per_year: 2", "meetings_per_year: 3")
    blocks = read_blocks(original)
    with pytest.raises(SourceError) as raised:
        verify_round_trip(broken, [[b for b in blocks if "träffas" in b.text]], original, target, {})
    message = raised.value.diagnostics[0]
    assert message.code == "IOP097" and "stycke ¶3" in message.sv and "paragraph ¶3" in message.en
    assert "minst tre gånger" in message.sv


# ---- the property, over agreements hypothesis writes -------------------------------------------

NAMES = st.sampled_from(["Föreningen Fristad", "Entréföreningen Ett Steg", "Stiftelsen Tvåspråkig Framtid",
                         "Brottsofferjouren En Väg", "Kvinnojouren Enhet", "Ideell förening Sex Syskon"])
TOWNS = st.sampled_from([("Umeå kommun", "212000-2627"), ("Gävle kommun", "212000-2262"), ("Region Skåne", "232100-0255")])
FILLER = st.sampled_from(["Denna överenskommelse gäller en verksamhet som ger ett stöd.",
                          "En av parterna kallar till ett möte.", "Det finns en plan och ett mål.",
                          "Vi tänker på denna ena gång i taget.", "Entreprenaden är inte en del av detta.",
                          "Tvåspråkiga insatser ges tre dagar i veckan."])
COUNTS = st.sampled_from(["en", "två", "tre", "fyra", "2", "4"])


@st.composite
def agreements(draw) -> str:
    town, org = draw(TOWNS)
    name = draw(NAMES)
    start = draw(st.integers(2024, 2030))
    years = draw(st.integers(1, 4))
    count = draw(COUNTS)
    amount = draw(st.integers(1, 999)) * 1000
    fillers = draw(st.lists(FILLER, min_size=1, max_size=4))
    gang = "gång" if count in ("en", "1") else "gånger"
    return "\n\n".join([
        f"Överenskommelse om idéburet offentligt partnerskap mellan {town} och {name}",
        "1. Parter",
        f"{town}, organisationsnummer {org}.", f"{name}, organisationsnummer 802480-0009.",
        "2. Bakgrund", " ".join(fillers),
        "3. Period",
        f"Överenskommelsen gäller från och med {start}-01-01 till och med {start + years - 1}-12-31. {fillers[0]}",
        "4. Uppföljning",
        f"{fillers[-1]} Parterna träffas minst {count} {gang} per år och har en dialog om en {name.split()[-1]}.",
        "5. Ekonomi",
        f"{town} bidrar med {amount:,} kr per år. {fillers[0]}".replace(",", " "),
    ]) + "\n"


@settings(max_examples=25, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=agreements(), suffix=st.sampled_from([".txt", ".md"]))
def test_import_never_changes_a_word(tmp_path_factory, text, suffix):
    folder = tmp_path_factory.mktemp("property")
    original = folder / f"avtal{suffix}"
    original.write_text(text, encoding="utf-8")
    target = folder / "avtal.yaml"
    result = import_file(original, "avtal", None, target)  # raises IOP097 if a word would change
    assert_words_kept(original, result, target)
    for expression in re.findall(r"\{\{ (.+?) \}\}", result.text):  # and no expression inside a word
        at = result.text.index(f"{{{{ {expression} }}}}")
        assert not result.text[at - 1].isalnum() and not result.text[at + len(expression) + 6].isalnum(), expression


@pytest.mark.parametrize("identifier", sorted(SEED_OF))
def test_the_seeds_keep_their_words(tmp_path, identifier):
    target = tmp_path / "seed.yaml"
    result = import_file(SEED_OF[identifier], "seed", None, target)
    assert_words_kept(SEED_OF[identifier], result, target)
