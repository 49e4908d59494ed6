"""model: the documents as frozen dataclasses: what a source says, with where it says it.

No I/O and no YAML types here. Each object keeps the 1-based `Location` of
itself and of each of its fields in `locations`, so checks can point at the
line a fact was written on. Field metadata (`fact(...)`) gives every key a
Swedish title; `schema.py` reads it to validate sources and to describe them.

Imports: only the base modules (errors, names, locale_sv). Every floor above reads the model;
the model reads nothing above it. `fields.py` introspects the fields once for everyone.
"""
from __future__ import annotations

from iopdoc.model.base import *  # noqa: F401,F403
from iopdoc.model.base import __all__ as _base
from iopdoc.model.agreement import *  # noqa: F401,F403
from iopdoc.model.agreement import __all__ as _agreement
from iopdoc.model.index_series import *  # noqa: F401,F403
from iopdoc.model.index_series import __all__ as _index_series
from iopdoc.model.memo import *  # noqa: F401,F403
from iopdoc.model.memo import __all__ as _memo

DOCUMENT_KINDS: dict[str, type[Document]] = {"agreement": Agreement, "memo": Memo}

__all__ = [*_base, *_agreement, *_index_series, *_memo, "DOCUMENT_KINDS"]
