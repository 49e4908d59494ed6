"""An index series (`sources/index/<id>.yaml`): the yearly figures an indexation applies."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Literal, Mapping, Union

from iopdoc.errors import Location
from iopdoc.names import SECTION_KINDS_SV  # the facts a section shows are called what the section is
from iopdoc.model.base import (fact, Node)  # noqa: F401
from iopdoc.model.agreement import (Status)  # noqa: F401


IndexStatus = Literal["preliminary", "definitive"]


@dataclass(frozen=True, kw_only=True)
class IndexChange(Node):
    """One year's change of an index: the uplift applied to amounts paid in that year."""

    year: int = fact("År", required=True)
    percent: Decimal = fact("Förändring (procent)", required=True)
    status: IndexStatus = fact("Status", required=True, description="preliminary (prognos) eller definitive (utfall).")
    publication: str = fact("Publicerad i", required=True, description="Var siffran kommer ifrån, t.ex. \"SKR cirkulär 25:12\".")


@dataclass(frozen=True, kw_only=True)
class IndexSeries(Node):
    """An index series (kind `index`): who publishes it, and per year its change."""

    kind: Literal["index"] = fact("Typ", required=True)
    id: str = fact("Id", required=True, description="Samma som filnamnet utan .yaml.")
    name: str = fact("Namn", required=True)
    publisher: str = fact("Utgivare", required=True)
    changes: tuple[IndexChange, ...] = fact("Förändring per år", default=())

    def change(self, year: int) -> IndexChange | None:
        return next((c for c in self.changes if c.year == year), None)


# --- The decision memo (tjänsteskrivelse) ------------------------------------------------
# The administration's memo to the committee that decides on an agreement. Its statements about
# the agreement (parties, period, amounts) are its own data, not read from the agreement: the memo
# is what the committee decided on and is archived as such, so a later edit of the agreement must
# not change it. The checks compare the two instead (checks/memo.py).


__all__ = ['IndexStatus', 'IndexChange', 'IndexSeries']
