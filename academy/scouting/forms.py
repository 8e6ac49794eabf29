from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional, ValidationError

from academy.enums import Categorisation, LicenceGrade, RaceClass, label
from academy.pathway.rules import RuleSet

ANY = SelectChoice("", "Any")


class FilterForm(FlaskForm):
    """The portal's filters, read from the query string (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    category = SelectField(
        "FIA category",
        choices=[ANY, *(SelectChoice(c.value, label(c)) for c in Categorisation)],
        default="",
    )
    licence = SelectField(
        "Licence grade (at least)",
        choices=[ANY, *(SelectChoice(g.value, label(g)) for g in LicenceGrade)],
        default="",
    )
    race_class = SelectField(
        "Has raced in class",
        choices=[ANY, *(SelectChoice(c.value, label(c)) for c in RaceClass)],
        default="",
    )
    stage = SelectField("Pathway stage reached", choices=[ANY], default="")
    q = SearchField("Name", description="Any name form: 佐藤 蓮, sato, SATO REN")
    nationality = SelectField("Nationality", choices=[ANY], default="")
    min_age = IntegerField(
        "Age from",
        validators=[Optional(), NumberRange(min=10, max=80, message="Write an age from 10 to 80.")],
    )
    max_age = IntegerField(
        "Age to",
        validators=[Optional(), NumberRange(min=10, max=80, message="Write an age from 10 to 80.")],
    )

    def set_stages(self, rule_set: RuleSet) -> None:
        self.stage.choices = [ANY, *(SelectChoice(s.key, s.name) for s in rule_set.stages)]

    def set_nationalities(self, codes: list[str]) -> None:
        self.nationality.choices = [ANY, *(SelectChoice(code, code) for code in codes)]

    def validate_max_age(self, field) -> None:
        low, high = self.min_age.data, field.data
        if low is not None and high is not None and high < low and not self.min_age.errors:
            raise ValidationError(f'Write an age from {low} up, or lower "Age from".')
