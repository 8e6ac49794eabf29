"""sessions_completed: N coaching sessions of some types (or N days of them, a day's laps added
up over its sessions) within a window; optionally with at least some laps, or only on an
ACO-approved simulator."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Any

from academy.enums import SessionType
from academy.pathway import wording as words
from academy.pathway.checks import (
    DAY,
    CheckContext,
    DriverView,
    Entry,
    SessionFilter,
    Unsaid,
    evidence_of,
)
from academy.pathway.facts import DriverFacts
from academy.pathway.kinds import Kind, register
from academy.pathway.kinds._counting import (
    CountingCheck,
    counted_days_stay_met,
    days_of,
)
from academy.pathway.reading import MAX_COUNT, MAX_LAPS, Reader
from academy.pathway.rules import ANY_TIME, Requirement, Window
from academy.pathway.verdicts import Evidence, RequirementVerdict, Status


@dataclass(frozen=True, slots=True)
class SessionsCompleted:
    count: int
    session_types: frozenset[SessionType]
    min_laps: int | None = None
    window: Window = ANY_TIME
    per_day: bool = False  # count days, a day's laps added up over its sessions
    aco_approved: bool = False  # only sessions marked as on an ACO-approved simulator


def read(reader: Reader, raw: dict[str, Any], where: str, depth: int) -> SessionsCompleted:
    count = reader.integer(raw, "count", where, minimum=1, maximum=MAX_COUNT)
    return SessionsCompleted(
        count=count or 1,
        session_types=reader.members(
            SessionType, raw, "session_types", "session type", where, required=True
        ),
        min_laps=reader.integer(
            raw, "min_laps", where, required=False, minimum=1, maximum=MAX_LAPS
        ),
        window=reader.window(raw, where),
        per_day=reader.flag(raw, "per_day", where),
        aco_approved=reader.flag(raw, "aco_approved", where),
    )


class SessionsCompletedCheck(CountingCheck[SessionsCompleted]):
    __slots__ = ("slot",)

    def __init__(self, requirement: Requirement, context: CheckContext):
        params = requirement.params
        assert isinstance(params, SessionsCompleted)
        super().__init__(requirement, context, params, "days" if params.per_day else "sessions")

    def read_from(self, context: CheckContext) -> None:
        params = self.params
        self.slot = context.sessions.register(
            SessionFilter(params.session_types, approved_only=params.aco_approved), self.start
        )
        kinds = words.session_types_words(params.session_types)
        if params.aco_approved:
            kinds = f"ACO-approved {kinds}"
        laps = f" of at least {words.plural(params.min_laps, 'lap')}" if params.min_laps else ""
        if params.per_day:
            self.singular, self.plural = f"day of {kinds} running", f"days of {kinds} running"
            self.tail = f"{laps} over the day" if laps else ""
        else:
            self.singular, self.plural = f"{kinds} session", f"{kinds} sessions"
            self.tail = laps

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        entries = view.select_sessions(self.slot, self.start, self.end)
        if self.params.per_day:
            return self.by_day(entries)
        fewest = self.params.min_laps
        if fewest is None:
            return self.counted(len(entries), evidence_of(entries))
        return self.count_at_least(entries, "laps", fewest, NO_LAPS)

    def by_day(self, entries: list[Entry]) -> RequirementVerdict:
        """Days whose sessions add up to min_laps (a Test Day logged as two sessions of 9 and 3
        laps is one day of 12 laps: the ACO counts laps over the day)."""
        fewest = self.params.min_laps or 0
        days: list[tuple[Evidence, ...]] = []
        no_laps = 0
        for _day, day_entries in groupby(entries, key=DAY):
            sessions = list(day_entries)
            laps = 0
            for _on, session, _evidence in sessions:
                if session.laps is None:
                    no_laps += 1
                else:
                    laps += session.laps
            if laps >= fewest:
                days.append(evidence_of(sessions))
        notes = NO_LAPS_ON_THE_DAY.note(no_laps if fewest else 0)
        evidence = tuple(item for day in days for item in day)
        return self.counted(len(days), evidence, notes)


NO_LAPS = Unsaid(
    ("session", "sessions"), "no laps recorded", ("it does not count", "they do not count")
)
NO_LAPS_ON_THE_DAY = NO_LAPS._replace(so=("it adds none to its day", "they add none to its day"))


def horizon(
    verdict: RequirementVerdict, facts: DriverFacts, as_of: date, memo: dict[Any, Any]
) -> Iterable[date]:
    """A met count changes when enough of what counts has left its window (by day: its days)."""
    if verdict.status is not Status.MET:
        return ()
    days = days_of(verdict)
    per_day = verdict.requirement.params.per_day
    return counted_days_stay_met(verdict, as_of, sorted(set(days)) if per_day else days)


register(
    Kind(
        name="sessions_completed",
        params=SessionsCompleted,
        fields=frozenset(
            {"count", "session_types", "min_laps", "window", "per_day", "aco_approved"}
        ),
        read=read,
        check=SessionsCompletedCheck,
        horizon=horizon,
        listed=90,
    )
)
