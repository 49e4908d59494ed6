"""The rule registry: a rule is a function `(document, context) -> Iterator[Finding]`, registered
with `@rule(...)`. The registry stamps each finding with the rule's code and severity, so rules
only say where and what. The rule modules register themselves when imported: `run_checks` and
`iter_rules` import them all first (`load_rules`)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Mapping

from iopdoc import model
from iopdoc.source.config import Config
from iopdoc.errors import Diagnostic, Location, Severity

if TYPE_CHECKING:
    from iopdoc.prose.published import EvaluatedText


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
# The rule modules, which register their rules when imported; a new module is added here. They are
# imported when the rules are first needed (`load_rules`), not with the package: a re-check served
# from the cache, or a command that only reads the registry's types, never imports them.
RULE_MODULES = ("amounts", "dates", "indexation", "life", "memo", "memo_table", "money", "parties", "parts",
                "period", "personal", "placeholders", "plain", "prose", "sections", "shown", "titles")
loaded = False  # every rule module imported


def load_rules() -> None:
    """Import every rule module (once), so the registry holds every rule."""
    global loaded
    if loaded:
        return
    import importlib

    for name in RULE_MODULES:
        importlib.import_module(f"iopdoc.checks.{name}")
    loaded = True

# Personal-data findings that `iopdoc publish` refuses whatever their severity (a draft's too); the
# rules are in personal.py. Here, so a re-check served from the cache reads them without the rules.
REFUSED_WHEN_PUBLISHING = frozenset({"IOP801", "IOP804", "IOP806"})


def rule(code: str, severity: Severity, title_sv: str, title_en: str, kinds: tuple[str, ...] = ("agreement",),
         group: str = ""):
    """Register a rule function under a stable code."""
    def register(function: RuleFunction) -> RuleFunction:
        if code in RULES:
            raise ValueError(f"rule code {code} registered twice")
        RULES[code] = Rule(code, severity, title_sv, title_en, kinds, function, group)
        return function
    return register


def run_checks(document: model.Node, context: CheckContext, only: frozenset[str] | None = None) -> list[Diagnostic]:
    """Every registered rule that applies to the document's kind (of those in `only`, if given),
    findings sorted by position."""
    load_rules()
    found: list[Diagnostic] = []
    if context.published is None:  # a caller without a Resolved (tests, fuzzing): derived here, once
        from iopdoc.prose.published import published_texts

        context = replace(context, published=tuple(published_texts(document, context.linked)))
    agreement_type = context.config.type_of(document)
    skipped = agreement_type.skip if agreement_type is not None else frozenset()
    for registered in RULES.values():
        if document.kind not in registered.kinds or registered.code in skipped \
                or (registered.group == "plain" and not context.plain) or (only is not None and registered.code not in only):
            continue
        for finding in registered.function(document, context):
            found.append(Diagnostic(registered.code, finding.severity or registered.severity,
                                    finding.location, finding.sv, finding.en, finding.related))
    return sorted(found, key=lambda d: (d.location, d.code))


def iter_rules() -> Iterator[Rule]:
    load_rules()
    return iter(sorted(RULES.values(), key=lambda r: r.code))


