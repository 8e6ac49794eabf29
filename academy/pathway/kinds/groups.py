"""any_of / all_of: groups of requirements. any_of: one of the parts is enough (either this or
that; per-class variants, each an all_of named after its class); all_of: every part, shown as
one requirement."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from operator import attrgetter, methodcaller
from typing import Any

from academy.pathway import wording as words
from academy.pathway.checks import Check, CheckContext, DriverView
from academy.pathway.kinds import Kind, ReadParams, make_check, no_horizon, register
from academy.pathway.reading import MAX_GROUP_DEPTH, MAX_PARTS, Reader
from academy.pathway.rules import Requirement
from academy.pathway.verdicts import RequirementVerdict, Status, combined_status, new_verdict


@dataclass(frozen=True, slots=True)
class Group:
    """The parts, and whether one of them is enough (any_of) or all are needed (all_of)."""

    parts: tuple[Requirement, ...]
    any: bool


def _reader_for(kind: str) -> ReadParams:
    def read(reader: Reader, raw: dict[str, Any], where: str, depth: int) -> Group | None:
        if depth >= MAX_GROUP_DEPTH:
            reader.problem(
                where, f"groups may sit inside one another {MAX_GROUP_DEPTH} deep at most"
            )
            return None
        raw_parts = raw.get("requirements")
        if isinstance(raw_parts, list) and len(raw_parts) > MAX_PARTS:
            reader.problem(where, f"a group has at most {MAX_PARTS} parts, got {len(raw_parts)}")
            return None
        raw_id = raw.get("id")
        prefix = raw_id if isinstance(raw_id, str) else where
        parts = reader.requirements(raw_parts, where, prefix, depth + 1)
        if kind == "any_of" and isinstance(raw_parts, list) and len(raw_parts) < 2:
            reader.problem(where, "any_of needs at least two requirements to choose from")
        for part in parts:
            if part.kind == "previous_stage":
                reader.problem(where, "previous_stage cannot sit inside a group")
        return Group(parts=tuple(parts), any=kind == "any_of")

    return read


# An any_of group takes its best part: met, then expiring, then unknown, then not met.
_BEST_FIRST = (Status.MET, Status.EXPIRING, Status.UNKNOWN, Status.NOT_MET)
_STATUS = attrgetter("status")
_MISSING = attrgetter("missing")
_EVIDENCE = attrgetter("evidence")


class GroupCheck(Check):
    """any_of: the best of its parts; all_of: every part. The parts' verdicts come along, so
    pages, horizon and wording see them."""

    __slots__ = ("params", "parts", "phrases")

    def __init__(self, requirement: Requirement, context: CheckContext):
        params = requirement.params
        assert isinstance(params, Group)
        self.params = params
        self.phrases: dict[tuple[str, ...], str] = {}
        self.parts = tuple(make_check(part, context) for part in params.parts)
        super().__init__(requirement, context)

    def describe(self) -> str:
        labels = [check.requirement.label for check in self.parts]
        if self.params.any:
            return "Either " + words.either(labels, "or")
        return words.either(labels, "and")

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        found = tuple(map(methodcaller("evaluate", view), self.parts))
        statuses = list(map(_STATUS, found))
        if self.params.any:
            # The first of the best (`in` and index() compare statuses by identity, in C).
            best = found[statuses.index(next(filter(statuses.__contains__, _BEST_FIRST)))]
            status = best.status
            evidence = best.evidence
            if status is Status.MET or status is Status.EXPIRING:  # counts as met
                missing = best.missing
            else:
                missing = self.either(tuple(map(_MISSING, found)))
        else:
            status = combined_status(statuses)
            evidence = tuple(chain.from_iterable(map(_EVIDENCE, found)))
            missing = "; ".join(filter(None, map(_MISSING, found)))
        return new_verdict(self.requirement, status, evidence, missing, None, (), found)

    def either(self, missing: tuple[str, ...]) -> str:
        """'either <part>: <what it misses> or ...': the same few sentences come up for driver
        after driver, so each is written once."""
        phrase = self.phrases.get(missing)
        if phrase is None:
            phrase = "either " + words.either(
                (
                    f"{check.requirement.label}: {text}"
                    for check, text in zip(self.parts, missing, strict=True)
                ),
                "or",
            )
            if len(self.phrases) < 256:
                self.phrases[missing] = phrase
        return phrase


for _name, _listed in (("any_of", 110), ("all_of", 120)):
    register(
        Kind(
            name=_name,
            params=Group,
            fields=frozenset({"requirements"}),
            read=_reader_for(_name),
            check=GroupCheck,
            # The horizon walks the parts' verdicts, each with its own kind.
            horizon=no_horizon,
            listed=_listed,
        )
    )
