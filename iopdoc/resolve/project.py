"""A project and its documents as of some version: each source resolved once, in one place.

`Project.resolve(path)` gives a source's document and everything derived from it, computed once,
in this order: the documents it links to (read from the same version: the working tree, or a git
revision for a diff), the index series it names, its schedule (an agreement's own, which the rules
read), its prose evaluated, its published texts (what the personal-data and plain-Swedish rules
read, made from the values that evaluation showed), its agreement type (iopdoc.toml) and its problems. Checks, render, build, diff, serve and the cache key all consume that one result,
so a link is found the same way everywhere (a quoted key or a block scalar is just YAML to the
loader) and nothing is derived twice.
A Project remembers what it has read until `invalidate()` says the files changed (the preview
server calls it when its watcher sees a change).
"""
from __future__ import annotations

import functools
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Callable, Collection, Mapping

from iopdoc import model
from iopdoc.source.config import CONFIG_NAME, AgreementType, Config, load_config
from iopdoc.errors import Diagnostic, IopdocError, SourceError, error
from iopdoc.names import KIND_NAMES_SV
from iopdoc.source.schema import load_document, read_document
from iopdoc.source.ids import LINKS, Link, is_valid_id, link_location, link_value  # noqa: F401 (Link: for callers)
from iopdoc.facts.indexes import series_for

if TYPE_CHECKING:
    from iopdoc.facts.schedule import Schedule
    from iopdoc.prose.published import EvaluatedText
# The prose (Jinja, Markdown) and the schedule are imported by `resolve`, when a source is resolved:
# a re-check served from the cache only asks the project for paths and links.


@dataclass(frozen=True)
class Resolved:
    """One source as of one version: what everything downstream of loading reads.

    `evaluated` is `document` with every prose field's expressions replaced by their values
    (still Markdown); `linked` maps the name prose uses for a linked document (`supersedes`,
    `agreement`) to it, and `linked_paths` to where it was read. `published` is every text a
    reader of the published version gets (prose evaluated, internal facts left out), each with its
    map back to the source; `index_series` the series the document's indexation names;
    `schedule` what a section of kind `schedule` shows (None without one); `agreement_schedule` an
    agreement's own payment schedule (what the rules read; None for a memo or a period without real
    dates); `agreement_type` the project's settings for the document's `type:`. Problems come in three groups: links that name
    nothing usable, prose expressions that name no fact, and an index series that does not load.
    """

    path: Path
    document: model.Node
    linked: Mapping[str, model.Node]
    linked_paths: Mapping[str, Path]
    evaluated: model.Node
    link_problems: tuple[Diagnostic, ...] = ()
    prose_problems: tuple[Diagnostic, ...] = ()
    published: tuple[EvaluatedText, ...] = ()
    index_series: Mapping[str, model.IndexSeries] = field(default_factory=dict)
    series_problems: tuple[Diagnostic, ...] = ()
    schedule: Schedule | None = None
    agreement_type: AgreementType | None = None
    agreement_schedule: Schedule | None = None

    @property
    def problems(self) -> tuple[Diagnostic, ...]:
        return self.link_problems + self.prose_problems


@dataclass(frozen=True)
class Revision:
    """Sources as a git revision has them (`git show REV:path`), for one side of a diff; a linked
    source the revision lacks is read from the working tree, as the diff has always done."""

    revision: str
    cwd: Path
    name: str  # the side as the user wrote it: diagnostics name a linked file as `name→file`

    def text(self, path: Path) -> str | None:
        from iopdoc.git import git_text  # git is only needed for revisions

        try:
            return git_text(["show", f"{self.revision}:{PurePosixPath(path.as_posix())}"], self.cwd, self.name)
        except SourceError:
            return None


# How many documents (and resolved documents) a Project remembers: the ones a batch reads again
# (a successor's predecessor, a memo's agreement) are read close together. Remembering every one
# made a build worker grow by about 0.1 MB per document it built (bench/: peak RSS per worker).
MEMO_SIZE = 128


class Recent(OrderedDict):
    """A mapping that keeps only its `size` most recently used entries."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def get(self, key, default=None):
        if key in self:
            self.move_to_end(key)
            return self[key]
        return default

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)


@dataclass
class Project:
    """The folder holding `sources/` and `templates/`; reads each source once, until invalidated.

    `revision` (None: the working tree) is where linked sources are read first; see `at_revision`.
    """

    root: Path
    revision: Revision | None = None
    # The rule codes `[types.NAME] skip` may name, asked of the rule registry only when needed (the
    # registry sits above this floor; the pipeline and the CLI pass `iopdoc.checks.rule_codes`).
    rule_codes: Callable[[], Collection[str]] | None = None
    _loaded: Recent = field(default_factory=lambda: Recent(MEMO_SIZE), repr=False)
    _failed: Recent = field(default_factory=lambda: Recent(MEMO_SIZE), repr=False)
    _listed: dict[Path, frozenset[str]] = field(default_factory=dict, repr=False)
    _resolved: Recent = field(default_factory=lambda: Recent(MEMO_SIZE), repr=False)
    _texts: dict[Path, str | None] = field(default_factory=dict, repr=False)
    _history: dict[Path, tuple[dict[str, str], frozenset[str]]] = field(default_factory=dict, repr=False)

    @functools.cached_property
    def config(self) -> Config:
        """The project's settings (iopdoc.toml), read once."""
        return load_config(self.root, self.rule_codes)

    def invalidate(self) -> None:
        """Forget everything read so far (sources, folder listings, settings, git history): the
        files changed. The next question reads them as they are now."""
        for memo in (self._loaded, self._failed, self._listed, self._resolved, self._texts, self._history):
            memo.clear()
        self.__dict__.pop("config", None)

    def at_revision(self, revision: str, cwd: Path, name: str) -> "Project":
        """The same project with linked sources read from `revision` first (a side of a diff)."""
        return Project(self.root, Revision(revision, cwd, name), self.rule_codes)

    # --- where sources are ---------------------------------------------------------------
    @property
    def sources_dir(self) -> Path:
        return self.root / "sources"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    def source_paths(self) -> list[Path]:
        """Every source of the project, in a stable order."""
        return sorted(self.sources_dir.glob("*.yaml"))

    def known_ids(self, near: Path) -> frozenset[str]:
        """Ids that have a source: in `sources/` and beside `near`."""
        return self._ids_in(self.sources_dir) | self._ids_in(near.parent)

    def _ids_in(self, folder: Path) -> frozenset[str]:
        # Listed once per folder and Project: listing sources/ again for each of 1000 sources was quadratic.
        if folder not in self._listed:
            self._listed[folder] = frozenset(p.stem for p in folder.glob("*.yaml"))
        return self._listed[folder]

    def _revision_text(self, path: Path) -> str | None:
        if self.revision is None:
            return None
        if path not in self._texts:
            self._texts[path] = self.revision.text(path)
        return self._texts[path]

    def path_for(self, identifier: str, near: Path) -> Path | None:
        """A linked document's source: beside the one linking to it (in the revision, when there
        is one, then in the working tree), else in `sources/`. A link that is not an id names no
        source (IOP070 reports it): it is never read as a path."""
        if not is_valid_id(identifier):
            return None
        beside = near.parent / f"{identifier}.yaml"
        if self._revision_text(beside) is not None:
            return beside
        for candidate in (beside, self.sources_dir / f"{identifier}.yaml"):
            if candidate.is_file():
                return candidate
        return None

    def commit_of(self, path: Path) -> str | None:
        """The commit that last changed `path`, with `+dirty` if it has changed since; None outside
        git. Two git commands per folder, kept until `invalidate()`."""
        from iopdoc.git import folder_history

        folder = path.resolve().parent
        if folder not in self._history:
            self._history[folder] = folder_history(folder)
        commits, dirty = self._history[folder]
        commit = commits.get(path.name)
        return None if commit is None else commit + ("+dirty" if path.name in dirty else "")

    # --- reading and resolving -----------------------------------------------------------
    def load(self, path: Path) -> model.Node:
        """The document in `path` (SourceError with every problem if it does not load), read once."""
        text = self._revision_text(path)
        key = path if text is not None else resolved_path(path)
        failed = self._failed.get(key)
        if failed is not None:
            raise failed
        loaded = self._loaded.get(key)
        if loaded is None:
            try:
                if text is not None:
                    from iopdoc.source.loader import parse_source

                    name = f"{self.revision.name}→{path.name}"
                    loaded = read_document(parse_source(text, path=path, name=name))
                else:
                    loaded = load_document(path)
            except SourceError as exc:
                self._failed[key] = exc
                raise
            self._loaded[key] = loaded
        return loaded

    def resolve(self, path: Path, document: model.Node | None = None) -> Resolved:
        """The source in `path` resolved: loaded (SourceError if it does not load), its links
        followed, its prose evaluated. `document` is the source's model when the caller already
        has it (a diff's side, read from git)."""
        if document is None:
            cached = self._resolved.get(resolved_path(path))
            if cached is not None:
                return cached
            document = self.load(path)
        from iopdoc.prose.evaluate import evaluate_document
        from iopdoc.prose.published import published_texts

        linked, paths, link_problems = self._links(document, path)
        series: Mapping[str, model.IndexSeries] = {}
        schedule, own, series_problems = None, None, ()
        known: Mapping[str, model.IndexSeries] | None = None  # the series prose's `indexed` reads, once they load
        try:  # an index series file that does not load makes the source unusable (check_resolved)
            series = known = series_for(self.sources_dir, document, path)
            if document.kind == "agreement":  # the rules read it; a `schedule` section shows it
                from iopdoc.facts.schedule import schedule_of

                own = schedule_of(document, series, self.config.non_bank_day)
                schedule = own if any(section.kind == "schedule" for section in document.sections) else None
            else:
                schedule = schedule_for_document(self, document, linked, path)
        except IopdocError as exc:
            series_problems = tuple(exc.diagnostics)
        values: dict = {}  # each expression evaluated once, for the evaluated document and the published texts
        evaluated, prose_problems = evaluate_document(document, linked, known, values)
        published = tuple(published_texts(document, linked, known, values))
        resolved = Resolved(path, document, linked, paths, evaluated, tuple(link_problems), tuple(prose_problems),
                            published, series, series_problems, schedule, self.agreement_type(document), own)
        if self.revision is None:
            self._resolved[resolved_path(path)] = resolved
        return resolved

    def agreement_type(self, document: model.Node) -> AgreementType | None:
        """The project's settings for the document's `type:`; None when it names none, or when
        iopdoc.toml does not load (which the check and the build report on their own)."""
        try:
            return self.config.type_of(document)
        except IopdocError:
            return None

    def linked(self, document: model.Node, path: Path) -> dict[str, model.Node]:
        """The documents `document` links to, by the name prose uses for them; SourceError if a
        link names nothing usable (see `_links`)."""
        links, _paths, problems = self._links(document, path)
        if problems:
            raise SourceError(problems)
        return links

    def _links(self, document: model.Node, path: Path) -> tuple[dict[str, model.Node], dict[str, Path], list[Diagnostic]]:
        """Each link followed: a link that names no source, a chain of links that comes back to
        where it started, a link to the wrong kind of document or to a source that does not load
        is a problem at the line of the link (or the linked source's own problems)."""
        links: dict[str, model.Node] = {}
        paths: dict[str, Path] = {}
        problems: list[Diagnostic] = []
        for link in LINKS:
            identifier = link_value(document, link.key)
            if identifier is None:
                continue
            target = self.path_for(identifier, path)
            if target is None:
                problems.append(error("IOP020", link_location(document, link.key),
                                      f"`{link.key}: {identifier}` hänvisar till en källa som inte finns ({identifier}.yaml). "
                                      "Kontrollera id:t.",
                                      f"`{link.key}: {identifier}` names a source that does not exist ({identifier}.yaml). "
                                      "Check the id."))
                continue
            try:
                circle = self.circle(document, link.key, target)
                linked = self.load(target)
            except IopdocError as exc:
                problems.extend(exc.diagnostics)
                continue
            if circle:
                chain = " → ".join(circle)
                problems.append(error("IOP021", link_location(document, link.key),
                                      f"länkarna går i cirkel: {chain}. Ett dokument kan inte hänvisa till sig självt.",
                                      f"the links go round in a circle: {chain}. A document cannot refer to itself."))
                continue
            if linked.kind != link.kind:
                problems.append(error("IOP022", link_location(document, link.key),
                                      f"`{link.key}: {identifier}` ska vara en {KIND_NAMES_SV.get(link.kind, link.kind)} "
                                      f"(kind: {link.kind}), men är kind: {linked.kind}.",
                                      f"`{link.key}: {identifier}` must be a document of kind {link.kind}, "
                                      f"but it is of kind {linked.kind}.", related=(linked.at("kind"),)))
                continue
            links[link.name] = linked
            paths[link.name] = target
        return links, paths, problems

    def circle(self, document: model.Node, key: str, target: Path) -> list[str]:
        """The ids of a chain of `key` links from `document` that comes back round, else []."""
        seen = [document.id]
        current, current_path = self.load(target), target
        while current.id not in seen:
            seen.append(current.id)
            following = link_value(current, key)
            next_path = self.path_for(following, current_path) if following else None
            if next_path is None:
                return []
            current, current_path = self.load(next_path), next_path
        return seen + [current.id]

    def link_ids(self, path: Path) -> list[tuple[str, str]] | None:
        """(key, id) of each link the document in `path` makes, read from its model (for the cache
        key); None when it does not load."""
        try:
            document = self.load(path)
        except IopdocError:
            return None
        return [(link.key, link_value(document, link.key)) for link in LINKS if link_value(document, link.key)]


def resolved_path(path: Path) -> Path:
    """`path` resolved, or as it is when it cannot be (a symlink loop: the loader refuses it)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def find_project(start: Path, rule_codes: Callable[[], Collection[str]] | None = None) -> Project:
    """The project a path belongs to: the nearest folder at or above it holding `sources/` and
    `templates/` or `iopdoc.toml`, else the working directory."""
    for folder in [start.resolve(), *start.resolve().parents]:
        if (folder / "sources").is_dir() and ((folder / "templates").is_dir() or (folder / CONFIG_NAME).is_file()):
            return Project(folder, rule_codes=rule_codes)
    return Project(Path.cwd(), rule_codes=rule_codes)


def schedule_for_document(project: Project, document: model.Node, linked, path: Path) -> Schedule | None:
    """The schedule a document shows in a section of kind `schedule`: an agreement's own, or for a
    memo that of the agreement it proposes. None when it has no such section."""
    if not any(section.kind == "schedule" for section in document.sections):
        return None
    agreement, near = document, path
    if document.kind != "agreement":
        agreement = linked.get("agreement")
        if agreement is None:
            return None
        near = project.path_for(agreement.id, path) or path
    from iopdoc.facts.schedule import schedule_of

    return schedule_of(agreement, series_for(project.sources_dir, agreement, near), project.config.non_bank_day)
