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
    TextAreaField,
    TimeField,
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

from academy.enums import RaceClass, ResultStatus
from academy.forms import add_error, enum_choices
from academy.results.timing.parsed import MAX_SEATS
from academy.results.timing.values import parse_car_number, parse_duration_ms

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
    start_time = TimeField("Start time at the circuit (optional)", validators=[Optional()])
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


def format_input_ms(ms: int) -> str:
    """Milliseconds as a person types them: 1:45.123, or 2:05:00.000 from an hour up."""
    minutes, rest = divmod(ms, 60_000)
    seconds, millis = divmod(rest, 1000)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}.{millis:03d}"
    return f"{minutes}:{seconds:02d}.{millis:03d}"


class DurationField(StringField):
    """A time typed as 1:45.123, 2:05:00 or 41.5, kept as milliseconds in `data`."""

    def __init__(self, *args, positive: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.positive = positive

    def process_formdata(self, valuelist: list[str]) -> None:
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not text:
            return
        try:
            value = parse_duration_ms(text)
        except ValueError as error:
            message = str(error)
            raise ValueError(
                f"{message[0].upper()}{message[1:]}: write it like 1:45.123 or 2:05:00."
            ) from None
        if self.positive and value == 0:
            raise ValueError("A lap time must be more than zero.")
        self.data = value

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return format_input_ms(self.data) if self.data is not None else ""


class ResultForm(FlaskForm):
    """A car's result in one race and this driver's part in it."""

    event_id = SelectField("Race", coerce=int, choices=[])
    car_number = StringField("Car number", validators=[DataRequired(), Length(max=10)])
    team = StringField("Team", validators=[DataRequired(), Length(max=200)])
    car = StringField("Car", validators=[Optional(), Length(max=200)])
    race_class = SelectField(
        "Class",
        choices=enum_choices(RaceClass, "choose…"),
        validators=[DataRequired(message="Choose the class.")],
    )
    status = SelectField("Status", choices=enum_choices(ResultStatus), validators=[DataRequired()])
    position_overall = IntegerField(
        "Position overall",
        validators=[Optional(), NumberRange(min=1, message="A position is 1 or more.")],
    )
    position_in_class = IntegerField(
        "Position in class",
        validators=[Optional(), NumberRange(min=1, message="A position is 1 or more.")],
    )
    laps = IntegerField(
        "Car's laps",
        validators=[InputRequired(), NumberRange(min=0, max=9999, message="Laps run 0 to 9999.")],
    )
    total_time = DurationField("Car's race time")
    best_lap = DurationField("Car's best lap", positive=True)
    points = DecimalField(
        "Points",
        places=1,
        default=0,
        validators=[InputRequired(), NumberRange(min=0, max=9999, message="Points run 0 to 9999.")],
    )
    seat = IntegerField(
        "Seat (driver 1-5)",
        default=1,
        validators=[
            InputRequired(),
            NumberRange(min=1, max=MAX_SEATS, message="A car has seats 1 to 5."),
        ],
    )
    drive_time = DurationField("Drive time")
    driver_laps = IntegerField(
        "Driver's laps",
        validators=[Optional(), NumberRange(min=0, max=9999, message="Laps run 0 to 9999.")],
    )
    night_laps = IntegerField(
        "Night laps",
        validators=[Optional(), NumberRange(min=0, max=9999, message="Laps run 0 to 9999.")],
    )
    driver_best_lap = DurationField("Driver's best lap", positive=True)
    co_drivers = TextAreaField(
        "Co-drivers not in the academy (one name per line)",
        validators=[Optional(), Length(max=1200)],
    )
    submit = SubmitField("Save result")

    def validate_event_id(self, field: Field) -> None:
        if not field.data:
            raise ValidationError("Choose the race.")

    def validate_car_number(self, field: Field) -> None:
        try:
            field.data = parse_car_number(field.data or "")
        except ValueError as error:
            raise ValidationError(
                f"{str(error).capitalize()}: digits, maybe one letter (7, 23B)."
            ) from None

    def co_driver_names(self) -> list[str]:
        if self.co_drivers is None:  # the correction form has no co-drivers field
            return []
        names = [" ".join(line.split()) for line in (self.co_drivers.data or "").splitlines()]
        return [name for name in names if name]

    def validate(self, extra_validators=None) -> bool:  # noqa: ANN001 (WTForms signature)
        valid = super().validate(extra_validators)
        before = sum(len(field.errors) for field in self)
        self._check_positions()
        self._check_driver_part()
        names = self.co_driver_names()
        if not names:
            pass
        elif len(names) > MAX_SEATS - 1:
            add_error(self.co_drivers, f"A car has at most {MAX_SEATS} drivers.")
        elif len({name.casefold() for name in names}) != len(names):
            add_error(self.co_drivers, "A co-driver is named twice.")
        elif any(len(name) > 300 for name in names):
            add_error(self.co_drivers, "A name is longer than 300 characters.")
        return valid and sum(len(field.errors) for field in self) == before

    def _check_positions(self) -> None:
        overall, in_class = self.position_overall.data, self.position_in_class.data
        if self.status.data and self.status.data != ResultStatus.CLASSIFIED.value:
            for field in (self.position_overall, self.position_in_class):
                if field.data is not None:
                    add_error(field, "Only a classified car has a position.")
        elif overall is not None and in_class is not None and in_class > overall:
            add_error(
                self.position_in_class, "The class position cannot be behind the overall one."
            )

    def _check_driver_part(self) -> None:
        laps, driver_laps, night_laps = self.laps.data, self.driver_laps.data, self.night_laps.data
        if laps is not None and driver_laps is not None and driver_laps > laps:
            add_error(self.driver_laps, f"More than the car's {laps} laps.")
        if night_laps is not None:
            if driver_laps is None:
                add_error(self.night_laps, "Give the driver's laps too.")
            elif night_laps > driver_laps:
                add_error(self.night_laps, "More night laps than laps.")
        total, drive = self.total_time.data, self.drive_time.data
        if total is not None and drive is not None and drive > total:
            add_error(self.drive_time, "Longer than the car's race time.")
        best, driver_best = self.best_lap.data, self.driver_best_lap.data
        if best is not None and driver_best is not None and driver_best < best:
            add_error(self.driver_best_lap, "Faster than the car's best lap.")
