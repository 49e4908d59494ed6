"""Section matching (moved, renamed heading, split, joined) and word-level changes, on small texts."""
from __future__ import annotations

from iopdoc.diff.changes import SectionText
from iopdoc.diff.sections import compare_sections
from iopdoc.diff.words import diff_units, diff_words, units_of

PERIOD = "Överenskommelsen gäller under fem år från och med 2020-01-01. Uppsägningstiden är sex månader."
ECONOMY = "Kommunen bidrar med 1\u00a0345\u00a0500\u00a0kr per år. Utbetalning sker i januari."
BACKGROUND = "Parterna har samarbetat sedan 1982 kring stöd till våldsutsatta kvinnor och barn i kommunen."


def section(position: int, kind: str, heading: str | None, text: str) -> SectionText:
    return SectionText(position, kind, heading, text, source=text)


def statuses(changes) -> list[tuple]:
    return [(c.status, [s.heading for s in c.old], [s.heading for s in c.new], c.moved, c.renamed) for c in changes]


def test_identical_sections_are_not_listed():
    same = [section(1, "period", "Avtalsperiod", PERIOD), section(2, "economy", "Ekonomi", ECONOMY)]
    assert compare_sections(same, same) == ()


def test_a_moved_section_is_moved_not_removed_and_added():
    old = [section(1, "background", "Bakgrund", BACKGROUND), section(2, "period", "Avtalsperiod", PERIOD),
           section(3, "economy", "Ekonomi", ECONOMY)]
    new = [section(1, "background", "Bakgrund", BACKGROUND), section(2, "economy", "Ekonomi", ECONOMY),
           section(3, "period", "Avtalsperiod", PERIOD)]
    (change,) = compare_sections(old, new)
    assert statuses([change]) == [("moved", ["Avtalsperiod"], ["Avtalsperiod"], True, False)]
    assert (change.old[0].position, change.new[0].position) == (2, 3)
    assert not change.text_changed


def test_a_renamed_heading_is_the_same_section_changed():
    old = [section(1, "period", "Period för överenskommelsen", PERIOD)]
    new = [section(1, "period", "Avtalsperiod", PERIOD.replace("fem", "sex"))]
    (change,) = compare_sections(old, new)
    assert statuses([change]) == [("changed", ["Period för överenskommelsen"], ["Avtalsperiod"], False, True)]
    assert change.units == ((("=", "Överenskommelsen gäller under"), ("-", "fem"), ("+", "sex"),
                             ("=", "år från och med 2020-01-01. Uppsägningstiden är sex månader.")),)


def test_a_renamed_heading_with_the_same_text_is_still_listed():
    (change,) = compare_sections([section(1, "period", "Period", PERIOD)], [section(1, "period", "Avtalsperiod", PERIOD)])
    assert (change.status, change.renamed, change.text_changed) == ("changed", True, False)


def test_a_heading_kept_but_kind_changed_is_matched_by_heading():
    (change,) = compare_sections([section(1, "free", "Ekonomi", ECONOMY)], [section(1, "economy", "Ekonomi", ECONOMY)])
    assert change.status == "changed" and change.renamed


def test_the_only_section_of_a_kind_rewritten_is_the_same_clause():
    old = [section(1, "background", "Bakgrund till överenskommelsen", BACKGROUND)]
    new = [section(1, "background", "Bakgrund", "En helt ny text om varför partnerskapet finns.")]
    assert statuses(compare_sections(old, new)) == [
        ("changed", ["Bakgrund till överenskommelsen"], ["Bakgrund"], False, True)]


def test_unrelated_free_sections_are_removed_and_added():
    old = [section(1, "free", "Utgångspunkter", BACKGROUND)]
    new = [section(1, "free", "Inledning", "Ett IOP är en överenskommelse om samverkan.")]
    assert [c.status for c in compare_sections(old, new)] == ["removed", "added"]


def test_a_section_split_in_two():
    old = [section(1, "period", "Avtalsperiod och ekonomi", f"{PERIOD}\n\n{ECONOMY}")]
    new = [section(1, "period", "Avtalsperiod", PERIOD), section(2, "economy", "Ekonomi", ECONOMY)]
    (change,) = compare_sections(old, new)
    assert statuses([change]) == [("split", ["Avtalsperiod och ekonomi"], ["Avtalsperiod", "Ekonomi"], False, True)]
    assert not change.text_changed, "the words are all still there"


def test_two_sections_joined_in_one():
    old = [section(1, "period", "Avtalsperiod", PERIOD), section(2, "economy", "Ekonomi", ECONOMY)]
    new = [section(1, "period", "Avtalsperiod och ekonomi", f"{PERIOD}\n\n{ECONOMY} Nytt.")]
    (change,) = compare_sections(old, new)
    assert change.status == "joined" and [s.heading for s in change.old] == ["Avtalsperiod", "Ekonomi"]
    assert change.units[-1][-1] == ("+", "Nytt.")


def test_a_removed_section_is_listed_where_it_stood():
    old = [section(1, "background", "Bakgrund", BACKGROUND), section(2, "values", "Värdegrund", "Respekt och tillit."),
           section(3, "period", "Avtalsperiod", PERIOD)]
    new = [section(1, "background", "Bakgrund", BACKGROUND), section(2, "period", "Avtalsperiod", PERIOD),
           section(3, "economy", "Ekonomi", ECONOMY)]
    assert [(c.status, (c.new or c.old)[0].heading) for c in compare_sections(old, new)] == [
        ("removed", "Värdegrund"), ("added", "Ekonomi")]


def test_only_the_facts_changed():
    written = "Gäller från och med {{ period.start }}."
    old = [SectionText(1, "period", "Avtalsperiod", "Gäller från och med 2020-01-01.", written)]
    new = [SectionText(1, "period", "Avtalsperiod", "Gäller från och med 2025-01-01.", written)]
    (change,) = compare_sections(old, new)
    assert change.status == "facts"
    assert change.units == ((("=", "Gäller från och med"), ("-", "2020-01-01."), ("+", "2025-01-01.")),)


def test_words_ignore_rewrapping_and_keep_an_amount_whole():
    assert diff_words("ett två\ntre", "ett  två tre") == (("=", "ett två tre"),)
    assert diff_words(ECONOMY, ECONOMY.replace("1\u00a0345\u00a0500", "1\u00a0571\u00a0605")) == (
        ("=", "Kommunen bidrar med"), ("-", "1\u00a0345\u00a0500\u00a0kr"), ("+", "1\u00a0571\u00a0605\u00a0kr"),
        ("=", "per år. Utbetalning sker i januari."))


def test_units_are_paragraphs_list_items_and_headings():
    text = "Första stycket\nfortsätter här.\n\n# Rubrik\nText.\n\n- punkt ett\n  fortsätter\n- punkt två"
    assert units_of(text) == ["Första stycket fortsätter här.", "# Rubrik", "Text.", "- punkt ett fortsätter", "- punkt två"]


def test_a_quotation_over_several_lines_is_one_unit_marked_once():
    text = "> ”samarbete och gemensamma åtgärder ska utvecklas …,\n> i syfte att agera förebyggande.”"
    assert units_of(text) == ["> ”samarbete och gemensamma åtgärder ska utvecklas …, i syfte att agera förebyggande.”"]


def test_changed_paragraphs_are_paired_with_their_like_and_others_added():
    old = "Stycke ett om perioden.\n\nStycke två om ekonomin och pengarna."
    new = "Helt nytt stycke.\n\nStycke ett om avtalsperioden.\n\nStycke två om ekonomin och pengarna."
    assert diff_units(old, new) == (
        (("+", "Helt nytt stycke."),),
        (("=", "Stycke ett om"), ("-", "perioden."), ("+", "avtalsperioden.")),
        (("=", "Stycke två om ekonomin och pengarna."),),
    )


def test_a_new_clause_repeating_a_sentence_another_keeps_is_added_not_split_off():
    refund = "Parterna har möjlighet att kräva återbetalning om medel inte används för avsett ändamål."
    kept = [section(1, "background", "Bakgrund", BACKGROUND), section(2, "period", "Avtalsperiod", f"{PERIOD} {refund}")]
    new = [*kept, section(3, "free", "Återbetalning", refund)]
    assert statuses(compare_sections(kept, new)) == [("added", [], ["Återbetalning"], False, False)]
    assert statuses(compare_sections(new, kept)) == [("removed", ["Återbetalning"], [], False, False)]
