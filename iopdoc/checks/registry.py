"""The rule registry: a rule is a function `(document, context) -> Iterator[Finding]`, registered
with `@rule(...)`. The registry stamps each finding with the rule's code and severity, so rules
only say where and what. The rule modules register themselves when `iopdoc.checks` imports them."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from iopdoc import model
from iopdoc.source.config import Config
from iopdoc.errors import Diagnostic, Location, Severity
from iopdoc.prose.published import EvaluatedText, published_texts


@dataclass(frozen=True)
class Finding:
    """What a rule found: where, and what to do, in Swedish and English."""

    location: Location
    sv: str
    en: str
    severity: Severity | None = None  # None: the rule's own severity
    related: tuple[Location, ...] = ()  # the other places the finding is about (SARIF relatedLocations)


@dataclass(frozen=True)
class CheckContext:
    """What a rule may look at besides the document: linked documents, the project's
    settings, which ids the project has sources for, and what the resolve step derived once
    (`published`: every published text, evaluated; see `iopdoc.resolve`). No I/O happens in rules."""

    path: Path
    linked: Mapping[str, model.Node] = field(default_factory=dict)
    config: Config = field(default_factory=Config)
    known_ids: frozenset[str] = frozenset()
    index_series: Mapping[str, model.IndexSeries] = field(default_factory=dict)  # the ones the document names
    plain: bool = False  # also the plain-Swedish rules (`iopdoc check --plain`)
    published: tuple[EvaluatedText, ...] | None = None  # Resolved.published; None: run_checks derives it once


RuleFunction = Callable[[model.Node, CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title_sv: str
    title_en: str
    kinds: tuple[str, ...]
    function: RuleFunction
    group: str = ""  # "plain": run only when asked for (CheckContext.plain)

    def title(self, lang: str = "sv") -> str:
        return self.title_en if lang == "en" else self.title_sv


RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity, title_sv: str, title_en: str, kinds: tuple[str, ...] = ("agreement",),
         group: str = ""):
    """Register a rule function under a stable code."""
    def register(function: RuleFunction) -> RuleFunction:
        if code in RULES:
            raise ValueError(f"rule code {code} registered twice")
        RULES[code] = Rule(code, severity, title_sv, title_en, kinds, function, group)
        return function
    return register


def run_checks(document: model.Node, context: CheckContext) -> list[Diagnostic]:
    """Every registered rule that applies to the document's kind, findings sorted by position."""
    found: list[Diagnostic] = []
    if context.published is None:  # a caller without a Resolved (tests, fuzzing): derived here, once
        context = replace(context, published=tuple(published_texts(document, context.linked)))
    agreement_type = context.config.type_of(document)
    skipped = agreement_type.skip if agreement_type is not None else frozenset()
    for registered in RULES.values():
        if document.kind not in registered.kinds or registered.code in skipped \
                or (registered.group == "plain" and not context.plain):
            continue
        for finding in registered.function(document, context):
            found.append(Diagnostic(registered.code, finding.severity or registered.severity,
                                    finding.location, finding.sv, finding.en, finding.related))
    return sorted(found, key=lambda d: (d.location, d.code))


def iter_rules() -> Iterator[Rule]:
    return iter(sorted(RULES.values(), key=lambda r: r.code))


