"""valid_medical: a medical certificate valid on the day (one that runs out within warn_days is
"expiring")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from academy.pathway import wording as words
from academy.pathway.checks import Check, CheckContext, DriverView, Finding, expiry_finding
from academy.pathway.facts import DriverFacts, MedicalFact
from academy.pathway.kinds import Kind, register
from academy.pathway.kinds._horizon import expiries
from academy.pathway.reading import MAX_WARN_DAYS, Reader
from academy.pathway.rules import Requirement
from academy.pathway.verdicts import Evidence, RequirementVerdict, Status, new_evidence, new_verdict
from academy.validity import valid_on


@dataclass(frozen=True, slots=True)
class ValidMedical:
    warn_days: int


def read(reader: Reader, raw: dict[str, Any], where: str, depth: int) -> ValidMedical:
    warn = reader.integer(
        raw,
        "warn_days",
        where,
        required=False,
        maximum=MAX_WARN_DAYS,
        default=reader.default_warn_days,
    )
    return ValidMedical(warn_days=warn or 0)


def medical_evidence(medical: MedicalFact) -> Evidence:
    detail = f"valid until {words.format_date(medical.expires_on)}" if medical.expires_on else ""
    return new_evidence("medical", medical.id, medical.issued_on, detail)


class ValidMedicalCheck(Check):
    __slots__ = ("params", "memo_key")

    def __init__(self, requirement: Requirement, context: CheckContext):
        assert isinstance(requirement.params, ValidMedical)
        self.params = requirement.params
        self.memo_key = ("medical", self.params.warn_days)
        super().__init__(requirement, context)

    def describe(self) -> str:
        return "Valid medical certificate"

    def evaluate(self, view: DriverView) -> RequirementVerdict:
        finding = view.memo.get(self.memo_key)
        if finding is None:
            finding = view.memo[self.memo_key] = self.find(view.facts.medicals)
        status, evidence, missing = finding
        if evidence:  # the driver's own certificate in it: a verdict of its own
            return new_verdict(self.requirement, status, evidence, missing)
        return self.verdict(status, missing=missing)

    def find(self, medicals: tuple[MedicalFact, ...]) -> Finding:
        as_of = self.as_of
        issued = [m for m in medicals if m.issued_on is None or m.issued_on <= as_of]
        valid = [m for m in issued if valid_on(m, as_of)]
        if valid:
            best = max(valid, key=lambda medical: (medical.expires_on, medical.id))
            assert best.expires_on is not None
            return expiry_finding(
                best.expires_on,
                as_of,
                self.params.warn_days,
                medical_evidence(best),
                "medical certificate",
            )
        if any(medical.expires_on is None for medical in issued):
            return (
                Status.UNKNOWN,
                (),
                "unknown: your medical certificate has no expiry date recorded",
            )
        if issued:
            last = max(issued, key=lambda medical: (medical.expires_on, medical.id))
            assert last.expires_on is not None
            reason = f"yours expired on {words.format_date(last.expires_on)}"
        else:
            reason = "none recorded"
        missing = f"a medical certificate valid on {words.format_date(as_of)} ({reason})"
        return Status.NOT_MET, (), missing


def horizon(
    verdict: RequirementVerdict, facts: DriverFacts, as_of: date, memo: dict[Any, Any]
) -> Iterable[date]:
    return expiries(facts.medicals, verdict.requirement.params.warn_days, as_of)


register(
    Kind(
        name="valid_medical",
        params=ValidMedical,
        fields=frozenset({"warn_days"}),
        read=read,
        check=ValidMedicalCheck,
        horizon=horizon,
        listed=30,
    )
)
