""" "Fits my crew": a principal describes a crew (series and season, class, the FIA categories of
the drivers they already have) and sees the consenting academy drivers who would make it legal
under that season's sporting rules (`academy.sporting.crew_fits`), with licence, experience in
the class and pathway stage. The fit comes from the engine; this module loads and sorts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from academy.enums import Categorisation, LicenceGrade, RaceClass, ResultStatus, label
from academy.models import Driver
from academy.pathway.rules import RuleSet
from academy.results.timing.classes import KNOWN_CLASSES
from academy.scouting.queries import ScoutingRow, scouted_drivers
from academy.sporting import (
    CrewFit,
    CrewRule,
    FitStatus,
    SportingRules,
    available_sporting_rules,
    class_key,
    crew_fits,
    load_all_sporting_rules,
)

NOBODY = "none"
UNKNOWN = "unknown"
SEATS = 3  # drivers a principal may already have
SORTS = {
    "name": "Name",
    "licence": "Licence grade",
    "experience": "Experience in the class",
    "stage": "Pathway stage",
}


def crew_rule_choices() -> list[tuple[str, str, CrewRule]]:
    """(value, words, rule) for every class with a crew rule in every season's rules."""
    rules = load_all_sporting_rules()
    choices = []
    for key in available_sporting_rules():
        season = rules[key]
        for rule in season.crews:
            choices.append((f"{key}|{rule.class_name}", f"{season.name}, {rule.class_name}", rule))
    return choices


class CrewFinderForm(FlaskForm):
    """Read from the query string (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    crew = SelectField("Series, season and class", choices=[], default="")
    driver_1 = SelectField("Driver you have", default=NOBODY)
    driver_2 = SelectField("Second driver you have", default=NOBODY)
    driver_3 = SelectField("Third driver you have", default=NOBODY)
    sort = SelectField(
        "Sort by", choices=[SelectChoice(k, v) for k, v in SORTS.items()], default="licence"
    )

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.rules = {value: rule for value, _, rule in crew_rule_choices()}
        self.crew.choices = [SelectChoice(value, words) for value, words, _ in crew_rule_choices()]
        people = [SelectChoice(NOBODY, "nobody"), SelectChoice(UNKNOWN, "not categorised yet")] + [
            SelectChoice(c.value, label(c)) for c in sorted(Categorisation, reverse=True)
        ]
        for field in self.seats:
            field.choices = people

    @property
    def seats(self) -> list[SelectField]:
        return [self.driver_1, self.driver_2, self.driver_3]

    def chosen_rule(self) -> CrewRule | None:
        return self.rules.get(self.crew.data or "")

    def current(self) -> list[Categorisation | None]:
        chosen = []
        for field in self.seats:
            if field.data == NOBODY or not field.data:
                continue
            chosen.append(None if field.data == UNKNOWN else Categorisation(field.data))
        return chosen


@dataclass(frozen=True)
class Candidate:
    row: ScoutingRow
    fit: CrewFit
    class_starts: int  # starts in the crew's class
    stage_index: int  # how far along the pathway (for sorting)


def race_class_of(class_name: str) -> RaceClass | None:
    wanted = class_key(class_name)
    return next((s.counts_as for s in KNOWN_CLASSES if class_key(s.name) == wanted), None)


@dataclass(frozen=True)
class CrewCandidates:
    legal: list[Candidate]  # make the crew legal as it stands
    open_: list[Candidate]  # fit a crew that still needs more drivers
    # Would fit by category but hold no licence valid on the day (`validity.licence_on`): they
    # cannot race, so they make no crew legal.
    unlicensed: list[Candidate]


def candidates(
    rule: CrewRule,
    current: list[Categorisation | None],
    rule_set: RuleSet,
    as_of: date,
    sort: str = "licence",
) -> CrewCandidates:
    """The consenting drivers who make the crew legal as it stands, those who fit a crew that
    is still open (more drivers needed), and those who would fit but hold no valid licence on
    `as_of`. A fixed number of statements."""
    fits = {fit.candidate: fit for fit in crew_fits(rule, current)}
    selection = select(Driver.id).where(Driver.consent_scouting.is_(True))
    scouted = scouted_drivers(selection, rule_set, as_of)
    stage_order = {stage.name: index for index, stage in enumerate(rule_set.stages)}
    race_class = race_class_of(rule.class_name)
    legal: list[Candidate] = []
    open_: list[Candidate] = []
    unlicensed: list[Candidate] = []
    for summary in scouted.loaded.drivers:
        facts = scouted.loaded.facts[summary.id]
        category = facts.categorisation_on(as_of)
        fit = fits.get(category) if category is not None else None
        if fit is None or fit.status not in (FitStatus.LEGAL, FitStatus.OPEN):
            continue
        row, _ = scouted.row(summary, facts)
        starts = sum(
            1
            for result in facts.results
            if result.race_class is race_class
            and result.status is not ResultStatus.DNS
            and result.event_date <= as_of
        )
        candidate = Candidate(row, fit, starts, stage_order.get(row.stage_reached or "", -1))
        if row.licence is None:  # the licence that counts on the day (validity.licence_on)
            unlicensed.append(candidate)
        else:
            (legal if fit.status is FitStatus.LEGAL else open_).append(candidate)
    key = _sort_key(sort)
    return CrewCandidates(
        sorted(legal, key=key), sorted(open_, key=key), sorted(unlicensed, key=key)
    )


def _sort_key(sort: str):  # noqa: ANN202
    if sort == "name":
        return lambda c: c.row.display_name.casefold()
    if sort == "experience":
        return lambda c: (-c.class_starts, c.row.display_name.casefold())
    if sort == "stage":
        return lambda c: (-c.stage_index, c.row.display_name.casefold())
    return lambda c: (
        -(list(LicenceGrade).index(c.row.licence.grade) if c.row.licence else -1),
        c.row.display_name.casefold(),
    )


def rules_of(value: str) -> SportingRules | None:
    key = value.split("|", 1)[0]
    return load_all_sporting_rules().get(key)
