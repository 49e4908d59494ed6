"""Which section of one version is which section of the other, and how it changed.

Sections are matched by what they are, not where they stand: first by kind and heading, then
by heading alone (its kind changed), then by kind and text (its heading was renamed), then by
text alone. A matched section out of order is moved; a section part of whose text left it for a
new section is split, and one into which an old section's text went is joined. The text compared
is the evaluated prose: what is signed.
"""
from __future__ import annotations

import difflib

from iopdoc import model
from iopdoc.names import section_kind_name
from iopdoc.diff.changes import SectionChange, SectionText
from iopdoc.diff.words import diff_units, similarity, words

RENAMED = 0.3  # same kind, a new heading, and this share of the words in common: the same clause
REWORDED = 0.6  # any kind, any heading, and this much in common: still the same clause
CONTAINED = 0.5  # a section with this share of its words found in another came out of it



def section_name(section: SectionText) -> str:
    """A section as a reader finds it: its heading, or its kind when it has none."""
    return section.heading or f"(utan rubrik: {section_kind_name(section.kind)})"


def section_texts(document: model.Node | None, evaluated: model.Node | None) -> list[SectionText]:
    """Each section with its prose as evaluated by the project (`Resolved.evaluated`); an
    expression that failed stays as written."""
    if document is None or evaluated is None:
        return []
    return [SectionText(position, section.kind, section.heading, shown.body, section.body)
            for position, (section, shown) in enumerate(zip(document.sections, evaluated.sections), start=1)]


def normal(heading: str | None) -> str:
    return " ".join((heading or "").lower().split())


def contained(part: str, whole: str) -> float:
    """The share of `part`'s words found, in order, in `whole`."""
    found = words(part)
    if not found:
        return 0.0
    blocks = difflib.SequenceMatcher(None, found, words(whole), autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks) / len(found)


def carried(part: str, there: str, not_there: str) -> float:
    """The share of `part`'s words found in `there`, counted only when `not_there` lacks them.

    For a split, `there` is the matched section's old text and `not_there` its new one: the words
    left it. For a join, the other way round: they came into it. A clause that merely repeats a
    sentence the matched section has in both versions was added or removed on its own.
    """
    return contained(part, there) if contained(part, not_there) < CONTAINED else 0.0


def best_host(scores: dict[int, float]) -> int | None:
    """The matched section the most of a part was carried from (or into), if that is enough."""
    best = max(scores, key=scores.get, default=None)
    return best if best is not None and scores[best] >= CONTAINED else None


class Matcher:
    """Pairs the sections of two versions, most certain pairs first."""

    def __init__(self, old: list[SectionText], new: list[SectionText]):
        self.old, self.new = old, new
        self.pairs: dict[int, int] = {}  # old index → new index

    def free(self) -> tuple[list[int], list[int]]:
        taken = set(self.pairs.values())
        return ([i for i in range(len(self.old)) if i not in self.pairs],
                [j for j in range(len(self.new)) if j not in taken])

    def pair_equal(self, key) -> None:
        """Pair, in order, the sections whose `key` is the same on both sides."""
        olds, news = self.free()
        for i in olds:
            wanted = key(self.old[i])
            for j in news:
                if wanted is not None and key(self.new[j]) == wanted and j not in self.pairs.values():
                    self.pairs[i] = j
                    break

    def pair_alike(self, threshold: float, same_kind: bool) -> None:
        """Pair sections whose texts are alike, most alike first."""
        olds, news = self.free()
        candidates = sorted(((similarity(self.old[i].text, self.new[j].text), i, j) for i in olds for j in news
                             if not same_kind or self.old[i].kind == self.new[j].kind), reverse=True)
        for score, i, j in candidates:
            if score >= threshold and i not in self.pairs and j not in self.pairs.values():
                self.pairs[i] = j

    def pair_only_of_kind(self) -> None:
        """The one section of a kind left on each side is the same clause rewritten (not `free`)."""
        olds, news = self.free()
        for i in olds:
            kind = self.old[i].kind
            same_old = [o for o in olds if self.old[o].kind == kind]
            same_new = [n for n in news if self.new[n].kind == kind]
            if kind != "free" and len(same_old) == 1 and len(same_new) == 1:
                self.pairs[i] = same_new[0]

    def match(self) -> dict[int, int]:
        self.pair_equal(lambda s: (s.kind, normal(s.heading)))
        self.pair_equal(lambda s: normal(s.heading) or None)
        self.pair_alike(RENAMED, same_kind=True)
        self.pair_only_of_kind()
        self.pair_alike(REWORDED, same_kind=False)
        return self.pairs


def in_place(pairs: dict[int, int]) -> set[int]:
    """The old indexes of pairs that kept their order (the longest run in order); the rest moved."""
    ordered = [i for i, _ in sorted(pairs.items(), key=lambda item: item[1])]
    best: list[list[int]] = []
    for i in ordered:  # longest increasing subsequence, quadratic: documents have tens of sections
        longest = max((run for run in best if run[-1] < i), key=len, default=[])
        best.append(longest + [i])
    return set(max(best, key=len, default=[]))


def compare_sections(old: list[SectionText], new: list[SectionText]) -> tuple[SectionChange, ...]:
    pairs = Matcher(old, new).match()
    kept = in_place(pairs)
    olds_free = [i for i in range(len(old)) if i not in pairs]
    news_free = [j for j in range(len(new)) if j not in pairs.values()]
    by_new = {j: i for i, j in pairs.items()}
    changes: list[tuple[float, SectionChange]] = []

    # A section left over on one side whose text came out of (or went into) a matched one.
    grouped_old: dict[int, list[int]] = {}  # old index → extra new parts (split)
    grouped_new: dict[int, list[int]] = {}  # new index → extra old parts (joined)
    for j in list(news_free):
        i = best_host({i: carried(new[j].text, old[i].text, new[pairs[i]].text) for i in pairs})
        if i is not None:
            grouped_old.setdefault(i, []).append(j)
            news_free.remove(j)
    for i in list(olds_free):
        j = best_host({j: carried(old[i].text, new[j].text, old[k].text) for j, k in by_new.items()})
        if j is not None:
            grouped_new.setdefault(j, []).append(i)
            olds_free.remove(i)

    for i, j in pairs.items():
        before = (old[i], *(old[k] for k in grouped_new.get(j, ())))
        after = (new[j], *(new[k] for k in grouped_old.get(i, ())))
        units = diff_units("\n\n".join(s.text for s in before), "\n\n".join(s.text for s in after))
        moved, renamed = i not in kept, normal(old[i].heading) != normal(new[j].heading) or old[i].kind != new[j].kind
        if len(after) > 1 or len(before) > 1:
            status = "split" if len(after) > 1 else "joined"
        elif old[i].text == new[j].text and not renamed:
            if not moved:
                continue
            status = "moved"
        elif old[i].source == new[j].source and not renamed:
            status = "facts"  # the same words as written; only the values they show changed
        else:
            status = "changed"
        changes.append((j, SectionChange(status, before, after, moved=moved, renamed=renamed, units=units)))
    for j in news_free:
        changes.append((j, SectionChange("added", new=(new[j],), units=diff_units("", new[j].text))))
    for i in olds_free:
        # A removed section is listed where it stood: after the new place of the one before it.
        previous = max((pairs[k] for k in pairs if k < i), default=-1)
        changes.append((previous + 0.5, SectionChange("removed", old=(old[i],), units=diff_units(old[i].text, ""))))
    return tuple(change for _, change in sorted(changes, key=lambda item: item[0]))
