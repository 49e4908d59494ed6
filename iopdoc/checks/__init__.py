"""checks: the consistency rules, each a small pure function with a stable code, in one registry.

Rules read a resolved document (`iopdoc.resolve`) and the facts derived from it; they never write,
render or read files. Imports: `resolve`, `prose`, `facts`, `source`, `model` and the base modules;
never `writers`, `site`, `readers`, `diff`, `pipeline` or `cli`. A new rule module is added to
`RULE_MODULES` in `registry.py`, which holds the machinery (`waivers.py` the waivers a source
declares); the rule modules are imported when a rule is first needed (`load_rules`).
"""
from __future__ import annotations

from iopdoc.checks import registry
from iopdoc.checks.registry import (REFUSED_WHEN_PUBLISHING, RULE_MODULES, CheckContext, Finding,  # noqa: F401
                                    Rule, iter_rules, load_rules, rule, run_checks)


def rule_codes() -> frozenset[str]:
    """Every rule's code."""
    load_rules()
    return frozenset(registry.RULES)


def __getattr__(name: str):
    if name == "RULES":  # every rule, by code: the rule modules imported first
        load_rules()
        return registry.RULES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
