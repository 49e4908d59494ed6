"""When and from what a site was published: the time and the git commit of the project's sources."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from iopdoc.git import git_output


@dataclass(frozen=True)
class Publication:
    """A stamp the index shows and catalog.json carries, so a reader can tell which version is online."""

    at: dt.datetime  # UTC
    commit: str | None  # None outside git
    dirty: bool  # sources, templates or settings differ from that commit

    @property
    def short_commit(self) -> str | None:
        return self.commit[:12] if self.commit else None

    def as_json(self) -> dict:
        return {"at": self.at.isoformat().replace("+00:00", "Z"), "commit": self.commit, "dirty": self.dirty}


def publication_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when set (the reproducible-builds convention), in UTC, to the second."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = (dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch.isdigit()
              else dt.datetime.now(dt.timezone.utc))
    return moment.replace(microsecond=0)


def current_publication(root: Path) -> Publication:
    """The stamp for publishing the project at `root` now."""
    head = git_output(root, "rev-parse", "--verify", "-q", "HEAD")
    commit = head.strip() if head else None
    changes = git_output(root, "status", "--porcelain", "--", "sources", "templates", "iopdoc.toml") if commit else None
    return Publication(publication_time(), commit, bool(changes and changes.strip()))
