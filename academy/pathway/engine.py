"""The pathway engine: a driver's facts and a rule set in, verdicts out.

Plain Python: no Flask, no database, no clock. `as_of` is the day the check is made and
nothing dated after it ever counts. The progress page, the cohort board, the licence
workflow and the PDF dossiers all read these verdicts, so they cannot disagree.

Entry points:
- evaluate(facts, rule_set, as_of) -> DriverPathway            one driver, every stage
- evaluate_many(facts_list, rule_set, as_of) -> list[...]       a cohort board
- evaluate_licence_grade(facts, rule_set, grade, as_of)         the licence-upgrade workflow
- prepare(rule_set, as_of) -> PreparedRuleSet                   do the per-rule-set work once
"""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from collections.abc import Iterable
from datetime import date, datetime
from operator import attrgetter, methodcaller

from academy.enums import LicenceGrade, label
from academy.pathway import wording as words
from academy.pathway.checks import Check, CheckContext, DriverView, ResultFilter
from academy.pathway.facts import DriverFacts
from academy.pathway.kinds import make_check
from academy.pathway.kinds.previous_stage import PreviousStage, PreviousStageCheck
from academy.pathway.rules import RuleSet
from academy.pathway.verdicts import (
    DriverPathway,
    Evidence,
    LicenceGradeVerdict,
    Progress,
    RequirementVerdict,
    StageVerdict,
    Status,
    combined_status,
    new,
)

__all__ = [
    "DriverPathway",
    "EvaluationFailed",
    "Evidence",
    "LicenceGradeVerdict",
    "NoGradeRequirements",
    "PreparedRuleSet",
    "Progress",
    "RequirementVerdict",
    "StageVerdict",
    "Status",
    "check_as_of",
    "evaluate",
    "evaluate_licence_grade",
    "evaluate_many",
    "prepare",
]

# Dates outside this range are typing mistakes (a year 0206 for 2026), never a real check.
EARLIEST_AS_OF = date(1900, 1, 1)
LATEST_AS_OF = date(2100, 12, 31)


class EvaluationFailed(RuntimeError):
    """A rule set that could not evaluate a driver (a rule set activated only after every
    driver evaluates; see rules_admin.service.activate)."""

    def __init__(self, driver_id: int, rule_set: RuleSet, error: Exception) -> None:
        self.driver_id = driver_id
        self.error = error
        super().__init__(
            f"Rule set {rule_set.key} {rule_set.version} cannot evaluate driver {driver_id}: "
            f"{type(error).__name__}: {str(error)[:200]}"
        )


class NoGradeRequirements(LookupError):
    def __init__(self, rule_set: RuleSet, grade: LicenceGrade) -> None:
        known = ", ".join(label(entry.grade) for entry in rule_set.licence_grades) or "none"
        super().__init__(
            f"Rule set {rule_set.key} has no requirements for the {label(grade)} licence "
            f"(it has: {known})"
        )


_STATUS = attrgetter("status")

# --- public functions -----------------------------------------------------------------------


def check_as_of(as_of: date) -> None:
    """Refuse an evaluation date that cannot be meant (ValueError with the reason)."""
    if isinstance(as_of, datetime) or not isinstance(as_of, date):
        raise ValueError(f"as_of must be a date (not a datetime or text), got {as_of!r}")
    if not EARLIEST_AS_OF <= as_of <= LATEST_AS_OF:
        raise ValueError(
            f"as_of {as_of.isoformat()} is not a plausible evaluation date: expected a day "
            f"between {EARLIEST_AS_OF.isoformat()} and {LATEST_AS_OF.isoformat()}"
        )


# Prepared rule sets, most recently used last: a web process checks the same rule set on
# the same day over and over. Keyed by identity; the entry holds the rule set, so its id
# cannot be reused while it is here.
_PREPARED: OrderedDict[tuple[int, date], PreparedRuleSet] = OrderedDict()
_PREPARED_LIMIT = 16
_PREPARED_LOCK = threading.Lock()


def prepare(rule_set: RuleSet, as_of: date) -> PreparedRuleSet:
    """The rule set ready to evaluate drivers on `as_of` (remembered for the next call)."""
    check_as_of(as_of)
    key = (id(rule_set), as_of)
    with _PREPARED_LOCK:
        prepared = _PREPARED.get(key)
        if prepared is not None and prepared.rule_set is rule_set:
            _PREPARED.move_to_end(key)
            return prepared
    prepared = PreparedRuleSet(rule_set, as_of)
    with _PREPARED_LOCK:
        _PREPARED[key] = prepared
        while len(_PREPARED) > _PREPARED_LIMIT:
            _PREPARED.popitem(last=False)
    return prepared


def evaluate(facts: DriverFacts, rule_set: RuleSet, as_of: date) -> DriverPathway:
    """One driver against every stage of the rule set, as things stood on `as_of`."""
    return prepare(rule_set, as_of).evaluate(facts)


def evaluate_many(
    facts_list: Iterable[DriverFacts], rule_set: RuleSet, as_of: date
) -> list[DriverPathway]:
    """Every driver against one rule set on one day, in the order given.

    The rule set is prepared once for all of them. Python's cyclic garbage collector is
    paused meanwhile: verdicts hold no reference cycles, so it could free nothing, yet on a
    large board (10,000 drivers) its repeated passes over every fact in memory take a large
    share of the time.
    """
    prepared = prepare(rule_set, as_of)
    was_enabled = gc.isenabled()
    gc.disable()
    pathways: list[DriverPathway] = []
    evaluated = pathways.append
    facts = None
    try:
        for facts in facts_list:
            evaluated(prepared.evaluate(facts))
        return pathways
    except Exception as error:  # the rule set, not the caller, is at fault: say whom it failed
        assert facts is not None
        raise EvaluationFailed(facts.driver_id, rule_set, error) from error
    finally:
        if was_enabled:
            gc.enable()


def evaluate_licence_grade(
    facts: DriverFacts, rule_set: RuleSet, grade: LicenceGrade, as_of: date
) -> LicenceGradeVerdict:
    """May this driver apply for `grade`? Uses the rule set's [licence_grades] table."""
    return prepare(rule_set, as_of).evaluate_licence_grade(facts, grade)


class PreparedRuleSet:
    """A rule set turned into checks for one evaluation day: dates, filters and phrases
    are worked out once and shared by every driver evaluated with it."""

    def __init__(self, rule_set: RuleSet, as_of: date) -> None:
        check_as_of(as_of)
        self.rule_set = rule_set
        self.as_of = as_of
        stage_names = {stage.key: stage.name for stage in rule_set.stages}
        # Stages and licence grades read results through separate indexes, so a board of
        # stages never sorts results for the licence checks.
        context = CheckContext(as_of, stage_names)
        grade_context = CheckContext(as_of, stage_names)
        self._stage_context = context
        self._grade_context = grade_context
        earlier: set[str] = set()
        stages = []
        for stage in rule_set.stages:
            checks = tuple(make_check(req, context) for req in stage.requirements)
            milestone = None
            if stage.reached_by is not None:
                reached_by = stage.reached_by
                # A stage once reached stays reached: any result up to as_of counts.
                milestone = context.milestones.register(
                    ResultFilter(reached_by.series, reached_by.classes, reached_by.statuses),
                    date.min,
                )
            holding = tuple(index for index, req in enumerate(stage.requirements) if req.hold)
            for requirement in stage.requirements:
                if isinstance(requirement.params, PreviousStage):
                    referenced = requirement.params.stage
                    if referenced not in earlier:
                        raise ValueError(
                            f"Rule set {rule_set.key}: stage {stage.key!r} requirement "
                            f"{requirement.id!r} needs stage {referenced!r}, which is not an "
                            "earlier stage"
                        )
            earlier.add(stage.key)
            stages.append((stage, checks, milestone, holding))
        self._stages = tuple(stages)
        # Each stage's milestone slot in the driver's view; -1 (always None) for none.
        self._milestone_slots = tuple(
            -1 if milestone is None else milestone for _stage, _checks, milestone, _h in stages
        )
        # For each stage that requires another, latest first: its index and the index of the
        # stage it requires (a stage reached by racing in its class has passed that one too).
        position = {stage.key: index for index, stage in enumerate(rule_set.stages)}
        self._passes = tuple(
            (index, position[stage.requires_stage])
            for index, (stage, *_rest) in reversed(list(enumerate(stages)))
            if stage.requires_stage
        )
        # For each stage, where its checks of the stage it requires are: a reached stage
        # passes them.
        self._parents = tuple(
            tuple(
                (i, check)
                for i, check in enumerate(checks)
                if isinstance(check, PreviousStageCheck) and check.stage_key == stage.requires_stage
            )
            if stage.requires_stage
            else ()
            for stage, checks, _milestone, _holding in stages
        )
        self._grades = {
            entry.grade: (
                entry,
                tuple(make_check(req, grade_context) for req in entry.requirements),
            )
            for entry in rule_set.licence_grades
        }
        notices = []
        if as_of < rule_set.effective_from:
            notices.append(
                f"This rule set ({rule_set.name}) applies from "
                f"{words.format_date(rule_set.effective_from)}; this check on "
                f"{words.format_date(as_of)} uses it ahead of time."
            )
        self._notices = tuple(notices)

    def labels(self) -> dict[str, tuple[str, str]]:
        """Every requirement's label as verdicts show it and what it asks in the engine's own
        words (the same unless the rule file gave a label), by id, the parts of groups too."""
        found: dict[str, tuple[str, str]] = {}

        def walk(checks: Iterable[Check]) -> None:
            for check in checks:
                found[check.requirement.id] = (check.requirement.label, check.describe())
                walk(getattr(check, "parts", ()))

        for _stage, checks, _milestone, _holding in self._stages:
            walk(checks)
        for _entry, checks in self._grades.values():
            walk(checks)
        return found

    def evaluate(self, facts: DriverFacts) -> DriverPathway:
        view = DriverView(facts, self.as_of, self._stage_context)
        stages = self._evaluate_stages(view)
        reached = [stage.reached for stage in stages]
        current = None
        after = 0  # where the next stage is looked for: after the highest reached
        for index, stage in enumerate(stages):
            if reached[index]:
                current, after = stage, index + 1
        following = next(
            (stages[index].key for index in range(after, len(stages)) if not reached[index]), None
        )
        return new(
            DriverPathway,
            (
                facts.driver_id,
                self.rule_set.key,
                self.rule_set.version,
                self.as_of,
                stages,
                None if current is None else current.key,
                following,
                self._notices,
            ),
        )

    def evaluate_licence_grade(
        self, facts: DriverFacts, grade: LicenceGrade
    ) -> LicenceGradeVerdict:
        found = self._grades.get(grade)
        if found is None:
            raise NoGradeRequirements(self.rule_set, grade)
        entry, checks = found
        view = DriverView(facts, self.as_of, self._grade_context)
        if any(isinstance(check, PreviousStageCheck) for check in checks):
            stage_view = DriverView(facts, self.as_of, self._stage_context)
            view.standing = {
                stage.key: Status.MET if stage.reached_on is not None else stage.status
                for stage in self._evaluate_stages(stage_view)
            }
        verdicts = tuple(check.evaluate(view) for check in checks)
        return LicenceGradeVerdict(
            driver_id=facts.driver_id,
            rule_set_key=self.rule_set.key,
            rule_set_version=self.rule_set.version,
            as_of=self.as_of,
            grade=grade,
            status=combined_status(verdict.status for verdict in verdicts),
            requirements=verdicts,
            description=entry.description,
        )

    def _evaluate_stages(self, view: DriverView) -> tuple[StageVerdict, ...]:
        own = list(map(view.milestones.__getitem__, self._milestone_slots))
        reach = self._passed_on_the_way(own) if any(own) else own
        standing = view.standing
        evaluate = methodcaller("evaluate", view)
        verdicts = []
        for (stage, checks, _milestone, holding), parents, reached, first in zip(
            self._stages, self._parents, reach, own, strict=True
        ):
            found = list(map(evaluate, checks))
            if reached is None:
                status = standing[stage.key] = combined_status(list(map(_STATUS, found)))
                verdicts.append(
                    new(
                        StageVerdict,
                        (stage.key, stage.name, status, tuple(found), stage.description, None, ()),
                    )
                )
                continue
            # Reached, and it stays reached: only what must hold decides its status now.
            # The stages after it see it as it stands by its own facts (a stage reached only
            # through a later one is reached once all are evaluated).
            standing[stage.key] = (
                Status.MET if first is not None else combined_status(list(map(_STATUS, found)))
            )
            status = combined_status(list(map(_STATUS, map(found.__getitem__, holding))))
            for index, check in parents:
                found[index] = check.answers[Status.MET]
            verdicts.append(
                new(
                    StageVerdict,
                    (
                        stage.key,
                        stage.name,
                        status,
                        tuple(found),
                        stage.description,
                        reached.on,
                        (reached,),
                    ),
                )
            )
        return tuple(verdicts)

    def _passed_on_the_way(self, own: list[Evidence | None]) -> list[Evidence | None]:
        """For each stage, the result that reached it: its own milestone's, or that of a later
        stage which requires it. A stage reached by racing in its class has passed the stages
        it requires: they are reached too, on its day and by its result (a driver who went
        straight to LMP2 has no LMP3 seat to earn any more)."""
        reach = own.copy()
        for index, earlier_index in self._passes:
            later = reach[index]
            if later is not None and reach[earlier_index] is None:
                reach[earlier_index] = later
        return reach
