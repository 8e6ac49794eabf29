"""The session log, the correction form and the rubric forms.

The grade fields depend on the rubric, so the session forms are built per request:
`score_<competency id>` (a 1-10 select, blank = not assessed) and `comment_<competency id>`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from academy.coaching import validation
from academy.enums import SessionType, label
from academy.formatting import format_date
from academy.models import SCORE_MAX, SCORE_MIN, Circuit, Competency, Driver

SCORE_CHOICES = [SelectChoice("", "–")] + [
    SelectChoice(str(score), str(score)) for score in range(SCORE_MIN, SCORE_MAX + 1)
]
SESSION_TYPE_CHOICES = [SelectChoice(kind.value, label(kind)) for kind in SessionType]
CONDITIONS_SUGGESTIONS = ["dry", "dry, hot", "damp", "wet", "dry, night", "wet, night", "simulated"]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SessionFields(FlaskForm):
    held_on = DateField("Date", validators=[InputRequired(message="Give the date of the session.")])
    session_type = SelectField("Type", choices=SESSION_TYPE_CHOICES, validators=[InputRequired()])
    circuit_id = SelectField("Circuit", validate_choice=False)
    simulator_title = StringField("Simulator", validators=[Length(max=150)])
    laps = IntegerField(
        "Laps",
        validators=[
            Optional(),
            NumberRange(min=0, max=2000, message="Laps go from 0 to 2,000."),
        ],
        render_kw={"inputmode": "numeric", "min": "0"},
    )
    best_lap = StringField(
        "Best lap",
        validators=[Length(max=12)],
        render_kw={"placeholder": "1:45.123", "inputmode": "decimal", "autocomplete": "off"},
    )
    conditions = StringField(
        "Conditions", validators=[Length(max=100)], render_kw={"list": "conditions-list"}
    )
    night = BooleanField("Driven in the dark")
    # The Le Mans rookie simulator day must be on a simulator the ACO approved.
    aco_approved = BooleanField("On an ACO-approved simulator")
    notes = TextAreaField("Notes", validators=[Length(max=5000)])

    # Set by `build_session_form`: the grades on the form (active competencies), the whole
    # rubric (to name a retired competency someone tries to grade), the circuits, and the
    # problems that belong to no single field.
    competencies: Sequence[Competency] = ()
    all_competencies: Sequence[Competency] = ()
    circuits_by_id: dict[int, Circuit]
    problems: list[str]

    def grade_fields(self) -> list[tuple[Competency, Any, Any]]:
        return [(c, self[f"score_{c.id}"], self[f"comment_{c.id}"]) for c in self.competencies]

    def circuit(self) -> Circuit | None:
        value = self.circuit_id.data or ""
        return self.circuits_by_id.get(int(value)) if value.isdigit() else None

    def best_lap_ms(self) -> int | None:
        """The parsed best lap (call after `check`, which reports a malformed one)."""
        try:
            return validation.parse_lap_time(self.best_lap.data or "")
        except validation.LapTimeFormatError:
            return None

    def scores(self) -> dict[int, tuple[int | None, str]]:
        """competency id -> (score or None when not assessed, comment)."""
        result = {}
        for competency, score, comment in self.grade_fields():
            value = (score.data or "").strip()
            result[competency.id] = (
                int(value) if value.isdigit() else None,
                (comment.data or "").strip(),
            )
        return result

    def check(self, as_of: date, posted: dict[str, str]) -> bool:
        """The rules across fields, after the field validators. Adds errors; True if none."""
        self.problems = self._retired_grades(posted)
        for competency, score, _comment in self.grade_fields():
            value = (score.data or "").strip()
            if value and not (value.isdigit() and SCORE_MIN <= int(value) <= SCORE_MAX):
                score.errors.append(
                    f"{competency.name}: grades go from {SCORE_MIN} to {SCORE_MAX} "
                    f"(got “{value}”); leave it blank if not assessed."
                )
        if self.held_on.data is not None:
            self._add(validation.date_problems(self.held_on.data, as_of))
        if self.session_type.errors:
            return False
        session_type = SessionType(self.session_type.data)
        circuit = self.circuit()
        if (self.circuit_id.data or "") and circuit is None:
            self.circuit_id.errors.append("Choose a circuit from the list.")
        self._add(
            validation.place_problems(
                session_type, circuit is not None, self.simulator_title.data or ""
            )
        )
        try:
            best_lap_ms = validation.parse_lap_time(self.best_lap.data or "")
        except validation.LapTimeFormatError as error:
            self.best_lap.errors.append(str(error))
        else:
            if not self.laps.errors:
                self._add(
                    validation.lap_problems(
                        session_type,
                        self.laps.data,
                        best_lap_ms,
                        circuit.name if circuit else None,
                        circuit.length_km if circuit else None,
                    )
                )
        return not self.errors and not self.problems

    def _add(self, problems: list[validation.Problem]) -> None:
        for name, message in problems:
            self[name].errors.append(message)

    def _retired_grades(self, posted: dict[str, str]) -> list[str]:
        """A grade sent for a competency that is not on the form: retired, or unknown."""
        on_form = {f"score_{c.id}" for c in self.competencies}
        retired = {f"score_{c.id}": c for c in self.all_competencies if c.retired}
        problems = []
        for name, value in posted.items():
            if not name.startswith("score_") or name in on_form or not value.strip():
                continue
            if name in retired:
                problems.append(
                    f"{retired[name].name} is retired from the rubric: it takes no new grades."
                )
            else:
                problems.append(
                    f"There is no competency “{name.removeprefix('score_')}” in the rubric."
                )
        return problems


class LogSessionForm(SessionFields):
    drivers = MultiCheckboxField(
        "Drivers",
        coerce=int,
        validate_choice=False,
        validators=[DataRequired(message="Tick at least one driver.")],
    )
    submit = SubmitField("Log session")

    chosen_drivers: list[Driver]


class EditSessionForm(SessionFields):
    version = HiddenField()
    # What the form showed when the editor opened it (JSON), to tell their changes apart.
    original = HiddenField()
    correction_reason = TextAreaField(
        "Why are you correcting it?",
        validators=[Length(max=1000)],
        render_kw={"rows": 2},
    )
    submit = SubmitField("Save correction")


def build_session_form(
    base: type[SessionFields],
    competencies: Sequence[Competency],
    circuits: Sequence[Circuit],
    *,
    editable: Sequence[Competency] | None = None,
    **kwargs: Any,
) -> SessionFields:
    """A session form with one score and comment per active competency."""
    active = [c for c in (editable if editable is not None else competencies) if not c.retired]

    class Form(base):  # type: ignore[valid-type, misc]
        pass

    for competency in active:
        setattr(
            Form,
            f"score_{competency.id}",
            SelectField(competency.name, choices=SCORE_CHOICES, validate_choice=False, default=""),
        )
        setattr(
            Form,
            f"comment_{competency.id}",
            StringField(
                f"Comment on {competency.name.lower()}",
                validators=[Length(max=500)],
                render_kw={"placeholder": "comment (optional)"},
            ),
        )
    form = Form(**kwargs)
    form.competencies = active
    form.all_competencies = list(competencies)
    form.circuits_by_id = {circuit.id: circuit for circuit in circuits}
    form.circuit_id.choices = [SelectChoice("", "–")] + [
        SelectChoice(str(circuit.id), circuit.name) for circuit in circuits
    ]
    form.problems = []
    return form


def driver_choices(drivers: Sequence[Driver]) -> list[SelectChoice]:
    return [SelectChoice(driver.id, driver.display_name) for driver in drivers]


class CompetencyForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    description = TextAreaField(
        "What it covers", validators=[Length(max=2000)], render_kw={"rows": 2}
    )
    level_guide = TextAreaField(
        "What the levels mean (1-10)", validators=[Length(max=4000)], render_kw={"rows": 6}
    )
    position = IntegerField(
        "Position in the rubric",
        validators=[InputRequired(), NumberRange(min=1, max=999)],
        render_kw={"inputmode": "numeric"},
    )
    submit = SubmitField("Save")


class DeleteSessionForm(FlaskForm):
    """Taking back a wrongly logged session: the reason goes to the audit log."""

    reason = TextAreaField(
        "Why delete this session",
        validators=[
            DataRequired(message="Say why: the audit log keeps the reason."),
            Length(max=500),
        ],
    )
    submit = SubmitField("Delete the session")


class PlanSessionForm(FlaskForm):
    """A session put on the calendar ahead of its day: no laps, no grades (those come when the
    coach records it, on or after the day)."""

    planned_on = DateField(
        "Date", validators=[InputRequired(message="Give the day of the session.")]
    )
    starts_at = TimeField("Starts at", validators=[Optional()])
    ends_at = TimeField("Ends at", validators=[Optional()])
    drivers = MultiCheckboxField(
        "Drivers",
        coerce=int,
        validate_choice=False,
        validators=[DataRequired(message="Tick at least one driver.")],
    )
    session_type = SelectField("Type", choices=SESSION_TYPE_CHOICES, validators=[InputRequired()])
    circuit_id = SelectField("Circuit", validate_choice=False)
    simulator_title = StringField("Simulator", validators=[Length(max=150)])
    notes = TextAreaField("Notes", validators=[Length(max=5000)])
    submit = SubmitField("Plan session")

    circuits_by_id: dict[int, Circuit]
    chosen_drivers: list[Driver]

    def set_circuits(self, circuits: Sequence[Circuit]) -> None:
        self.circuits_by_id = {circuit.id: circuit for circuit in circuits}
        self.circuit_id.choices = [SelectChoice("", "–")] + [
            SelectChoice(str(circuit.id), circuit.name) for circuit in circuits
        ]

    def circuit(self) -> Circuit | None:
        value = self.circuit_id.data or ""
        return self.circuits_by_id.get(int(value)) if value.isdigit() else None

    def check(self, today: date) -> bool:
        """The rules across fields, after the field validators. Adds errors; True if none."""
        if self.planned_on.data is not None and self.planned_on.data < today:
            self.planned_on.errors.append(
                f"{format_date(self.planned_on.data)} has passed (today is {format_date(today)}): "
                "log a session that was held instead of planning it."
            )
        if self.ends_at.data is not None:
            if self.starts_at.data is None:
                self.ends_at.errors.append("Give the start time too, or leave the end empty.")
            elif self.ends_at.data <= self.starts_at.data:
                self.ends_at.errors.append("The session ends after it starts.")
        if (self.circuit_id.data or "") and self.circuit() is None:
            self.circuit_id.errors.append("Choose a circuit from the list.")
        if not self.session_type.errors:
            for name, message in validation.place_problems(
                SessionType(self.session_type.data),
                self.circuit() is not None,
                self.simulator_title.data or "",
            ):
                self[name].errors.append(message)
        return not self.errors


class CancelPlanForm(FlaskForm):
    reason = TextAreaField(
        "Why is it cancelled",
        validators=[
            DataRequired(message="Say why: the audit log keeps the reason."),
            Length(max=500),
        ],
        render_kw={"rows": 2},
    )
    submit = SubmitField("Cancel the session")
