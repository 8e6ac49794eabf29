"""coach_grades: the coaches' grades on some competencies of the rubric at a level or above, by
the latest grade or the average of the last N."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from academy.pathway import wording as words
from academy.pathway.checks import Check, CheckContext, DriverView
from academy.pathway.facts import GradeFact
from academy.pathway.kinds import Kind, no_horizon, register
from academy.pathway.reading import COMPETENCY_KEY, MAX_GRADINGS, MAX_LEVEL, Reader, shown
from academy.pathway.rules import Requirement
from academy.pathway.verdicts import Evidence, Progress, RequirementVerdict, Status, new


@dataclass(frozen=True, slots=True)
class CoachGrades:
    competencies: tuple[str, ...]
    min_level: float
    mode: str = "latest"  # "latest" or "average_last_n"
    n: int = 1


def read(reader: Reader, raw: dict[str, Any], where: str, depth: int) -> CoachGrades:
    """Competencies from the rubric the reader was given (any well-formed key when none)."""
    competencies: list[str] = []
    rubric = reader.competencies
    for item in reader.items(raw, "competencies", where, required=True):
        if not isinstance(item, str) or not COMPETENCY_KEY.fullmatch(item):
            reader.problem(
                where, f"{shown(item)} is not a competency key (like traffic_management)"
            )
        elif rubric is not None and item not in rubric:
            valid = ", ".join(rubric)
            reader.problem(where, f"unknown competency {shown(item)} (the rubric has: {valid})")
        else:
            competencies.append(item)
    min_level = reader.number(raw, "min_level", where, maximum=MAX_LEVEL)
    mode = raw.get("mode", "latest")
    n = reader.integer(raw, "n", where, required=False, minimum=1, maximum=MAX_GRADINGS)
    if mode not in ("latest", "average_last_n"):
        reader.problem(where, f"unknown mode {shown(mode)} (valid: latest, average_last_n)")
    elif mode == "average_last_n" and n is None:
        reader.problem(where, "mode 'average_last_n' needs 'n' (how many gradings)")
    elif mode == "latest" and n not in (None, 1):
        reader.problem(where, "'n' only applies to mode 'average_last_n'")
    return CoachGrades(
        competencies=tuple(dict.fromkeys(competencies)),
        min_level=min_level or 0.0,
        mode=mode if mode == "average_last_n" else "latest",
        n=n if mode == "average_last_n" and n else 1,
    )


_NO_GRADES: list[GradeFact] = []


class CoachGradesCheck(Check):
    __slots__ = ("params", "take", "level_words", "competencies", "phrases")

    def __init__(self, requirement: Requirement, context: CheckContext):
        params = requirement.params
        assert isinstance(params, CoachGrades)
        self.params = params
        self.take = params.n if params.mode == "average_last_n" else 1
        self.level_words = words.number(params.min_level)
        if self.take > 1:
            needs = f"needs an average of {self.level_words} or above over {params.n} grades"
        else:
            needs = f"needs {self.level_words} or above"
        # (key, words, what to say when not graded, the tail after a short count)
        self.competencies = tuple(
            (
                key,
                words.competency_words(key),
                f"{words.competency_words(key)}: not graded yet, {needs}",
                f" of the {params.n} grades needed so far, {needs}",
            )
            for key in params.competencies
        )
        # Scores come from a short scale, so each shortfall sentence is written once.
        self.phrases: dict[tuple[str, float], str] = {}
        super().__init__(requirement, context)

    def describe(self) -> str:
        params = self.params
        names = words.either((words.competency_words(key) for key in params.competencies), "and")
        if params.mode == "average_last_n":
            how = f"average of the last {words.plural(params.n, 'grade')}"
        else:
            how = "latest grade"
        return f"Coach grades: {names} at {self.level_words} or above ({how})"

    def shortfall(self, name: str, score: float) -> str:
        phrase = self.phrases.get((name, score))
        if phrase is None:
            if self.take > 1:
                now = f"average of the last {self.take} grades is {words.number(score)}"
            else:
                now = f"latest grade {words.number(score)}"
            phrase = f"{name}: {now}, needs {self.level_words} or above"
            self.phrases[(name, score)] = phrase
        return phrase

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        take, level = self.take, self.params.min_level
        grades = view.grades()
        shortfalls: list[str] = []
        evidence: list[Evidence] = []
        at_level = 0
        for key, name, not_graded, too_few in self.competencies:
            graded = grades.get(key, _NO_GRADES)
            count = len(graded)
            if count < take:
                shortfalls.append(f"{name}: {count}{too_few}" if count else not_graded)
                continue
            if take == 1:
                score = graded[-1].score
            else:
                score = sum(grade.score for grade in graded[-take:]) / take
            if score >= level:
                at_level += 1
                evidence.extend(view.grade_evidence(key, take, name))
            else:
                shortfalls.append(self.shortfall(name, score))
        progress = new(Progress, (at_level, len(self.competencies), "competencies"))
        return self.verdict(
            Status.NOT_MET if shortfalls else Status.MET,
            evidence=tuple(evidence),
            progress=progress,
            missing="; ".join(shortfalls),
        )


register(
    Kind(
        name="coach_grades",
        params=CoachGrades,
        fields=frozenset({"competencies", "min_level", "mode", "n"}),
        read=read,
        check=CoachGradesCheck,
        # Grades change only with a new grading, a fact dated later.
        horizon=no_horizon,
        listed=70,
    )
)
