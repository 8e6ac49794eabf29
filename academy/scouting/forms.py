from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

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

    def set_stages(self, rule_set: RuleSet) -> None:
        self.stage.choices = [ANY, *(SelectChoice(s.key, s.name) for s in rule_set.stages)]
