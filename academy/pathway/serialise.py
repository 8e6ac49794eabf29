"""Verdicts as plain JSON-ready dicts (and as text lines), one shape for API, CLI and pages.

Every value is a str, int, float, bool, None, list or dict: `json.dumps` takes the result as it
is. Dates are ISO strings ("2026-06-01"); statuses are their values ("met", "not_met",
"expiring", "unknown").
"""

from __future__ import annotations

from typing import Any

from academy.enums import label
from academy.pathway.rules import RuleSet
from academy.pathway.verdicts import (
    DriverPathway,
    Evidence,
    LicenceGradeVerdict,
    Progress,
    RequirementVerdict,
    StageVerdict,
)
from academy.pathway.wording import format_date, number

Verdict = DriverPathway | StageVerdict | RequirementVerdict | LicenceGradeVerdict


def verdict_to_dict(verdict: Verdict) -> dict[str, Any]:
    """Any verdict the engine returns, as a JSON-ready dict."""
    if isinstance(verdict, DriverPathway):
        return pathway_to_dict(verdict)
    if isinstance(verdict, StageVerdict):
        return stage_to_dict(verdict)
    if isinstance(verdict, RequirementVerdict):
        return requirement_to_dict(verdict)
    if isinstance(verdict, LicenceGradeVerdict):
        return licence_grade_to_dict(verdict)
    raise TypeError(f"not a pathway verdict: {type(verdict).__name__}")


def evidence_to_dict(evidence: Evidence) -> dict[str, Any]:
    return {
        "kind": evidence.kind,
        "id": evidence.id,
        "on": evidence.on.isoformat() if evidence.on else None,
        "detail": evidence.detail,
    }


def progress_to_dict(progress: Progress | None) -> dict[str, Any] | None:
    if progress is None:
        return None
    return {"have": progress.have, "need": progress.need, "unit": progress.unit}


def requirement_to_dict(verdict: RequirementVerdict) -> dict[str, Any]:
    return {
        "id": verdict.requirement_id,
        "label": verdict.label,
        "kind": verdict.kind,
        "source": verdict.source,
        "status": verdict.status.value,
        "met": verdict.met,
        "evidence": [evidence_to_dict(item) for item in verdict.evidence],
        "missing": verdict.missing,
        "progress": progress_to_dict(verdict.progress),
        "notes": list(verdict.notes),
        "note": verdict.note,
        "policy": verdict.policy,
        "unconfirmed": verdict.unconfirmed,
    }


def stage_to_dict(stage: StageVerdict) -> dict[str, Any]:
    return {
        "key": stage.key,
        "name": stage.name,
        "description": stage.description,
        "status": stage.status.value,
        "reached": stage.reached,
        "reached_on": stage.reached_on.isoformat() if stage.reached_on else None,
        "reached_by": [evidence_to_dict(item) for item in stage.reached_by],
        "held": stage.held,
        "not_held": list(stage.not_held),
        "requirements": [requirement_to_dict(item) for item in stage.requirements],
    }


def _whose(verdict: DriverPathway | LicenceGradeVerdict) -> dict[str, Any]:
    """Whose verdict, under which rule set, on which day: the head of every driver's answer."""
    return {
        "driver_id": verdict.driver_id,
        "rule_set": {"key": verdict.rule_set_key, "version": verdict.rule_set_version},
        "as_of": verdict.as_of.isoformat(),
    }


def pathway_to_dict(pathway: DriverPathway) -> dict[str, Any]:
    return {
        **_whose(pathway),
        "current_stage": pathway.current_stage,
        "next_stage": pathway.next_stage,
        "notices": list(pathway.notices),
        "stages": [stage_to_dict(stage) for stage in pathway.stages],
    }


def licence_grade_to_dict(verdict: LicenceGradeVerdict) -> dict[str, Any]:
    return {
        **_whose(verdict),
        "grade": verdict.grade.value,
        "grade_label": label(verdict.grade),
        "description": verdict.description,
        "status": verdict.status.value,
        "eligible": verdict.eligible,
        "requirements": [requirement_to_dict(item) for item in verdict.requirements],
    }


def rule_set_summary(rule_set: RuleSet) -> dict[str, Any]:
    """Which rule set a verdict used, for page headers and API listings."""
    return {
        "key": rule_set.key,
        "name": rule_set.name,
        "version": rule_set.version,
        "season": rule_set.season,
        "effective_from": rule_set.effective_from.isoformat(),
        "stages": [{"key": stage.key, "name": stage.name} for stage in rule_set.stages],
        "licence_grades": [entry.grade.value for entry in rule_set.licence_grades],
    }


_MARKS = {"met": "[met]", "expiring": "[expiring]", "not_met": "[not met]", "unknown": "[unknown]"}


def _requirement_lines(verdict: RequirementVerdict) -> list[str]:
    flags = [
        flag
        for flag, on in (("policy", verdict.policy), ("unconfirmed", verdict.unconfirmed))
        if on
    ]
    flagged = f" ({', '.join(flags)})" if flags else ""
    progress = ""
    if verdict.progress is not None:
        progress = (
            f" {number(verdict.progress.have)}/{number(verdict.progress.need)} "
            f"{verdict.progress.unit}"
        )
    lines = [f"    {_MARKS[verdict.status.value]:<11} {verdict.label}{progress}{flagged}"]
    if verdict.missing:
        lines.append(f"                missing: {verdict.missing}")
    lines.extend(f"                note: {note}" for note in verdict.notes)
    return lines


def pathway_lines(pathway: DriverPathway) -> list[str]:
    """The pathway as plain text lines, for the `pathway evaluate DRIVER` command without --json."""
    current = pathway.current.name if pathway.current else "none yet"
    following = pathway.next.name if pathway.next else "none (every stage reached)"
    lines = [
        f"Driver {pathway.driver_id}: rule set {pathway.rule_set_key} {pathway.rule_set_version}, "
        f"as of {format_date(pathway.as_of)}",
        f"Current stage: {current}. Next stage: {following}.",
    ]
    lines.extend(pathway.notices)
    for stage in pathway.stages:
        mark = _MARKS[stage.status.value] if stage.reached_on is None else "[reached]"
        lines.append(f"{mark:<11} {stage.name}")
        if stage.reached_on is not None:
            lines.append(f"            {milestone_words(stage)}")
        for verdict in stage.requirements:
            lines.extend(_requirement_lines(verdict))
    return lines


def milestone_words(stage: StageVerdict) -> str:
    """'Reached on 3 March 2025' and, when something that must hold no longer does,
    'reached, not held now: ...'."""
    if stage.reached_on is None:
        return ""
    reached = f"Reached on {format_date(stage.reached_on)}"
    if stage.held:
        return reached
    missing = "; ".join(stage.not_held) or "a requirement that must hold is not met"
    return f"{reached}; reached, not held now: {missing}"


def licence_grade_lines(verdict: LicenceGradeVerdict) -> list[str]:
    state = "may apply" if verdict.eligible else "may not apply yet"
    lines = [
        f"Driver {verdict.driver_id}: {label(verdict.grade)} licence, {state} "
        f"(as of {format_date(verdict.as_of)})"
    ]
    for requirement in verdict.requirements:
        lines.extend(_requirement_lines(requirement))
    return lines


def scouting_pathway_to_dict(pathway: DriverPathway) -> dict[str, Any]:
    """What the scouting view shows a team principal, and nothing more: stages reached and how
    many requirements each has met. No evidence (result and grade ids, scores), no licence or
    medical dates, no notes: the driver consented to scouting, not to their file."""
    return {
        **_whose(pathway),
        "current_stage": pathway.current_stage,
        "next_stage": pathway.next_stage,
        "stages": [
            {
                "key": stage.key,
                "name": stage.name,
                "reached": stage.reached,
                "requirements_met": stage.met_count,
                "requirements": len(stage.requirements),
            }
            for stage in pathway.stages
        ],
    }
