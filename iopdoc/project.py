"""A project: its folders, its sources, and links between documents resolved by id."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import model
from .errors import Diagnostic, SourceError, error
from .schema import load_document


@dataclass
class Project:
    """The folder holding `sources/` and `templates/`; loads linked documents on demand, once."""

    root: Path
    _loaded: dict[Path, model.Node] = field(default_factory=dict, repr=False)

    @property
    def required_sections(self) -> dict[str, tuple[str, ...]]:
        """Section kinds each document kind must have (a project setting, see checks)."""
        return {}

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
        """The documents `document` links to, by the name prose uses for them (`supersedes`).

        A link that names no source, or a chain of links that comes back to
        where it started, is an error at the line of the link.
        """
        links: dict[str, model.Node] = {}
        problems: list[Diagnostic] = []
        for name in ("supersedes",):
            identifier = getattr(document, name, None)
            if identifier is None:
                continue
            target = self.path_for(identifier, path)
            if target is None:
                problems.append(error("IOP020", document.at(name),
                                      f"`{name}: {identifier}` hänvisar till en källa som inte finns ({identifier}.yaml). "
                                      "Kontrollera id:t.",
                                      f"`{name}: {identifier}` names a source that does not exist ({identifier}.yaml). "
                                      "Check the id."))
                continue
            seen = [document.id]
            current, current_path = self.load(target), target
            while True:
                if current.id in seen:
                    chain = " → ".join(seen + [current.id])
                    problems.append(error("IOP021", document.at(name),
                                          f"länkarna går i cirkel: {chain}. En överenskommelse kan inte ersätta sig själv.",
                                          f"the links go round in a circle: {chain}. An agreement cannot supersede itself."))
                    break
                seen.append(current.id)
                following = getattr(current, name, None)
                next_path = self.path_for(following, current_path) if following else None
                if next_path is None:
                    break
                current, current_path = self.load(next_path), next_path
            links[name] = self.load(target)
        if problems:
            raise SourceError(problems)
        return links


def find_project(start: Path) -> Project:
    """The project a path belongs to: the nearest folder at or above it holding both
    `sources/` and `templates/`, else the working directory."""
    for folder in [start.resolve(), *start.resolve().parents]:
        if (folder / "templates").is_dir() and (folder / "sources").is_dir():
            return Project(folder)
    return Project(Path.cwd())
