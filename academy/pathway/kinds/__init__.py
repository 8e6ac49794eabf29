"""The rule kinds, one module each, registered once.

A kind's module holds everything about it: its parameters (a frozen dataclass), the fields a
rule file may give it and their validation (`read`, with file, key and reason for each
problem), its check (how a driver's facts meet it, in words: the label it writes when the rule
file gives none, what is missing, the notes), and its horizon (the days ahead on which time
alone could change its verdict). The module ends by calling `register(Kind(...))`.

The loader, the engine and the horizon dispatch through `kind_named`; nothing else knows a
kind's name. Every module in this package is imported when the package is (helpers' names
start with an underscore), so adding a kind is adding its module, and its tests.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from academy.pathway.checks import Check, CheckContext
    from academy.pathway.facts import DriverFacts
    from academy.pathway.reading import Reader
    from academy.pathway.rules import Requirement
    from academy.pathway.verdicts import RequirementVerdict

# (reader, the requirement's raw table, where it is in the file, group depth) -> the
# parameters, or None when a problem was recorded.
ReadParams = Callable[["Reader", dict[str, Any], str, int], Any]
# (a verdict of this kind, the driver's facts, as_of, a dict shared by one driver's verdicts)
# -> for each coming change, the last day before it.
Horizon = Callable[["RequirementVerdict", "DriverFacts", date, dict[Any, Any]], Iterable[date]]


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    params: type  # the parameters' dataclass
    fields: frozenset[str]  # what a rule file may give, beyond the fields every requirement has
    read: ReadParams  # validation: raw TOML to parameters
    check: type[Check]  # evaluation and wording
    horizon: Horizon
    listed: int  # where it stands in the lists people read (the loader's "valid: ..." message)


_REGISTRY: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind (each module registers its own, once)."""
    known = _REGISTRY.get(kind.name)
    if known is not None and known is not kind:
        raise ValueError(f"rule kind {kind.name!r} is registered twice")
    _REGISTRY[kind.name] = kind
    return kind


def kinds() -> tuple[Kind, ...]:
    """Every registered kind, in the order people read them."""
    return tuple(sorted(_REGISTRY.values(), key=lambda kind: (kind.listed, kind.name)))


def kind_names() -> tuple[str, ...]:
    return tuple(kind.name for kind in kinds())


def kind_named(name: str) -> Kind | None:
    return _REGISTRY.get(name)


def make_check(requirement: Requirement, context: CheckContext) -> Check:
    """The requirement ready to evaluate drivers on the context's day."""
    kind = _REGISTRY.get(requirement.kind)
    if kind is None:
        raise ValueError(f"Requirement {requirement.id!r} has an unknown kind {requirement.kind!r}")
    return kind.check(requirement, context)


def horizon_days(
    verdict: RequirementVerdict, facts: DriverFacts, as_of: date, memo: dict[Any, Any]
) -> Iterable[date]:
    kind = _REGISTRY.get(verdict.requirement.kind)
    if kind is None:
        return ()
    return kind.horizon(verdict, facts, as_of, memo)


def no_horizon(
    verdict: RequirementVerdict, facts: DriverFacts, as_of: date, memo: dict[Any, Any]
) -> Iterable[date]:
    """For a kind that time alone never changes (what changes it is a fact dated later)."""
    return ()


def _import_kind_modules() -> None:
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda found: found.name):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")


_import_kind_modules()
