from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    Field,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

# The series of the pathway, offered even before the academy has an event in them.
KNOWN_SERIES = {
    "ALMS": "Asian Le Mans Series",
    "ELMS": "European Le Mans Series",
    "LMC": "Michelin Le Mans Cup",
    "WEC": "FIA World Endurance Championship",
    "LM24": "24 Hours of Le Mans",
}


class EventForm(FlaskForm):
    series = SelectField("Series", choices=[], validators=[DataRequired()])
    season_label = StringField(
        "Season",
        validators=[
            DataRequired(),
            Regexp(r"^\d{4}(-\d{2})?$", message="A year (2026) or a winter season (2025-26)."),
        ],
    )
    round_number = IntegerField(
        "Round",
        validators=[Optional(), NumberRange(min=1, max=99, message="1 to 99.")],
    )
    race_number = IntegerField(
        "Race of the round",
        default=1,
        validators=[InputRequired(), NumberRange(min=1, max=9, message="1 to 9.")],
    )
    circuit_id = SelectField("Circuit", coerce=int, choices=[])
    new_circuit = StringField("New circuit name", validators=[Optional(), Length(max=150)])
    new_circuit_country = StringField(
        "Its country (3 letters)",
        validators=[Optional(), Regexp(r"^[A-Za-z]{3}$", message="Three letters, like MYS.")],
    )
    starts_on = DateField("Race date", validators=[InputRequired()])
    duration_hours = DecimalField(
        "Duration (hours)",
        places=2,
        validators=[
            InputRequired(),
            NumberRange(min=Decimal("0.25"), max=Decimal(48), message="From 0.25 to 48 hours."),
        ],
    )
    night_running = BooleanField("Runs into the night")
    name = StringField("Name (optional)", validators=[Optional(), Length(max=200)])
    submit = SubmitField("Create event")

    def validate_circuit_id(self, field: Field) -> None:
        if not field.data and not (self.new_circuit.data or "").strip():
            raise ValidationError("Choose a circuit, or name a new one below.")

    def validate_new_circuit_country(self, field: Field) -> None:
        if not self.circuit_id.data and (self.new_circuit.data or "").strip() and not field.data:
            raise ValidationError("Give the new circuit's country.")


class UploadForm(FlaskForm):
    event_id = SelectField("Race", coerce=int, choices=[])
    timing_file = FileField(
        "Timing file (CSV)",
        validators=[FileRequired(message="Choose the timing file to import.")],
    )
    submit = SubmitField("Read the file")

    def validate_event_id(self, field: Field) -> None:
        if not field.data:
            raise ValidationError("Choose the race this file is from.")


NEW_CLASS = "__new__"


class ClassQuestionForm(FlaskForm):
    """What an unknown class of a timing file is: a known class it is another name for, or a
    class of its own (then: what it counts as for the pathway)."""

    # Which of the file's unknown classes (by its place in the preview): the label itself is
    # read from the file again, never typed.
    which = IntegerField("Class", validators=[InputRequired(), NumberRange(min=0, max=99)])
    target = SelectField("It is", choices=[], validators=[DataRequired()])
    counts_as = SelectField("A new class that counts as", choices=[], validators=[Optional()])
    submit = SubmitField("Save")


class TeamQuestionForm(FlaskForm):
    """What a team name of a timing file that no team has is: another name of a known team, or
    a new team (with its country)."""

    # Which of the file's unmatched team names (by its place in the preview): the name itself
    # is read from the file again, never typed.
    which = IntegerField("Team", validators=[InputRequired(), NumberRange(min=0, max=999)])
    target = SelectField("It is", choices=[], validators=[DataRequired()])
    country = StringField("Country (new team)", validators=[Optional(), Length(max=3)])
    submit = SubmitField("Save")


class ConfirmImportForm(FlaskForm):
    """The CSRF token of the confirm and cancel buttons."""

    submit = SubmitField("Import")
