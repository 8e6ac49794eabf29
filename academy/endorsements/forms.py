from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from academy.enums import EndorsementPurpose, label
from academy.text import search_key

PURPOSE_CHOICES = [SelectChoice(purpose.value, label(purpose)) for purpose in EndorsementPurpose]


class EndorsementForm(FlaskForm):
    purpose = SelectField("Purpose", choices=PURPOSE_CHOICES, validators=[InputRequired()])
    endorsed_on = DateField("Date", validators=[InputRequired(message="Give the date.")])
    text = TextAreaField(
        "Endorsement",
        validators=[
            DataRequired(message="Write the endorsement."),
            Length(max=4000, message="At most 4,000 characters."),
        ],
    )
    signature = StringField(
        "Signature",
        validators=[DataRequired(message="Sign with your name."), Length(max=200)],
    )
    submit = SubmitField("Sign and save")

    def __init__(self, *args, coach_name: str, today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.coach_name = coach_name
        self.today = today

    def validate_endorsed_on(self, field: DateField) -> None:
        if field.data and field.data > self.today:
            raise ValidationError("An endorsement cannot be dated in the future.")

    def validate_signature(self, field: StringField) -> None:
        if field.data and search_key(field.data) != search_key(self.coach_name):
            raise ValidationError(
                f"Sign with your own name as the academy knows it: {self.coach_name}."
            )
