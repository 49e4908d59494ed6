"""A project: its folders, its sources, and links between documents resolved by id."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from . import model
from .config import Config, load_config
from .errors import Diagnostic, SourceError, error
from .schema import load_document


@dataclass(frozen=True)
class Link:
    """A key by which a document names another by id, and the name prose and checks use for it."""

    key: str
    name: str
    kind: str  # the kind of document it must name


LINKS = (Link("supersedes", "supersedes", "agreement"), Link("proposes", "agreement", "agreement"),
         Link("decision.memo", "memo", "memo"))
KIND_NAMES_SV = {"agreement": "överenskommelse", "memo": "tjänsteskrivelse"}


def link_value(document: model.Node | None, key: str):
    """The id a (dotted) link key names in a document (`decision.memo`), else None."""
    for part in key.split("."):
        document = getattr(document, part, None)
    return document


def link_location(document: model.Node, key: str):
    """Where a (dotted) link key's value was written."""
    owner_key, _, name = key.rpartition(".")
    owner = link_value(document, owner_key) if owner_key else document
    return owner.at(name)


@dataclass
class Project:
    """The folder holding `sources/` and `templates/`; loads linked documents on demand, once."""

    root: Path
    _loaded: dict[Path, model.Node] = field(default_factory=dict, repr=False)
    _listed: dict[Path, frozenset[str]] = field(default_factory=dict, repr=False)

    @functools.cached_property
    def config(self) -> Config:
        """The project's settings (iopdoc.toml), read once."""
        return load_config(self.root)

    def known_ids(self, near: Path) -> frozenset[str]:
        """Ids that have a source: in `sources/` and beside `near`."""
        return self._ids_in(self.sources_dir) | self._ids_in(near.parent)

    def _ids_in(self, folder: Path) -> frozenset[str]:
        # Listed once per folder and Project: listing sources/ again for each of 1000 sources was quadratic.
        if folder not in self._listed:
            self._listed[folder] = frozenset(p.stem for p in folder.glob("*.yaml"))
        return self._listed[folder]

    @property
    def sources_dir(self) -> Path:
        return self.root / "sources"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    def source_paths(self) -> list[Path]:
        """Every source of the project, in a stable order."""
        return sorted(self.sources_dir.glob("*.yaml"))

    def load(self, path: Path) -> model.Node:
        key = path.resolve()
        if key not in self._loaded:
            self._loaded[key] = load_document(path)
        return self._loaded[key]

    def path_for(self, identifier: str, near: Path) -> Path | None:
        """A linked document's source: beside the one linking to it, else in `sources/`."""
        for folder in (near.parent, self.sources_dir):
            candidate = folder / f"{identifier}.yaml"
            if candidate.is_file():
                return candidate
        return None

    def linked(self, document: model.Node, path: Path) -> dict[str, model.Node]:
        """The documents `document` links to, by the name prose uses for them
        (`supersedes`; `agreement` for the one a memo `proposes`).

        A link that names no source, a chain of links that comes back to where it
        started, or a link to the wrong kind of document is an error at the line of the link.
        """
        links: dict[str, model.Node] = {}
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
            circle = self.circle(document, link.key, target)
            if circle:
                chain = " → ".join(circle)
                problems.append(error("IOP021", link_location(document, link.key),
                                      f"länkarna går i cirkel: {chain}. Ett dokument kan inte hänvisa till sig självt.",
                                      f"the links go round in a circle: {chain}. A document cannot refer to itself."))
                continue
            linked = self.load(target)
            if linked.kind != link.kind:
                problems.append(error("IOP022", link_location(document, link.key),
                                      f"`{link.key}: {identifier}` ska vara en {KIND_NAMES_SV.get(link.kind, link.kind)} "
                                      f"(kind: {link.kind}), men är kind: {linked.kind}.",
                                      f"`{link.key}: {identifier}` must be a document of kind {link.kind}, "
                                      f"but it is of kind {linked.kind}."))
                continue
            links[link.name] = linked
        if problems:
            raise SourceError(problems)
        return links

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


def find_project(start: Path) -> Project:
    """The project a path belongs to: the nearest folder at or above it holding both
    `sources/` and `templates/`, else the working directory."""
    for folder in [start.resolve(), *start.resolve().parents]:
        if (folder / "templates").is_dir() and (folder / "sources").is_dir():
            return Project(folder)
    return Project(Path.cwd())
