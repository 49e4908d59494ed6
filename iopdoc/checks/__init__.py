"""checks: the consistency rules, each a small pure function with a stable code, in one registry.

Rules read a resolved document (`iopdoc.resolve`) and the facts derived from it; they never write,
render or read files. Imports: `resolve`, `prose`, `facts`, `source`, `model` and the base modules;
never `writers`, `site`, `readers`, `diff`, `pipeline` or `cli`. A new rule module is added to the
list below (`registry.py` holds the machinery, `waivers.py` the waivers a source declares).
"""
from __future__ import annotations

from iopdoc.checks.registry import (CheckContext, Finding, Rule, RULES, iter_rules, rule,  # noqa: F401
                                    run_checks)

# The rule modules register their rules when imported; a new module is added here.
from iopdoc.checks import (amounts,  # noqa: F401
                            dates, indexation, life, memo, memo_table, money, parties, parts, period, personal, placeholders, plain, prose, sections, shown, titles)


def rule_codes() -> frozenset[str]:
    """Every rule's code (this package has imported every rule module)."""
    return frozenset(RULES)
