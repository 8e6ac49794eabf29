"""The words for people: every sentence the sporting engine says, in one place, so pages and
PDFs say the same thing. Plain functions of plain values."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from academy.enums import Categorisation, ResultStatus, label, status_words
from academy.formatting import format_duration_ms
from academy.pathway.rules import SERIES_NAMES
from academy.sporting.rules import (
    CategoryLimit,
    Citation,
    CrewRule,
    Key,
    TieBreakStep,
)

if TYPE_CHECKING:
    from academy.sporting.crews import CrewMember, CrewStatus, FitStatus
    from academy.sporting.driving_time import MaximumStatus, MinimumStatus
    from academy.sporting.invitations import InvitationHolder, InvitationRace
    from academy.sporting.standings import PointsItem, RaceScore, StandingRow


def points_words(points: float) -> str:
    """25, 0.5, 12.25: points without a trailing .0."""
    return f"{points:g}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


def ordinal_words(count: int) -> str:
    words = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    return words[count - 1] if 1 <= count <= len(words) else str(count)


def top_words(positions: int) -> str:
    return f"the top {ordinal_words(positions)}" if positions != 1 else "the winner"


def entry_words(entry: Key) -> str:
    """How an entry id reads when the caller gives nothing better ('#7' for a car number)."""
    text = str(entry)
    return f"#{text}" if text.isdigit() else text


def citation_words(citation: Citation) -> str:
    """Where a value comes from, as a page or a PDF shows it: the citation, and "(value to
    confirm)" where the governing text was not read. The file's `note` is for whoever edits the
    rules (what was read, what was not) and is never shown."""
    if citation.unconfirmed:
        return f"{citation.source} (value to confirm)"
    return citation.source


def series_words(series: str) -> str:
    return SERIES_NAMES.get(series, series) if series else "the rules"


# -- points -------------------------------------------------------------------------------


def points_item_words(item: PointsItem) -> str:
    kind = item.kind.value
    points = points_words(item.points)
    if kind == "position":
        return f"P{item.class_position} in class: {points}"
    if kind == "other_classified":
        where = top_words(item.scoring_positions)
        return f"classified outside {where} (P{item.class_position} in class): {points}"
    if kind == "pole":
        return f"pole: {points}"
    if kind == "no_position":
        return "classified, but no class position in the results: not counted"
    return f"{status_words(item.status)}: 0"


def race_score_words(score: RaceScore) -> str:
    """'Sepang race 1: P3 in class: 15; pole: 1 (16)'."""
    items = "; ".join(points_item_words(item) for item in score.items)
    if len(score.items) > 1:
        items += f" ({points_words(score.points)})"
    return f"{score.race_name}: {items}"


_TIE_BREAK_WORDS = {
    TieBreakStep.COUNTBACK: "more wins, then more second places, and so on",
    TieBreakStep.LAST_RACE: "the better result in the last race",
    TieBreakStep.LAST_RACES: "the better result in the last race, then the race before",
    TieBreakStep.MOST_POLES: "more pole positions",
}


def tie_break_step_words(step: TieBreakStep) -> str:
    return _TIE_BREAK_WORDS[step]


def tie_break_order_words(steps: Sequence[TieBreakStep]) -> str:
    if not steps:
        return "no tie-break: cars level on points share the position"
    return "; then ".join(tie_break_step_words(step) for step in steps)


def points_explanation_words(row: StandingRow) -> tuple[str, ...]:
    """Where a row's points come from, race by race, then the total: what "explain" shows."""
    lines = [race_score_words(score) for score in row.races]
    lines.append(f"total: {points_words(row.points)}")
    note = standing_note_words(row)
    if note:
        lines.append(note)
    return tuple(lines)


def standing_note_words(row: StandingRow) -> str:
    """Why a row sits where it does when others have its points; '' when nothing to say."""
    notes = []
    if row.tied:
        notes.append(f"level on {points_words(row.points)} points after every tie-break")
    elif row.decided_by is not None:
        notes.append(
            f"level on {points_words(row.points)} points with the car above, behind on "
            f"{tie_break_step_words(row.decided_by)}"
        )
    if row.incomplete:
        notes.append("a result without a class position is not counted")
    return "; ".join(notes)


# -- crews --------------------------------------------------------------------------------

_CREW_STATUS_WORDS = {
    "legal": "legal",
    "illegal": "illegal",
    "unknown": "unknown: depends on a category not known",
    "no_crew": "no drivers named",
    "no_rule": "no crew rule",
}


def crew_status_words(status: CrewStatus) -> str:
    return _CREW_STATUS_WORDS[status.value]


def categories_words(categories: Iterable[Categorisation], joiner: str = "or") -> str:
    names = [label(category) for category in sorted(categories, reverse=True)]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {joiner} {names[-1]}"


def no_crew_words() -> str:
    return "no drivers named for this car"


def no_crew_rule_words(rules_name: str, class_name: str) -> str:
    return f"{rules_name} has no crew rule for {class_name}"


def crew_size_words(rule: CrewRule, size: int) -> str:
    who = f"{series_words(rule.series)} {rule.class_name} crews"
    if rule.min_drivers == rule.max_drivers:
        allowed = f"exactly {rule.min_drivers}"
    elif size < rule.min_drivers:
        allowed = f"{rule.min_drivers} to {rule.max_drivers}"
    else:
        allowed = f"at most {rule.max_drivers}"
    return f"{plural(size, 'driver')}; {who} have {allowed}"


def category_limit_words(
    rule: CrewRule, limit: CategoryLimit, count: int, named: Sequence[str]
) -> str:
    """'no Bronze driver; ALMS requires at least one', 'a Platinum driver (A. Name); ALMS
    allows none in LMP3'."""
    series = series_words(rule.series)
    which = categories_words(limit.categories)
    if count < limit.minimum:
        have = f"no {which} driver" if count == 0 else plural(count, f"{which} driver")
        need = "one" if limit.minimum == 1 else str(limit.minimum)
        return f"{have}; {series} requires at least {need} in {rule.class_name}"
    assert limit.maximum is not None
    have = f"a {which} driver" if count == 1 else plural(count, f"{which} driver")
    if named:
        have += f" ({', '.join(named)})"
    allows = "none" if limit.maximum == 0 else f"at most {limit.maximum}"
    return f"{have}; {series} allows {allows} in {rule.class_name}"


def no_mix_words(rule: CrewRule) -> str:
    return f"no mix of categories meets every {rule.class_name} crew limit together"


def unknown_category_words(
    unknown: Sequence[CrewMember], legal_if: Sequence[Categorisation] | None
) -> str:
    names = ", ".join(member.name for member in unknown)
    if len(unknown) == 1:
        start = f"the category of {names} is not known"
        if legal_if and len(legal_if) == len(Categorisation):
            return f"{start}: legal with any category once categorised"
        if legal_if:
            return f"{start}: legal only if {categories_words(legal_if)}"
        return start
    return f"the categories of {names} are not known"


_FIT_WORDS = {
    "legal": "makes the crew legal",
    "open": "keeps the way open to a legal crew",
    "closed": "no legal crew with this driver",
    "unknown": "depends on a category not known",
}


def fit_status_words(status: FitStatus) -> str:
    return _FIT_WORDS[status.value]


def fit_unknown_words(unknowns: int) -> str:
    return f"{plural(unknowns, 'driver')} of the crew without a known category"


def fit_closed_words(rule: CrewRule, candidate: Categorisation) -> str:
    return (
        f"no {series_words(rule.series)} {rule.class_name} crew of {rule.min_drivers} to "
        f"{rule.max_drivers} drivers can be legal with this {label(candidate)} driver and the "
        "drivers already chosen"
    )


def more_drivers_words(count: int, categories: Iterable[Categorisation] | None) -> str:
    if categories is None:
        return f"{count} more {'driver' if count == 1 else 'drivers'}"
    return f"{count} more {categories_words(categories)} {'driver' if count == 1 else 'drivers'}"


# -- driving time -------------------------------------------------------------------------

_MINIMUM_WORDS = {
    "met": "minimum met",
    "not_met": "minimum not met",
    "unknown": "minimum unknown",
    "no_minimum": "no minimum",
}
_MAXIMUM_WORDS = {
    "within": "within the maximum",
    "exceeded": "maximum exceeded",
    "unknown": "maximum unknown",
    "no_maximum": "no maximum",
}


def minimum_status_words(status: MinimumStatus) -> str:
    return _MINIMUM_WORDS[status.value]


def maximum_status_words(status: MaximumStatus) -> str:
    return _MAXIMUM_WORDS[status.value]


def duration_words(ms: int | None) -> str:
    return format_duration_ms(ms)


def limits_depend_on_category_words(name: str) -> str:
    return f"{name}'s category is not known and the driving-time limits depend on it"


def minimum_not_met_words(name: str, total_ms: int, min_ms: int) -> str:
    return f"{name} drove {duration_words(total_ms)}; the minimum is {duration_words(min_ms)}"


def no_time_words(name: str, min_ms: int) -> str:
    return f"no driving time known for {name}; the minimum is {duration_words(min_ms)}"


def maximum_exceeded_words(name: str, total_ms: int, max_ms: int) -> str:
    return f"{name} drove {duration_words(total_ms)}; the maximum is {duration_words(max_ms)}"


def window_exceeded_words(name: str, most_ms: int, max_ms: int, window_ms: int) -> str:
    return (
        f"{name} drove {duration_words(most_ms)} within {duration_words(window_ms)}; at most "
        f"{duration_words(max_ms)} in any {duration_words(window_ms)}"
    )


def window_unknown_words(name: str, max_ms: int, window_ms: int) -> str:
    return (
        f"no laps for {name}: at most {duration_words(max_ms)} in any "
        f"{duration_words(window_ms)} cannot be checked"
    )


# -- invitations --------------------------------------------------------------------------


def holder_words(holder: InvitationHolder, name: str | None = None) -> str:
    """'Team X #7 holds invitation place 1, ...'; `name` is how the page names the entry (the
    entry id when not given)."""
    who = name or entry_words(holder.entry)
    if holder.row.tied:
        return (
            f"{who} shares invitation place {holder.place}: level on points after every tie-break"
        )
    if holder.secure:
        return f"{who} has secured invitation place {holder.place}"
    if holder.margin is None:
        return f"{who} holds invitation place {holder.place}, no one behind yet"
    return (
        f"{who} holds invitation place {holder.place}, "
        f"{points_words(holder.margin)} points ahead of the first car outside"
    )


def invitation_race_words(race: InvitationRace) -> str:
    rule = race.rule
    places = "the invitation" if rule.places == 1 else f"{rule.places} invitations"
    head = f"{rule.class_name}: {places} to Le Mans {rule.le_mans} ({rule.into})"
    if race.decided:
        return f"{head}, decided"
    if race.races_left == 0:
        return f"{head}: level after every tie-break, for the organiser to settle"
    return (
        f"{head}, not decided: {points_words(race.points_left)} points still to be won in "
        f"{plural(race.races_left, 'race')}"
    )


def status_label(status: ResultStatus) -> str:
    return label(status)
