from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    Field,
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
    Optional,
    Regexp,
    ValidationError,
)

from academy.clock import academy_today
from academy.enums import Categorisation, LicenceGrade
from academy.forms import enum_choices


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
        "FIA categorisation", choices=enum_choices(Categorisation, "not categorised")
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
    grade = SelectField("Grade", choices=enum_choices(LicenceGrade), validators=[DataRequired()])
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
        "Category", choices=enum_choices(Categorisation, "any"), validate_choice=False
    )
    coach = SelectField("Coach", coerce=int, choices=[], validate_choice=False)


def cohort_choices(cohorts) -> list[SelectChoice]:  # noqa: ANN001
    return [SelectChoice(0, "no cohort")] + [SelectChoice(c.id, c.name) for c in cohorts]


def user_choices(users, empty: str) -> list[SelectChoice]:  # noqa: ANN001
    return [SelectChoice(0, empty)] + [SelectChoice(u.id, u.display_name) for u in users]
