"""The rule registry: a rule is a function `(document, context) -> Iterator[Finding]`, registered
with `@rule(...)`. The registry stamps each finding with the rule's code and severity, so rules
only say where and what. The rule modules register themselves when imported: `run_checks` and
`iter_rules` import them all first (`load_rules`)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Mapping

from iopdoc import model
from iopdoc.source.config import AgreementType, Config
from iopdoc.errors import Diagnostic, Location, Severity

if TYPE_CHECKING:
    from iopdoc.facts.schedule import Schedule
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
    # Resolved.agreement_type and Resolved.agreement_schedule, when `resolved`; else run_checks derives them once
    agreement_type: AgreementType | None = None
    schedule: Schedule | None = None  # an agreement's own payment schedule
    resolved: bool = False


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
# The rule modules, which register their rules when imported; a new module is added here, with the
# kinds of document its rules check and their groups ("" for the rules every check runs, "plain"
# for the plain-Swedish ones). They are imported when the rules are first needed (`load_rules`),
# not with the package: a re-check served from the cache, or a command that only reads the
# registry's types, never imports them; a check imports only the modules with a rule that can run
# on its document (an agreement's check, not the memo's rules; the plain-Swedish ones with --plain).
# Every rule still runs that applies: a module whose rules say otherwise than its line here is
# refused when it is imported (`load_rules`).
EVERY_KIND = ("agreement", "memo")
RULE_MODULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "amounts": (EVERY_KIND, ("",)), "dates": (EVERY_KIND, ("",)), "indexation": (("agreement",), ("",)),
    "life": (("agreement",), ("",)), "memo": (("memo",), ("",)), "memo_table": (("memo",), ("",)),
    "money": (("agreement",), ("",)), "parties": (EVERY_KIND, ("",)), "parts": (("agreement",), ("",)),
    "period": (("agreement",), ("",)), "personal": (EVERY_KIND, ("",)), "placeholders": (EVERY_KIND, ("",)),
    "plain": (EVERY_KIND, ("plain",)), "prose": (EVERY_KIND, ("",)), "sections": (EVERY_KIND, ("",)),
    "shown": (("agreement",), ("",)), "titles": (("agreement",), ("",)),
}
imported: set[str] = set()  # the rule modules imported so far
loaded = False  # every rule module imported


def load_rules(kind: str | None = None, plain: bool = True) -> None:
    """Import the rule modules (each once), so the registry holds every rule; with `kind`, only the
    modules with a rule for that kind of document (and with `plain` false, none that holds only
    plain-Swedish rules): enough for `run_checks` on such a document."""
    global loaded
    if loaded:
        return
    import importlib

    for name, (kinds, groups) in RULE_MODULES.items():
        if name in imported or (kind is not None and kind not in kinds) or \
                (kind is not None and not plain and groups == ("plain",)):
            continue
        module = f"iopdoc.checks.{name}"
        importlib.import_module(module)
        imported.add(name)
        for registered in RULES.values():  # a rule outside its module's line would be skipped
            if registered.function.__module__ == module and \
                    (not set(registered.kinds) <= set(kinds) or registered.group not in groups):
                raise RuntimeError(f"rule {registered.code} in {module}: kinds {registered.kinds}, group "
                                   f"{registered.group!r}; RULE_MODULES says {kinds}, {groups}")
    loaded = len(imported) == len(RULE_MODULES)

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
    load_rules(document.kind, context.plain)
    found: list[Diagnostic] = []
    if context.published is None:  # a caller without a Resolved (tests, fuzzing): derived here, once
        from iopdoc.prose.published import published_texts

        context = replace(context, published=tuple(published_texts(document, context.linked)))
    if not context.resolved:  # a caller without a Resolved: derived here, once
        schedule = None
        if document.kind == "agreement":
            from iopdoc.facts.schedule import schedule_of

            schedule = schedule_of(document, context.index_series, context.config.non_bank_day)
        context = replace(context, agreement_type=context.config.type_of(document), schedule=schedule, resolved=True)
    agreement_type = context.agreement_type
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


