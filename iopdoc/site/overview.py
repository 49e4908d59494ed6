"""The municipality's overview over all agreements: what is due in the coming months, what ends
within a year without a successor, money per year per public party and committee, and which index
series need a new figure. As text, JSON, and a page on the published site. The internal site
(`make preview-site`) has the whole page and one ICS feed; the public site only what is public (the
agreements in force, their periods, the money per year and payer), unless iopdoc.toml's `[site]`
says to publish the to-dos or the feed too (Audience).

`today` is given (`--today`) or read from the clock in `today_or_clock`, the one place iopdoc reads
it. Each agreement's part of the overview is kept in one cache file keyed on the source's bytes,
iopdoc's code, the index series and the settings, so an overview of 1000 unchanged sources loads no YAML.
The sources not in the cache, when there are many, are summarised in worker processes, one per core
(`summaries_of`); the result and its diagnostics are those of one process.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gc
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Mapping

from iopdoc.facts import indexes
from iopdoc.facts.indexation import index_gaps
from iopdoc import locale_sv, model
from iopdoc.errors import IopdocError
from iopdoc.facts.timeline import Event, before, events_of

CACHE_FILE = Path("build") / ".cache" / "overview.json"
ENDING_WITHIN_MONTHS = 12


def today_or_clock(today: dt.date | None) -> dt.date:
    """The day the overview is for: the one given, else today's date (the only clock iopdoc reads)."""
    return today if today is not None else dt.date.today()


@dataclass(frozen=True)
class Summary:
    """What the overview needs of one agreement."""

    id: str
    title: str
    status: str
    supersedes: str | None
    start: dt.date | None
    end: dt.date | None
    successor_deadline: dt.date | None
    # The events as cached: per year, the JSON text of that year's events, so an overview reads only
    # the years it shows (1000 agreements have some 40 000 events).
    event_data: Mapping[str, str]
    money: tuple[tuple[int, str, str, int], ...]  # year, public party, committee, amount to pay
    index: str | None
    series: str | None
    figures: tuple[tuple[int, str, int | None], ...]  # indexed year, status, the year its figure is from
    # What cannot be computed (facts.indexation.index_gaps, as the check says it): kind, year, sv, en.
    gaps: tuple[tuple[str, int | None, str, str], ...] = ()

    @property
    def events(self) -> list[Event]:
        return [Event.from_data(e) for year in sorted(self.event_data) for e in json.loads(self.event_data[year])]

    def events_between(self, first: dt.date, last: dt.date) -> list[Event]:
        """The events from `first` to `last`, both included (ISO dates compare as text)."""
        low, high = first.isoformat(), last.isoformat()
        return [Event.from_data(e) for year in range(first.year, last.year + 1)
                for e in json.loads(self.event_data.get(str(year), "[]")) if low <= e["date"] <= high]

    def as_data(self) -> dict:
        return {"id": self.id, "title": self.title, "status": self.status, "supersedes": self.supersedes,
                "start": iso(self.start), "end": iso(self.end), "successor_deadline": iso(self.successor_deadline),
                "events": dict(self.event_data), "money": [list(m) for m in self.money],
                "index": self.index, "series": self.series, "figures": [list(f) for f in self.figures],
                "gaps": [list(g) for g in self.gaps]}

    @classmethod
    def from_data(cls, d: dict) -> "Summary":
        return cls(d["id"], d["title"], d["status"], d["supersedes"], date(d["start"]), date(d["end"]),
                   date(d["successor_deadline"]), d["events"],
                   tuple(tuple(m) for m in d["money"]), d["index"], d["series"], tuple(tuple(f) for f in d["figures"]),
                   tuple(tuple(g) for g in d["gaps"]))


def agreements_counted(count: int, sv: bool) -> str:
    """ "1 överenskommelse", "2 överenskommelser" (or in English)."""
    if sv:
        return locale_sv.counted(count, "överenskommelse", "överenskommelser")
    return f"{count} agreement" + ("" if count == 1 else "s")


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def summarise(agreement: model.Agreement, series: dict, lead_time: model.Duration, non_bank_day: str = "next") -> Summary:
    from iopdoc.facts.schedule import schedule_of

    schedule = schedule_of(agreement, series, non_bank_day)
    start, end = agreement.period.start, agreement.period.end
    real = isinstance(start, dt.date) and isinstance(end, dt.date)
    years = range(start.year, end.year + 1) if real and start <= end else None
    money = tuple((y.year, p.party, p.committee or "", int(y.amount))
                  for p in (schedule.parties if schedule else ()) for y in p.years)
    figures: dict[int, tuple[int, str, int | None]] = {}
    for party in schedule.parties if schedule else ():
        for year in party.years:
            figures.update({f.year: (f.year, f.status, f.source_year) for f in year.figures})
    indexation = agreement.economy.indexation if agreement.economy else None
    return Summary(agreement.id, agreement.title, agreement.status, agreement.supersedes,
                   start if real else None, end if real else None,
                   before(end, lead_time) if real else None, events_by_year(events_of(agreement, schedule, lead_time)),
                   money, indexation.index if indexation else None, schedule.series if schedule else None,
                   tuple(sorted(figures.values())),
                   tuple((g.kind, g.year, g.sv, g.en) for g in index_gaps(agreement, series, years)))


def events_by_year(events: list[Event]) -> dict[str, str]:
    years: dict[str, list[dict]] = {}
    for event in events:
        years.setdefault(str(event.date.year), []).append(event.as_data())
    return {year: json.dumps(items, ensure_ascii=False) for year, items in years.items()}


def code_salt(project) -> str:
    """iopdoc's code, the settings and the index series: what every summary also depends on."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.parent.rglob("*.py")):  # the whole iopdoc package
        digest.update(path.read_bytes())
    digest.update(str(project.config.successor_lead_time).encode() + project.config.non_bank_day.encode())
    digest.update(indexes.series_digest(project.sources_dir).encode())
    return digest.hexdigest()


# A cold overview of this many sources or more summarises them in worker processes, one per core
# (iopdoc.workers, the pool a build's `-j` uses); fewer are not worth starting processes for.
PARALLEL_FROM = 64
CHUNKS_PER_WORKER = 16  # contiguous runs of sources per worker: few round trips, and a core that is
# slowed (a shared machine) leaves at most a small chunk for the end
_run: tuple = ()  # (project, chunks) of the run in progress: what forked workers inherit


def summary_of(project, path: Path) -> tuple[dict | None, tuple | None]:
    """One source's summary as data (None for a memo) and None; or None and the problems that keep
    it from loading. What else goes wrong (an index series that does not load) is raised."""
    try:
        document = project.load(path)
    except IopdocError as exc:
        return None, tuple(exc.diagnostics)
    if document.kind != "agreement":
        return None, None
    series = indexes.series_for(project.sources_dir, document, path)
    return summarise(document, series, project.config.successor_lead_time, project.config.non_bank_day).as_data(), None


def entry_of(project, path: Path, encode: bool) -> tuple:
    """A source's cache key and digest, summary_of it, and (`encode`, and it loads) its cache entry as
    JSON text, so that the workers, not the calling process alone, encode the cache file's bulk."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    key = str(path.resolve())
    summary, diagnostics = summary_of(project, path)
    text = json.dumps({"digest": digest, "summary": summary}, ensure_ascii=False) \
        if encode and diagnostics is None else None
    return key, digest, summary, diagnostics, text


def summarise_chunk(index: int) -> list[tuple]:
    """In a worker: summary_of for each source of chunk `index` of the run (inherited by fork).

    The worker's cycle collector is off: loading makes many objects and no cycles, the collector's
    passes over them were about 5 % of the time, and a worker lives for this run only. (Pausing it
    in the calling process instead cost as much as it saved: turning it on again is a full pass
    over everything loaded meanwhile.)"""
    gc.disable()
    project, chunks, encode = _run
    return [entry_of(project, path, encode) for path in chunks[index]]


def summaries_of(project, paths: list[Path], encode: bool) -> list[tuple]:
    """entry_of each path, in order: in worker processes when there are many and more than one core,
    else here. A chunk whose worker fails in any way is summarised again here, so what it raises, and
    the order of everything, is what one process gives."""
    from iopdoc.workers import available_cores

    jobs = min(available_cores(), len(paths) // max(1, PARALLEL_FROM // 2) or 1)  # a worker per 32 sources at most
    if len(paths) < PARALLEL_FROM or jobs < 2 or project.revision is not None:
        return [entry_of(project, path, encode) for path in paths]
    from iopdoc.workers import map_isolated

    global _run
    # The first source here, before forking: what summarising imports and reads once (the schedule's
    # modules, the locale's number formats) is then done once, not again in every worker.
    first = entry_of(project, paths[0], encode)
    paths = paths[1:]
    size = -(-len(paths) // (jobs * CHUNKS_PER_WORKER))
    chunks = [paths[start:start + size] for start in range(0, len(paths), size)]
    failed = object()
    _run = (project, chunks, encode)
    try:
        done = list(map_isolated(summarise_chunk, [(index,) for index in range(len(chunks))], jobs,
                                 crashed=lambda args, how: failed))
    finally:
        _run = ()
    out = [first]
    for chunk, outcomes in zip(chunks, done):
        out.extend([entry_of(project, path, encode) for path in chunk] if outcomes is failed else outcomes)
    return out


def summaries(project, paths: Iterable[Path], use_cache: bool = True) -> list[Summary]:
    """Each agreement's summary, from the cache where its source is unchanged; memos are skipped."""
    cache_path = project.root / CACHE_FILE
    salt = code_salt(project) if use_cache else ""
    try:
        cached = json.loads(cache_path.read_text(encoding="utf-8")) if use_cache else {}
        entries = cached["entries"] if cached.get("salt") == salt else {}
    except (OSError, ValueError, KeyError):
        entries = {}
    # Per path: (path, key, its cached entry if the source is unchanged, else None). With no cache
    # (a cold overview) every source is a miss, and its key and digest are read where it is summarised.
    looked_up = []
    for path in paths:
        key = entry = None
        if entries:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            key = str(path.resolve())
            entry = entries.get(key)
            if entry is not None and entry["digest"] != digest:
                entry = None
        looked_up.append((path, key, entry))
    missed = iter(summaries_of(project, [path for path, _, entry in looked_up if entry is None], use_cache))
    fresh: dict[str, dict] = {}
    texts: dict[str, str | None] = {}  # each entry's JSON text when a worker made it
    found, problems, changed = [], [], False
    for path, key, entry in looked_up:
        text = None
        if entry is None:
            key, digest, summary, diagnostics, text = next(missed)
            if diagnostics is not None:
                problems.extend(diagnostics)
                continue
            entry, changed = {"digest": digest, "summary": summary}, True
        fresh[key] = entry
        texts[key] = text
        if entry["summary"] is not None:
            found.append(Summary.from_data(entry["summary"]))
    if problems:
        raise IopdocError(problems)
    if use_cache and (changed or len(fresh) != len(entries)):
        from iopdoc.fileio import write_atomic

        try:
            write_atomic(cache_path, cache_text(salt, fresh, texts).encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written only costs time
    return found


def cache_text(salt: str, fresh: dict[str, dict], texts: Mapping[str, str | None]) -> str:
    """`json.dumps({"salt": salt, "entries": fresh}, ensure_ascii=False)`, with the entries' texts
    that were made already (`texts`) put in as they are."""
    dumps = functools.partial(json.dumps, ensure_ascii=False)
    return (f'{{"salt": {dumps(salt)}, "entries": {{'
            + ", ".join(f"{dumps(key)}: {texts.get(key) or dumps(entry)}" for key, entry in fresh.items()) + "}}")


@dataclass(frozen=True)
class Ending:
    summary: Summary
    days_left: int


@dataclass(frozen=True)
class IndexNeed:
    summary: Summary
    sv: str
    en: str


@dataclass(frozen=True)
class Overview:
    today: dt.date
    until: dt.date
    months: int
    due: tuple[tuple[Event, Summary], ...]
    ending: tuple[Ending, ...]
    money: tuple[tuple[int, str, str, int, int], ...]  # year, party, committee, amount, agreements
    index_needs: tuple[IndexNeed, ...]
    # What the public site shows: the agreements not yet ended (in force or to come), and what the
    # public parties pay under them per year and payer, from this year to their end.
    in_force: tuple[Summary, ...] = ()
    money_ahead: tuple[tuple[int, str, str, int, int], ...] = ()


def overview_of(found: list[Summary], today: dt.date, months: int) -> Overview:
    until = locale_sv.add_months(today, months)
    due = sorted(((e, s) for s in found for e in s.events_between(today, until)), key=lambda p: (p[0].date, p[0].uid))
    successors = {s.supersedes for s in found if s.supersedes}
    horizon = locale_sv.add_months(today, ENDING_WITHIN_MONTHS)
    ending = [Ending(s, (s.end - today).days) for s in found
              if s.end and today <= s.end <= horizon and s.id not in successors]
    money: dict[tuple[int, str, str], list[int]] = {}
    for s in found:
        for year, party, committee, amount in s.money:
            if today.year <= year <= until.year:
                money.setdefault((year, party, committee), []).append(amount)
    needs = []
    for s in found:
        if not s.end or s.end < today:
            continue
        # The same findings as `check` (IOP223, IOP224, IOP230), from the same function.
        needs.extend(IndexNeed(s, sv, en) for _, _, sv, en in s.gaps)
        awaited = [year for year, status, source_year in s.figures
                   if source_year == year and status == "preliminary" and year < today.year]
        if awaited and s.series:
            years = ", ".join(map(str, awaited))
            needs.append(IndexNeed(s, f"serien {s.series} har bara en preliminär siffra för {years}; ange utfallet.",
                                   f"the series {s.series} has only a preliminary figure for {years}; add the outcome."))
    in_force = sorted((s for s in found if s.end is None or s.end >= today), key=lambda s: (s.start or dt.date.min, s.id))
    ahead: dict[tuple[int, str, str], list[int]] = {}
    for s in in_force:
        for year, party, committee, amount in s.money:
            if year >= today.year:
                ahead.setdefault((year, party, committee), []).append(amount)
    return Overview(today, until, months, tuple(due), tuple(sorted(ending, key=lambda e: (e.summary.end, e.summary.id))),
                    tuple((y, p, c, sum(a), len(a)) for (y, p, c), a in sorted(money.items())), tuple(needs),
                    tuple(in_force), tuple((y, p, c, sum(a), len(a)) for (y, p, c), a in sorted(ahead.items())))


def as_text(view: Overview, lang: str = "sv") -> str:
    sv = lang != "en"
    kr = lambda v: locale_sv.format_amount(v).replace("\u00a0", " ")  # noqa: E731
    out = [f"Översikt {view.today}, de kommande {view.months} månaderna (till och med {view.until})" if sv else
           f"Overview {view.today}, the next {view.months} months (up to {view.until})", ""]
    out.append("Att göra och datum" if sv else "Due")
    out += [f"  {e.date}  {s.id}  {e.summary}" + ("  (att boka)" if e.todo and sv else "  (to book)" if e.todo else "")
            for e, s in view.due] or ["  –"]
    out += ["", "Löper ut inom ett år utan efterträdare" if sv else "Ending within a year without a successor"]
    out += [f"  {e.summary.id}  " + (f"slutar {e.summary.end}; beslut om efterträdare senast {e.summary.successor_deadline}"
                                      if sv else f"ends {e.summary.end}; successor to be decided by {e.summary.successor_deadline}")
            for e in view.ending] or ["  –"]
    out += ["", "Pengar per år, offentlig part och nämnd" if sv else "Money per year, public party and committee"]
    out += [f"  {year}  {party}  {committee or '–'}  {kr(amount)}  ({agreements_counted(count, sv)})"
            for year, party, committee, amount, count in view.money] or ["  –"]
    out += ["", "Index som behöver en ny siffra" if sv else "Index series needing a new figure"]
    out += [f"  {n.summary.id}  {n.sv if sv else n.en}" for n in view.index_needs] or ["  –"]
    return "\n".join(out) + "\n"


def as_json(view: Overview) -> str:
    return json.dumps({
        "today": view.today.isoformat(), "until": view.until.isoformat(), "months": view.months,
        "due": [dict(e.as_data(), agreement_title=s.title) for e, s in view.due],
        "ending_without_successor": [{"agreement": e.summary.id, "end": iso(e.summary.end), "days_left": e.days_left,
                                      "successor_deadline": iso(e.summary.successor_deadline)} for e in view.ending],
        "money": [{"year": y, "party": p, "committee": c, "amount": a, "agreements": n} for y, p, c, a, n in view.money],
        "index_needs": [{"agreement": n.summary.id, "sv": n.sv, "en": n.en} for n in view.index_needs],
    }, ensure_ascii=False, indent=2) + "\n"


FEED = "iop-kalender.ics"


@dataclass(frozen=True)
class Audience:
    """What an overview page shows besides what is public (the agreements in force, their periods,
    the money per year and payer): the to-dos (dates and duties, meetings to book, agreements ending
    without a successor, index series needing a figure) and the calendar feed."""

    todos: bool
    calendar: bool

    @classmethod
    def of(cls, project, internal: bool) -> "Audience":
        """The internal site has both; the public site what `[site]` in iopdoc.toml says to publish."""
        if internal:
            return cls(True, True)
        return cls(project.config.publish_todos, project.config.publish_calendar)


def render_page(view: Overview, project, audience: Audience) -> str:
    from iopdoc.writers.html import base_page, read_asset, template_environment

    template = template_environment(project.templates_dir).get_template("overview.html.j2")
    subject = ("Vad som ska göras och betalas i kommunens överenskommelser om idéburet offentligt partnerskap"
               if audience.todos else
               "Kommunens gällande överenskommelser om idéburet offentligt partnerskap och vad kommunen betalar per år")
    page = base_page(page_title=f"Översikt över IOP-överenskommelser {view.today}", lang="sv",
                     stylesheet=read_asset(project.templates_dir, "style.css"), look=project.config.look,
                     subject=subject, keywords="IOP, översikt" + (", kalender" if audience.calendar else ""))
    if not audience.todos:  # not handed to the template at all, so a project's own template cannot show them
        view = dataclasses.replace(view, due=(), ending=(), index_needs=())
    return template.render(**page, view=view, feed=FEED if audience.calendar else None, todos=audience.todos)


def publish_overview(project, out_dir: Path, paths: list[Path], today: dt.date | None = None, months: int = 6,
                     internal: bool = False) -> Audience:
    """The site's overview page, and for the internal site (or when iopdoc.toml says so) its one ICS
    feed for every published agreement (publish.py's hook). Returns what the page shows."""
    from iopdoc.fileio import write_atomic
    from iopdoc.writers.ics import calendar_bytes, stamp_of

    audience = Audience.of(project, internal)
    found = summaries(project, paths, use_cache=False)  # a publish leaves nothing beside the site
    view = overview_of(found, today_or_clock(today), months)
    if audience.calendar:
        write_atomic(out_dir / FEED, calendar_bytes([e for s in found for e in s.events], stamp_of(paths),
                                                    reminders=project.config.reminders))
    write_atomic(out_dir / "oversikt.html", render_page(view, project, audience).encode("utf-8"))
    return audience
