"""`iopdoc review --apply`: a DOCX that iopdoc built from a source the test writes (another
municipality, three parties), edited as Word writes tracked changes (w:del and w:ins with an author,
and a comment), written back to the source where the place is unambiguous and listed otherwise."""
from __future__ import annotations

import copy
import json
import shutil

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.run import Run

from tests.conftest import REPO
from tests.test_review import tracked

ID = "umea-brottsofferjouren-2026"
OTHER = "skelleftea-stodcentrum-2026"
NBSP = "\u00a0"
SHARED = "Samverkan följs upp varje halvår."

SOURCE = f"""\
# IOP mellan Umeå kommun, Region Västerbotten och Brottsofferjouren Umeå.
kind: agreement
id: {ID}
title: Idéburet offentligt partnerskap om stöd till brottsutsatta i Umeå
status: draft
language: sv

parties:
  kommunen:
    name: Umeå kommun
    sector: public
    org_number: 212000-2627
    acting_through: individ- och familjenämnden
  regionen:
    name: Region Västerbotten
    sector: public
    org_number: 232100-0222
  jouren:
    name: Brottsofferjouren Umeå
    sector: non-profit
    org_number: 802400-0000

period:
  start: 2026-01-01
  end: 2028-12-31
  notice: tre månader

economy:
  contributions:
    kommunen:
      amount: 850000  # beslutat i nämnden
      per: year
      price_level: 2026
    regionen:
      amount: 240000
      per: year
      price_level: 2026
  payment:
    frequency: yearly
    month: 2

sections:
  - kind: background
    heading: Bakgrund
    body: |
      Brottsofferjouren har i många år gett stöd till den som utsatts för brott i Umeå. Parterna vill
      nu ge stödet en stadig form.

      {SHARED}

  - kind: parties
    heading: Parter
    body: |
      Parterna är {{{{ parties.kommunen.name }}}} genom {{{{ parties.kommunen.acting_through }}}},
      {{{{ parties.regionen.name }}}} och {{{{ parties.jouren.name }}}}.

      {{{{ parties.kommunen.acting_through | capitalize }}}} ansvarar för samverkan.

  - kind: purpose
    heading: Syfte
    body: |
      Syftet är att fler brottsutsatta ska få **snabbt** stöd nära sin vardag.

      {SHARED}

  - kind: economy
    heading: Ekonomi
    body: |
      {{{{ parties.kommunen.name }}}} bidrar med {{{{ economy.contributions.kommunen.amount | kr }}}} per år
      och {{{{ parties.regionen.name }}}} med {{{{ economy.contributions.regionen.amount | kr }}}} per år.
      Medlen betalas ut i februari.
"""


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "kommun"
    (root / "sources").mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "sources" / f"{ID}.yaml").write_text(SOURCE, encoding="utf-8")
    return root


def build_docx(cli, root, identifier=ID):
    out = root / "out"
    result = cli("build", root / "sources" / f"{identifier}.yaml", "--out", out, "--format", "docx", "--no-cache",
                 "--project", root)
    assert result.code == 0, result.err
    return out / f"{identifier}.docx"


def replace_tracked(document, containing: str, old: str, new: str, number: int, nth: int = 0) -> None:
    """In the `nth` paragraph containing `containing`, `old` (within one run) becomes a tracked
    deletion followed by a tracked insertion of `new`, as Word writes them."""
    paragraph = [p for p in document.paragraphs if containing in p.text][nth]
    run = next(r for r in paragraph.runs if old in r.text)
    before, after = run.text.split(old, 1)
    properties = run._r.find(qn("w:rPr"))
    rest = copy.deepcopy(run._r)
    run.text = before
    anchor = run._r
    for element in ([tracked("w:del", old, properties, number)] if old else []) + \
            ([tracked("w:ins", new, properties, number + 1)] if new else []):
        anchor.addnext(element)
        anchor = element
    Run(rest, paragraph).text = after
    anchor.addnext(rest)


def insert_tracked(document, containing: str, after: str, new: str, number: int) -> None:
    """A tracked insertion of `new` right after `after` (within one run), as Word writes it."""
    paragraph = next(p for p in document.paragraphs if containing in p.text)
    run = next(r for r in paragraph.runs if after in r.text)
    before, rest_text = run.text.split(after, 1)
    rest = copy.deepcopy(run._r)
    run.text = before + after
    insertion = tracked("w:ins", new, run._r.find(qn("w:rPr")), number)
    run._r.addnext(insertion)
    Run(rest, paragraph).text = rest_text
    insertion.addnext(rest)


def reviewed(cli, root, tmp_path, *edits, comment: str | None = None):
    """The built DOCX with each (containing, old, new[, nth]) made a tracked change; an old starting
    with `+` inserts new after the rest of it."""
    document = docx.Document(str(build_docx(cli, root)))
    for number, edit in enumerate(edits):
        if edit[1].startswith("+"):
            insert_tracked(document, edit[0], edit[1][1:], edit[2], 100 + 2 * number)
        else:
            replace_tracked(document, *edit[:3], number=100 + 2 * number, nth=edit[3] if len(edit) > 3 else 0)
    if comment is not None:
        paragraph = next(p for p in document.paragraphs if p.text.startswith("Syftet"))
        document.add_comment(paragraph.runs, text=comment, author="Maria Föreningen", initials="MF")
    path = tmp_path / "granskad.docx"
    document.save(str(path))
    return path


def source_text(root) -> str:
    return (root / "sources" / f"{ID}.yaml").read_text(encoding="utf-8")


def built_html(cli, root) -> str:
    out = root / "html"
    result = cli("build", root / "sources" / f"{ID}.yaml", "--out", out, "--format", "html", "--no-cache",
                 "--project", root)
    assert result.code == 0, result.err
    return (out / f"{ID}.html").read_text(encoding="utf-8")


def test_a_word_replaced_in_plain_prose_is_written_and_the_source_reloads(cli, root, tmp_path):
    path = reviewed(cli, root, tmp_path, ("Brottsofferjouren har", "många", "flera"), ("Syfte", "+Syfte", " och mål"))
    result = cli("review", path, "--project", root, "--apply")
    assert result.code == 0, result.err
    assert "Förda in (2)" in result.out and "”i många år” → ”i flera år”" in result.out
    assert "2 av 2 ändringar förda in" in result.out
    text = source_text(root)
    assert "Brottsofferjouren har i flera år gett stöd" in text and "många" not in text
    assert "heading: Syfte och mål" in text
    assert text.startswith("# IOP mellan Umeå kommun") and "amount: 850000  # beslutat i nämnden" in text, \
        "the comments stay where they were written"
    assert cli("fmt", "--check", root / "sources" / f"{ID}.yaml", "--project", root).code == 0, "canonical layout"
    html = built_html(cli, root)
    assert "i flera år gett stöd" in html and "i många år" not in html and "Syfte och mål</h2>" in html


def test_an_ambiguous_change_is_listed_and_the_rest_still_written(cli, root, tmp_path):
    path = reviewed(cli, root, tmp_path, (SHARED, "varje halvår", "varje kvartal", 1),
                    ("Medlen betalas", "februari", "mars"))
    result = cli("review", path, "--project", root, "--apply")
    assert result.code == 1
    assert "error[IOP096]" in result.err and "stycket står på 2 ställen i källan (Bakgrund, Syfte)" in result.err
    assert "Förda in (1)" in result.out and "Förs inte in (1" in result.out
    assert "1 av 2 ändringar förda in; för in de 1 andra för hand" in result.out
    text = source_text(root)
    assert text.count(SHARED) == 2 and "kvartal" not in text, "nothing written for the ambiguous change"
    assert "Medlen betalas ut i mars." in text


def test_an_amount_changed_in_what_an_expression_shows_is_written_to_the_fact(cli, root, tmp_path):
    path = reviewed(cli, root, tmp_path, ("bidrar med", f"850{NBSP}000", f"900{NBSP}000"))
    result = cli("review", path, "--project", root, "--apply")
    assert result.code == 0, result.err
    assert f"economy.contributions.kommunen.amount: 850 000 kr → 900 000 kr" in result.out
    text = source_text(root)
    assert "amount: 900000  # beslutat i nämnden" in text and "amount: 240000" in text
    assert "{{ economy.contributions.kommunen.amount | kr }}" in text, "the prose keeps its expression"
    assert f"900{NBSP}000{NBSP}kr" in built_html(cli, root)


def test_a_name_shown_by_an_expression_is_written_to_the_party(cli, root, tmp_path):
    path = reviewed(cli, root, tmp_path, ("Parterna är", "Västerbotten", "Norrbotten"))
    result = cli("review", path, "--project", root, "--apply")
    assert result.code == 0, result.err
    assert "parties.regionen.name: Region Västerbotten → Region Norrbotten" in result.out
    text = source_text(root)
    assert "name: Region Norrbotten" in text and "{{ parties.regionen.name }}" in text


def test_changes_an_expression_cannot_take_back_are_listed(cli, root, tmp_path):
    path = reviewed(cli, root, tmp_path,
                    ("ansvarar för samverkan", "Individ- och familjenämnden", "Socialnämnden"),  # `| capitalize`
                    ("bidrar med", f"{NBSP}kr per", " kronor varje"),  # part amount, part written text
                    ("bidrar med", "+Umeå kommun", "s"),  # a new letter joined to a name: value or text?
                    ("om stöd till", "brottsutsatta", "brottsoffer"),  # the title page: not a section's prose
                    ("Parterna är", "Region Västerbotten", ""))  # the whole name deleted: not a name ""
    before = source_text(root)
    result = cli("review", path, "--project", root, "--apply")
    assert result.code == 1
    assert result.err.count("error[IOP096]") == 5
    assert "allt som `{{ parties.regionen.name }}` visar tas bort" in result.err
    assert "[dokumentets början]" in result.err and "det kommer från titelsidan" in result.err
    assert "`{{ parties.kommunen.acting_through | capitalize }}`, som inte går att räkna baklänges" in result.err
    assert "rör både den skrivna texten och det som `{{ economy.contributions.kommunen.amount | kr }}` visar" \
        in result.err
    assert "sitter ihop med det som `{{ parties.kommunen.name }}` visar" in result.err
    assert "Inget att föra in" in result.out
    assert source_text(root) == before, "nothing applicable: nothing written"


def test_a_comment_is_listed_never_applied(cli, root, tmp_path):
    path = reviewed(cli, root, tmp_path, comment="Skriv vad snabbt betyder.")
    before = source_text(root)
    result = cli("review", path, "--project", root, "--apply")
    assert result.code == 0, result.err
    assert "Kommentarer, förs aldrig in (1)" in result.out and "Maria Föreningen: Skriv vad snabbt betyder." in result.out
    assert "Inget att föra in" in result.out
    assert source_text(root) == before


def test_report_only_by_default_and_with_dry_run(cli, root, tmp_path):
    path = reviewed(cli, root, tmp_path, ("Brottsofferjouren har", "många", "flera"))
    before = source_text(root)
    report = cli("review", path, "--project", root)
    assert report.code == 0 and "[-många-]" in report.out and "{+flera+}" in report.out
    dry = cli("review", path, "--project", root, "--apply", "--dry-run")
    assert dry.code == 0 and "Skulle föras in (1)" in dry.out and "--dry-run: inget skrevs" in dry.out
    data = json.loads(cli("review", path, "--project", root, "--dry-run", "--format", "json").out)
    assert data["written"] is False and data["not_applied"] == []
    [applied] = data["applied"]
    assert (applied["target"], applied["old"], applied["new"], applied["line"]) == \
        ("sections[0].body", "i många år", "i flera år", SOURCE.splitlines().index(
            "      Brottsofferjouren har i många år gett stöd till den som utsatts för brott i Umeå. Parterna vill") + 1)
    assert source_text(root) == before


def test_nothing_is_written_when_the_rebuilt_document_would_not_show_the_change(cli, root, tmp_path):
    path = reviewed(cli, root, tmp_path, ("Brottsofferjouren har", "många", "flera"),
                    ("Medlen betalas", "februari", "mars"))
    template = root / "templates" / "agreement.html.j2"  # changed since the DOCX was built: Bakgrund's text is gone
    text = template.read_text(encoding="utf-8")
    assert "{{ section.html }}" in text
    template.write_text(text.replace("{{ section.html }}",
                                     '{% if section.kind != "background" %}{{ section.html }}{% endif %}'),
                        encoding="utf-8")
    result = cli("review", path, "--project", root, "--apply")
    assert result.code == 1 and "error[IOP095]" in result.err
    assert "visar det ombyggda dokumentet inte" in result.err and "inget skrevs" in result.err
    assert source_text(root) == SOURCE, "not even the change that would have shown"


def test_a_symlinked_source_is_refused(cli, root, tmp_path):
    path = reviewed(cli, root, tmp_path, ("Brottsofferjouren har", "många", "flera"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    real = elsewhere / f"{ID}.yaml"
    shutil.move(root / "sources" / f"{ID}.yaml", real)
    (root / "sources" / f"{ID}.yaml").symlink_to(real)
    result = cli("review", path, "--project", root, "--apply")
    assert result.code == 1 and "error[" in result.err and "symbolisk länk" in result.err
    assert "Traceback" not in result.err
    assert real.read_text(encoding="utf-8") == SOURCE and (root / "sources" / f"{ID}.yaml").is_symlink()


def test_a_sources_folder_that_is_a_link_is_not_written_through(cli, root, tmp_path):
    path = reviewed(cli, root, tmp_path, ("Brottsofferjouren har", "många", "flera"))
    elsewhere = tmp_path / "elsewhere"
    shutil.move(root / "sources", elsewhere)
    (root / "sources").symlink_to(elsewhere)
    result = cli("review", path, "--project", root, "--apply")
    assert result.code == 1 and "error[IOP090]" in result.err and "symbolisk länk" in result.err
    assert (elsewhere / f"{ID}.yaml").read_text(encoding="utf-8") == SOURCE


def test_a_docx_of_another_source_is_refused(cli, root, tmp_path):
    other = SOURCE.replace(f"id: {ID}", f"id: {OTHER}").replace("Umeå kommun", "Skellefteå kommun")
    (root / "sources" / f"{OTHER}.yaml").write_text(other, encoding="utf-8")
    document = docx.Document(str(build_docx(cli, root, OTHER)))
    replace_tracked(document, "Brottsofferjouren har", "många", "flera", 100)
    path = tmp_path / "annan.docx"
    document.save(str(path))
    result = cli("review", path, "--project", root, "--source", root / "sources" / f"{ID}.yaml", "--apply")
    assert result.code == 1
    assert "error[IOP095]" in result.err and f"byggdes från dokumentet {OTHER}, inte från {ID}" in result.err
    assert source_text(root) == SOURCE
    report = cli("review", path, "--project", root, "--source", root / "sources" / f"{ID}.yaml")
    assert report.code == 0 and "warning[IOP088]" in report.err and f"dokumentet {OTHER}" in report.err


def test_messages_in_english(cli, root, tmp_path):
    path = reviewed(cli, root, tmp_path, ("Brottsofferjouren har", "många", "flera"),
                    (SHARED, "varje halvår", "varje kvartal"), comment="Define quickly.")
    result = cli("review", path, "--project", root, "--apply", "--lang", "en")
    assert result.code == 1
    assert "Applied (1)" in result.out and '"i många år" → "i flera år"' in result.out and "Not applied (1" in result.out and "Comments, never applied (1)" in result.out
    assert "Wrote " in result.out and "1 of 2 changes applied; apply the other 1 by hand." in result.out
    assert "is not applied: the paragraph stands in 2 places in the source (Bakgrund, Syfte)" in result.err
    assert "Change it in the source by hand." in result.err


@pytest.mark.parametrize("seed", range(8))
def test_random_tracked_edits_are_applied_exactly_or_listed(cli, root, tmp_path, seed):
    """A word of a random run deleted, replaced or preceded by new words, one to four times: nothing
    fails, and every paragraph whose changes were all applied reads, in the rebuilt document, exactly
    as the reviewer left it."""
    import random

    from iopdoc.readers.review import read_review
    from iopdoc.readers.review_apply import SEPARATOR, apply_review, hunks_of, plan_changes, plain, rebuilt_text
    from iopdoc.resolve.project import Project

    rng = random.Random(seed)
    document = docx.Document(str(build_docx(cli, root)))
    for number in range(rng.randint(1, 4)):
        runs = [(p, r) for p in document.paragraphs for r in p.runs if len(r.text.split()) > 1]
        paragraph, run = rng.choice(runs)
        words = run.text.split(" ")
        index = rng.randrange(len(words))
        old = words[index]
        mode = rng.choice(["replace", "delete", "insert"]) if old else "insert"
        new = rng.choice(["nya", "fler ord", "12 000"])
        if mode == "insert":
            context = " ".join(words[:index + 1]) if index else words[0]
            insert_tracked(document, paragraph.text, context, f" {new}", 300 + 2 * number)
        else:
            replace_tracked(document, paragraph.text, f" {old}" if index else old,
                            (f" {new}" if index else new) if mode == "replace" else "", 300 + 2 * number)
    path = tmp_path / "slump.docx"
    document.save(str(path))
    project = Project(root)
    review = read_review(path, project, None)
    outcome = apply_review(review, project, write=False)
    assert len(outcome.applied) + len(outcome.not_applied) >= 1
    if outcome.text is None:
        return
    rebuilt = SEPARATOR + rebuilt_text(project, review.source, outcome.text) + SEPARATOR
    planned, _ = plan_changes(review, project)
    for number, changed in enumerate(review.paragraphs):
        _, hunks = hunks_of(changed.pieces)
        if hunks and sum(1 for plan in planned if plan.paragraph == number) == len(hunks):
            accepted = plain("".join(text for op, text in changed.pieces if op != "-"))
            assert SEPARATOR + accepted + SEPARATOR in rebuilt
