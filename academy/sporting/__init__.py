"""The sporting engine: championships, Le Mans invitations, crews and driving time. Pure.

Data in, verdicts out: frozen dataclasses, no web framework, no database, no clock. Ids of
entries, drivers and races (`Key`: int or str) are the caller's; the engine only compares them
and hands them back. Every sentence for people comes from `academy.sporting.wording`.

Rules (`rules`, `loader`)
    One TOML file per series and season in academy/rulesets/sporting/<key>.toml, every value
    citing its `Citation` (source, unconfirmed, note). Refused at load with RuleSetError (the
    pathway loader's error: `problems` of file, key, reason).

    load_all_sporting_rules(directory=SPORTING_DIR) -> dict[str, SportingRules]  (by key)
    load_sporting_rules(path) -> SportingRules
    parse_sporting_text(text, file) -> SportingRules         (cached by content)
    sporting_rules_for(series, season) -> SportingRules      ("ALMS", "2024-25")
    available_sporting_rules() -> list[str]

    SportingRules: key, name, series, season, version, races, calendar, classes
      (SeasonClass: name, points: PointsScale | None, citation), tie_break (TieBreak: order of
      TieBreakStep), invitations (InvitationRule: class_name, places, le_mans, into),
      crews (CrewRule: class_name, min_drivers, max_drivers, limits of CategoryLimit),
      driving_time (DrivingTimeRules: max_total_ms, rolling_window_ms, rolling_max_ms, limits of
      DriveLimit); .season_class(name), .crew_rule(name), .invitation(name).
    Class names compare trimmed and case-blind (`class_key`), as the timing importer names them.

Standings (`standings`)
    Race(key, name, results: tuple[RaceResult, ...]), races held, in calendar order.
    RaceResult(entry, class_name, class_position: int | None, status: ResultStatus, pole,
      drivers: tuple[Key, ...]).
    season_standings(rules, races) -> SeasonStandings (.teams, .drivers: ClassStandings per
      class; .team_class(name), .driver_class(name); .unscored results of unknown classes)
    class_standings(rules, races, class_name, kind=StandingsKind.TEAMS) -> ClassStandings
    score_result(scale, result) -> tuple[PointsItem, ...]
    ClassStandings.rows: StandingRow(position, key, points, races: RaceScore per race, tied,
      decided_by, entries, incomplete); RaceScore.items: PointsItem(kind, points, ...) with
      `.words` ("P3 in class: 15", "pole: 1").

Invitations (`invitations`)
    invitation_races(rules, races) -> tuple[InvitationRace, ...]
    invitation_race(rules, races, class_name) -> InvitationRace | None
    InvitationRace: rule, standings, races_held, races_left, points_per_race, points_left,
      holders (InvitationHolder: place, row, gap_to_next, margin, secure), contenders, decided,
      in_contention(entry), words.

Crews (`crews`)
    CrewMember(driver, name, category: Categorisation | None)  (None: not known)
    check_crew(rules, class_name, crew) -> CrewVerdict(status: CrewStatus, class_name, size,
      reasons, unknown, rule); check_crew_rule(rule, crew) -> CrewVerdict
    CrewStatus: LEGAL, ILLEGAL, UNKNOWN (never legal when it depends on an unknown category),
      NO_CREW, NO_RULE.
    crew_fit(rule, current_categories, candidate) -> CrewFit(candidate, status: FitStatus,
      still_needed, reasons); crew_fits(rule, current) -> one CrewFit per category.
    FitStatus: LEGAL, OPEN, CLOSED, UNKNOWN.

Driving time (`driving_time`)
    DriverLap(driver, lap_ms, elapsed_ms=None), in the car's order.
    driving_times(rules, class_name, crew, *, laps=None, drive_times=None)
      -> tuple[DrivingTime, ...] (per crew member: source, total_ms, stints, most_in_window_ms,
      min_ms, max_ms, window_max_ms, minimum: MinimumStatus, maximum / window: MaximumStatus,
      reasons, ok)
    stints_from_laps(laps) -> tuple[Stint, ...]; most_in_window(stints, window_ms) -> int
"""

from __future__ import annotations

from academy.pathway.loader import RuleProblem, RuleSetError
from academy.sporting.crews import (
    CrewFit,
    CrewMember,
    CrewStatus,
    CrewVerdict,
    FitStatus,
    check_crew,
    check_crew_rule,
    crew_fit,
    crew_fits,
)
from academy.sporting.driving_time import (
    DriverLap,
    DrivingTime,
    DrivingTimeInputError,
    MaximumStatus,
    MinimumStatus,
    Stint,
    TimeSource,
    driving_times,
    most_in_window,
    stints_from_laps,
)
from academy.sporting.invitations import (
    InvitationHolder,
    InvitationRace,
    invitation_race,
    invitation_races,
)
from academy.sporting.loader import (
    SPORTING_DIR,
    SportingRulesNotFound,
    available_sporting_rules,
    load_all_sporting_rules,
    load_sporting_rules,
    parse_sporting_text,
    sporting_rules_for,
)
from academy.sporting.rules import (
    CategoryLimit,
    Citation,
    CrewRule,
    DriveLimit,
    DrivingTimeRules,
    InvitationRule,
    Key,
    PointsScale,
    SeasonClass,
    SportingRules,
    TieBreak,
    TieBreakStep,
    class_key,
)
from academy.sporting.standings import (
    ClassStandings,
    PointsItem,
    PointsKind,
    Race,
    RaceResult,
    RaceScore,
    SeasonStandings,
    StandingRow,
    StandingsInputError,
    StandingsKind,
    class_standings,
    score_result,
    season_standings,
)

__all__ = [
    "SPORTING_DIR",
    "CategoryLimit",
    "Citation",
    "ClassStandings",
    "CrewFit",
    "CrewMember",
    "CrewRule",
    "CrewStatus",
    "CrewVerdict",
    "DriveLimit",
    "DriverLap",
    "DrivingTime",
    "DrivingTimeInputError",
    "DrivingTimeRules",
    "FitStatus",
    "InvitationHolder",
    "InvitationRace",
    "InvitationRule",
    "Key",
    "MaximumStatus",
    "MinimumStatus",
    "PointsItem",
    "PointsKind",
    "PointsScale",
    "Race",
    "RaceResult",
    "RaceScore",
    "RuleProblem",
    "RuleSetError",
    "SeasonClass",
    "SeasonStandings",
    "SportingRules",
    "SportingRulesNotFound",
    "StandingRow",
    "StandingsInputError",
    "StandingsKind",
    "Stint",
    "TieBreak",
    "TieBreakStep",
    "TimeSource",
    "available_sporting_rules",
    "check_crew",
    "check_crew_rule",
    "class_key",
    "class_standings",
    "crew_fit",
    "crew_fits",
    "driving_times",
    "invitation_race",
    "invitation_races",
    "load_all_sporting_rules",
    "load_sporting_rules",
    "most_in_window",
    "parse_sporting_text",
    "score_result",
    "season_standings",
    "sporting_rules_for",
    "stints_from_laps",
]
