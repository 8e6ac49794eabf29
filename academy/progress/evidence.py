"""Evidence in words: which result or session counted, named as a person would name it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from academy.enums import ResultStatus, label, status_words
from academy.formatting import format_date, format_duration_ms
from academy.pathway.facts import DriverFacts
from academy.pathway.verdicts import Evidence

# (kind, id) -> a link to where the fact is recorded, or None.
Linker = Callable[[str, int], str | None]


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    text: str
    on: date | None
    href: str | None
    day: str  # the date as the page prints it, "8 February 2026" ("" without a date)


def place_words(status: ResultStatus, position_in_class: int | None) -> str:
    """Where a car finished, in words: "P2 in class" when classified with a class position,
    otherwise its status ("Did not finish")."""
    if status is ResultStatus.CLASSIFIED and position_in_class:
        return f"P{position_in_class} in class"
    return status_words(status)


class EvidenceNames:
    """Names every piece of evidence of one driver's verdicts from the facts loaded: the one
    wording of evidence, used by the progress page and the dossier PDF alike (``text`` for the
    words, ``line`` for the words with the day as people read it, ``dated`` for both in one)."""

    def __init__(
        self, facts: DriverFacts, session_labels: dict[int, str], link: Linker = lambda *_: None
    ) -> None:
        self.results = {result.id: result for result in facts.results}
        self.sessions = {session.id: session for session in facts.sessions}
        self.session_labels = session_labels
        self.link = link
        # One race or session counts towards several requirements: named once.
        self._named: dict[Evidence, EvidenceLine] = {}

    def line(self, evidence: Evidence) -> EvidenceLine:
        named = self._named.get(evidence)
        if named is None:
            on = evidence.on
            named = self._named[evidence] = EvidenceLine(
                self.text(evidence),
                on,
                self.link(evidence.kind, evidence.id),
                format_date(on) if on is not None else "",
            )
        return named

    def dated(self, evidence: Evidence) -> str:
        """The words after the day, as a PDF prints them: "8 February 2026: ALMS round 1 · …"."""
        named = self.line(evidence)
        return f"{named.day}: {named.text}" if named.day else named.text

    def lines(self, evidence: tuple[Evidence, ...], limit: int | None = None) -> list[EvidenceLine]:
        """The lines in the engine's order (oldest first); with a limit, the most recent only."""
        if limit is not None and len(evidence) > limit:
            evidence = evidence[len(evidence) - limit :]
        return [self.line(item) for item in evidence]

    def text(self, evidence: Evidence) -> str:
        if evidence.kind == "result" and evidence.id in self.results:
            result = self.results[evidence.id]
            parts = [
                result.event_name or result.series_code,
                label(result.race_class),
                place_words(result.status, result.position_in_class),
            ]
            if result.drive_time_seconds is not None:
                parts.append(f"{format_duration_ms(result.drive_time_seconds * 1000)} driven")
            else:
                parts.append("no drive time recorded")
            if result.night:
                parts.append("night running")
            return " · ".join(parts)
        if evidence.kind in ("session", "grade") and evidence.id in self.sessions:
            session = self.sessions[evidence.id]
            parts = [label(session.session_type)]
            title = self.session_labels.get(session.id)
            if title:
                parts[0] += f": {title}"
            if evidence.kind == "grade":
                return f"Coach grade: {evidence.detail}, in a {parts[0]} session"
            if session.laps is not None:
                parts.append(f"{session.laps} laps")
            if session.night:
                parts.append("at night")
            return " · ".join(parts)
        if evidence.kind in ("licence", "medical"):
            what = "Licence" if evidence.kind == "licence" else "Medical certificate"
            return f"{what}: {evidence.detail}" if evidence.detail else what
        return evidence.detail or f"{evidence.kind} {evidence.id}"
