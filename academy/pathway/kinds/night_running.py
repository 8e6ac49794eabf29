"""night_running: N races with night running (and, when the rule says so, night sessions of
some types) within a window."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from academy.enums import SessionType
from academy.pathway import wording as words
from academy.pathway.checks import (
    DAY,
    STARTED,
    CheckContext,
    DriverView,
    ResultFilter,
    SessionFilter,
    evidence_of,
)
from academy.pathway.kinds import Kind, register
from academy.pathway.kinds._counting import CountingCheck, count_horizon
from academy.pathway.reading import MAX_COUNT, Reader
from academy.pathway.rules import ANY_TIME, Requirement, Window
from academy.pathway.verdicts import RequirementVerdict


@dataclass(frozen=True, slots=True)
class NightRunning:
    count: int
    series: frozenset[str] = frozenset()
    window: Window = ANY_TIME
    include_sessions: bool = False
    session_types: frozenset[SessionType] = frozenset()  # with include_sessions; empty: any


def read(reader: Reader, raw: dict[str, Any], where: str, depth: int) -> NightRunning:
    count = reader.integer(raw, "count", where, minimum=1, maximum=MAX_COUNT)
    params = NightRunning(
        count=count or 1,
        series=reader.series(raw, where),
        window=reader.window(raw, where),
        include_sessions=reader.flag(raw, "include_sessions", where),
        session_types=reader.members(
            SessionType, raw, "session_types", "session type", where, required=False
        ),
    )
    if params.session_types and not params.include_sessions:
        reader.problem(where, "'session_types' needs 'include_sessions = true'")
    return params


class NightRunningCheck(CountingCheck[NightRunning]):
    __slots__ = ("slot", "session_slot")

    def __init__(self, requirement: Requirement, context: CheckContext):
        assert isinstance(requirement.params, NightRunning)
        super().__init__(requirement, context, requirement.params, "night runs")

    def read_from(self, context: CheckContext) -> None:
        params = self.params
        self.slot = context.results.register(
            ResultFilter(params.series, frozenset(), STARTED, night_only=True), self.start
        )
        self.session_slot = None
        if params.include_sessions:
            self.session_slot = context.sessions.register(
                SessionFilter(params.session_types, night_only=True), self.start
            )
        series = words.series_words(params.series)
        if params.include_sessions and params.session_types:
            kinds = words.session_types_words(params.session_types)
            self.singular = f"race or {kinds} session with night running"
            self.plural = f"races or {kinds} sessions with night running"
            self.tail = f" (races{series})" if series else ""
        elif params.include_sessions:
            self.singular = "race or session with night running"
            self.plural = "races or sessions with night running"
            self.tail = f" (races{series})" if series else ""
        else:
            self.singular = "race with night running"
            self.plural = "races with night running"
            self.tail = series

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        entries = view.select_results(self.slot, self.start, self.end)
        if self.session_slot is not None:
            sessions = view.select_sessions(self.session_slot, self.start, self.end)
            if sessions:
                # By date; on the same day, races before sessions (the sort is stable).
                entries = sorted(entries + sessions, key=DAY)
        return self.counted(len(entries), evidence_of(entries))


register(
    Kind(
        name="night_running",
        params=NightRunning,
        fields=frozenset({"count", "series", "window", "include_sessions", "session_types"}),
        read=read,
        check=NightRunningCheck,
        horizon=count_horizon,
        listed=60,
    )
)
