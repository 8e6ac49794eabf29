from __future__ import annotations

from flask_wtf import FlaskForm
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
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from academy.clock import academy_today
from academy.enums import Categorisation, LicenceGrade, RaceClass, ResultStatus, label
from academy.imports.values import parse_car_number, parse_duration_ms

MAX_SEATS = 5


def add_error(field: Field, message: str) -> None:
    field.errors = [*field.errors, message]


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


def _enum_choices(members, empty: str | None = None) -> list[SelectChoice]:
    choices = [SelectChoice("", empty)] if empty is not None else []
    return choices + [SelectChoice(member.value, label(member)) for member in members]


class DriverForm(FlaskForm):
    legal_name = StringField("Legal name", validators=[DataRequired(), Length(max=300)])
    native_name = StringField("Name in native script", validators=[Optional(), Length(max=300)])
    romanised_name = StringField("Romanisation", validators=[Optional(), Length(max=300)])
    nationality = StringField(
        "Nationality (3 letters)",
        validators=[
            DataRequired(),
            Regexp(r"^[A-Za-z]{3}$", message="Three letters, like JPN, THA or FRA."),
        ],
    )
    date_of_birth = DateField("Date of birth", validators=[Optional()])
    categorisation = SelectField(
        "FIA categorisation", choices=_enum_choices(Categorisation, "not categorised")
    )
    categorisation_review_on = DateField("Categorisation review on", validators=[Optional()])
    cohort_id = SelectField("Cohort", coerce=int, choices=[])
    coach_id = SelectField("Coach", coerce=int, choices=[])
    user_id = SelectField("Driver account", coerce=int, choices=[])
    biography = TextAreaField("Biography", validators=[Optional(), Length(max=5000)])
    submit = SubmitField("Save driver")

    def validate_date_of_birth(self, field: Field) -> None:
        if field.data is not None and field.data >= academy_today():
            raise ValidationError("The date of birth must be in the past.")


class LicenceForm(FlaskForm):
    grade = SelectField("Grade", choices=_enum_choices(LicenceGrade), validators=[DataRequired()])
    asn = StringField("Issuing ASN", validators=[DataRequired(), Length(max=100)])
    number = StringField("Licence number", validators=[DataRequired(), Length(max=50)])
    issued_on = DateField("Issued on", validators=[InputRequired()])
    expires_on = DateField("Expires on", validators=[InputRequired()])
    submit = SubmitField("Save licence")

    def validate_expires_on(self, field: Field) -> None:
        if field.data and self.issued_on.data and field.data < self.issued_on.data:
            raise ValidationError("A licence cannot expire before it is issued.")


class MedicalForm(FlaskForm):
    issued_on = DateField("Examined on", validators=[InputRequired()])
    expires_on = DateField("Valid until", validators=[InputRequired()])
    examiner = StringField("Examiner", validators=[Optional(), Length(max=200)])
    submit = SubmitField("Save medical certificate")

    def validate_expires_on(self, field: Field) -> None:
        if field.data and self.issued_on.data and field.data < self.issued_on.data:
            raise ValidationError("A certificate cannot expire before the examination.")


class ConsentForm(FlaskForm):
    consent_scouting = BooleanField(
        "Team principals and scouts may see my scouting profile and download my scouting dossier"
    )
    consent_sponsor = BooleanField("The academy may send my sponsor dossier to sponsors")
    submit = SubmitField("Save my choices")


class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Search", validators=[Optional(), Length(max=200)])
    cohort = SelectField("Cohort", coerce=int, choices=[], validate_choice=False)
    category = SelectField(
        "Category", choices=_enum_choices(Categorisation, "any"), validate_choice=False
    )
    coach = SelectField("Coach", coerce=int, choices=[], validate_choice=False)


class ResultForm(FlaskForm):
    """A car's result in one race and this driver's part in it."""

    event_id = SelectField("Race", coerce=int, choices=[])
    car_number = StringField("Car number", validators=[DataRequired(), Length(max=10)])
    team = StringField("Team", validators=[DataRequired(), Length(max=200)])
    car = StringField("Car", validators=[Optional(), Length(max=200)])
    race_class = SelectField(
        "Class",
        choices=_enum_choices(RaceClass, "choose…"),
        validators=[DataRequired(message="Choose the class.")],
    )
    status = SelectField("Status", choices=_enum_choices(ResultStatus), validators=[DataRequired()])
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


def cohort_choices(cohorts) -> list[SelectChoice]:  # noqa: ANN001
    return [SelectChoice(0, "no cohort")] + [SelectChoice(c.id, c.name) for c in cohorts]


def user_choices(users, empty: str) -> list[SelectChoice]:  # noqa: ANN001
    return [SelectChoice(0, empty)] + [SelectChoice(u.id, u.display_name) for u in users]
