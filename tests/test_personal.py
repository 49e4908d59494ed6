"""Personal data (IOP801-804) beyond the scenario folders: the real sources, other shapes of
documents, the project's allowed addresses and numbers, and `iopdoc publish` refusing."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from iopdoc.identity_numbers import identity_numbers
from iopdoc.resolve.project import Project
from iopdoc.pipeline.publish import publish
from tests.conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "minimal-agreement.yaml"
MEMO = REPO / "tests" / "fixtures" / "minimal-memo.yaml"


def test_the_real_sources_have_no_personal_data_findings(cli):
    result = cli("check", *sorted((REPO / "sources").glob("*.yaml")), cwd=REPO)
    assert "[IOP80" not in result.err


@pytest.mark.parametrize(("text", "kind"), [
    ("880320-0016", "personnummer"), ("8803200016", "personnummer"), ("19880320-0016", "personnummer"),
    ("198803200016", "personnummer"), ("880320 0016", "personnummer"), ("880320+0016", "personnummer"),
    ("880380-0013", "samordningsnummer"),
])
def test_identity_numbers_in_every_written_form(text, kind):
    written = f"Nummer {text}, sedan."
    assert [(written[n.start:n.end], n.kind, n.valid) for n in identity_numbers(written)] == [(text, kind, True)]


@pytest.mark.parametrize("text", [
    "212000-0449", "822003-8007", "802000-0000", "2025-01-01", "20250101", "1 571 605", "1571605",
    "880230-0017", "SN 2023/0050", "KSN-2016-1422", "5050-1055", "0701234567", "2025-01-01–2030-12-31",
])
def test_what_only_looks_like_digits_is_not_an_identity_number(text):
    assert list(identity_numbers(f"Se {text} här.")) == []


def test_a_wrong_check_digit_is_found_as_a_mistyped_number():
    [number] = identity_numbers("Se 880320-0018 här.")
    assert (number.digits, number.valid) == ("8803200018", False)
    assert list(identity_numbers("Se 880320-0018 här.", mistyped=False)) == []


def write_project(root: Path, files: dict[str, str], config: str = "") -> Path:
    (root / "sources").mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    for name, text in files.items():
        (root / "sources" / name).write_text(text, encoding="utf-8")
    if config:
        (root / "iopdoc.toml").write_text(config, encoding="utf-8")
    return root


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_memo_decision_point_and_a_number_split_by_a_fact_are_found_at_their_lines(cli, tmp_path):
    memo = MEMO.read_text(encoding="utf-8")
    points = memo.index("  points:\n")
    memo = memo[:points] + "  points:\n    - Anmälan från 198803200016 läggs till handlingarna.\n" + memo[points + len("  points:\n"):]
    agreement = FIXTURE.read_text(encoding="utf-8").replace(
        "      Parterna har samarbetat sedan länge.",
        "      Parterna har samarbetat sedan länge; ring {{ parties.jouren.phone }} 45 67.").replace(
        "    org_number: 822003-8007\n", "    org_number: 822003-8007\n    phone: 070-123\n")
    root = write_project(tmp_path / "p", {"minimal-agreement.yaml": agreement, MEMO.name: memo})
    # the memo proposes the agreement: copy the one it names
    for linked in (REPO / "tests" / "fixtures").glob("*.yaml"):
        if linked.name not in (MEMO.name, "minimal-agreement.yaml"):
            shutil.copy(linked, root / "sources" / linked.name)
    result = cli("check", root / "sources" / MEMO.name, root / "sources" / "minimal-agreement.yaml", cwd=root)
    found = [line for line in result.err.splitlines() if "[IOP80" in line]
    assert any(f"{MEMO.name}:{line_of(memo, '198803200016')}:20: error[IOP801]" in line for line in found), found
    # "070-123" is a fact, " 45 67" literal text: only the evaluated prose shows the whole number
    assert any(f"minimal-agreement.yaml:{line_of(agreement, 'ring {{')}:" in line and "[IOP802]" in line
               and "070-123 45 67" in line for line in found), found


def test_allowed_numbers_and_addresses_are_not_reported(cli, tmp_path):
    agreement = FIXTURE.read_text(encoding="utf-8").replace(
        "      Parterna har samarbetat sedan länge.",
        "      Jourtelefonen +46 70-123 45 67 och jour.linkoping@exempeljouren.se; Anna på 073-111 22 33.")
    root = write_project(tmp_path / "p", {"minimal-agreement.yaml": agreement},
                         '[personal]\nallowed_phone_numbers = ["070-123 45 67"]\n'
                         'allowed_emails = ["Jour.Linkoping@exempeljouren.se"]\n')
    result = cli("check", root / "sources" / "minimal-agreement.yaml", cwd=root)
    found = [line for line in result.err.splitlines() if "[IOP80" in line]
    assert len(found) == 1 and "073-111 22 33" in found[0]
    (root / "iopdoc.toml").write_text('[personal]\nallowed_emails = ["ingen adress"]\n', encoding="utf-8")
    broken = cli("check", root / "sources" / "minimal-agreement.yaml", cwd=root)
    assert broken.code == 1 and "iopdoc.toml:2:1: error[IOP062]" in broken.err


def test_publish_refuses_a_draft_with_a_personnummer_naming_file_and_line(cli, tmp_path):
    good = FIXTURE.read_text(encoding="utf-8")
    root = write_project(tmp_path / "p", {"minimal-agreement.yaml": good})
    site = tmp_path / "site"
    assert not publish(Project(root), site).failed
    before = (site / "minimal-agreement.html").read_bytes()
    draft = good.replace("status: final", "status: draft").replace(
        "      name: Berit Bengtsson", "      name: Berit Bengtsson 880320-0016")
    (root / "sources" / "minimal-agreement.yaml").write_text(draft, encoding="utf-8")
    built = cli("build", root / "sources" / "minimal-agreement.yaml", "--out", tmp_path / "b", cwd=root)
    assert built.code == 0 and "warning[IOP801]" in built.err, "a draft is built, with a warning"
    result = cli("publish", "--out", site, "--include-drafts", cwd=root)
    line = line_of(draft, "880320-0016")
    assert result.code == 1
    assert f"sources/minimal-agreement.yaml:{line}:13: error[IOP801]" in result.err
    assert "880320-0016" not in result.err, "the message does not repeat the number"
    assert (site / "minimal-agreement.html").read_bytes() == before, "the site stays as it was"


def test_a_text_is_rendered_to_be_read_again_whenever_its_page_could_show_a_number():
    """IOP801 reads a prose text's rendered page only when it could show a personnummer the text
    does not (prose/published.may_show_more): a character reference, a link or a code fence, or
    somewhere as many digits as a personnummer has with no letter between them and a line break or
    Markdown among them. Otherwise the page shows no number the text does not (rendering keeps every
    letter, in order, and makes no digit). Held over generated Markdown, digits and separators close
    together, letters between some of them."""
    from hypothesis import given, settings, strategies as st

    from iopdoc.prose.published import may_hold_number, may_show_more
    from iopdoc.prose.shown import prose_text

    pieces = st.sampled_from(["8", "0", "3", "2", "1", "6", "-", " ", "\n", "\n\n", "*", "_", "\\", "`", "#", "1. ",
                              "10. ", "- ", "> ", "|", "---", "(", ")", "[", "!", "\u00a0", "\u200b", "\uff18",
                              "\u33e0", "\u00bc", "\u0668", "text", "kr", "ä", "x", "\u2212", "    ", "~~~", ":", "+",
                              "&frac14;", "&#x38;", "](x)", "<http://x/\u00e9>", "880320", "0016", "| --- |\n", "\u00b2", "\u2460", "_"])

    @settings(max_examples=2000, deadline=None)
    @given(st.lists(pieces, max_size=40).map("".join))
    def holds(markdown):
        if any(sign in markdown for sign in ("&", "<", "]", "```", "~~~")):
            assert may_show_more(markdown)  # a reference, a link or a fence can make digits: always rendered
            return
        if not may_show_more(markdown):  # its page shows no number the text does not (IOP801 reads those)
            shown = {number.digits for number in identity_numbers(prose_text(markdown))}
            assert shown <= {number.digits for number in identity_numbers(markdown)}
        if not may_hold_number(markdown):
            assert list(identity_numbers(markdown)) == [] and not may_show_more(markdown)

    @settings(max_examples=1000, deadline=None)
    @given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30) | st.from_regex(
        r"[0-9a\- \u00a0\u2013\uff10-\uff19\u0660-\u0669\u00b2\u2460\u200b_+]{10,20}", fullmatch=True))
    def any_text(text):
        if not may_hold_number(text):
            assert list(identity_numbers(text)) == []

    holds()
    any_text()
    assert may_show_more("&#56;&#56;") and may_show_more("[a](b)") and may_show_more("<http://x>")
    assert may_show_more("880320\\-0016") and not may_show_more("Avtalet gäller 2027.")
    assert not may_show_more("880320-0016")  # the text shows it as its page does
    assert may_show_more("8803 *20*-\\\n0016") and not may_show_more("Nr 880320 enligt 0016 och 2027.")
    assert may_show_more("Nummer 880320-0015\n1. punkt") and not may_show_more("Nummer 212000-0019.\n\nSedan")
    assert not may_show_more("1 345 500 kr per år och 2 000 000 kr år 2026")
