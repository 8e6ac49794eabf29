from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wtforms import Form, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from academy.enums import Categorisation, RaceClass, label
from academy.models import Cohort
from academy.progress.board import BOARD_STATUSES

NOT_CATEGORISED = "none"


class BoardFilterForm(Form):
    """The board's filters, read from the query string (a GET form: nothing changes)."""

    scope = SelectField(
        "Drivers",
        choices=[SelectChoice("mine", "My drivers"), SelectChoice("all", "All drivers")],
        default="mine",
    )
    cohort = SelectField("Cohort", default="")
    categorisation = SelectField("Category", default="")
    race_class = SelectField("Class (latest race)", default="")
    status = SelectField("Status", default="")
    as_of = StringField("As of", default="")

    def __init__(self, formdata: Any, *, cohorts: Iterable[Cohort], coach: bool) -> None:
        super().__init__(formdata)
        if not coach:
            del self.scope
        self.cohort.choices = [SelectChoice("", "All cohorts")] + [
            SelectChoice(str(cohort.id), cohort.name) for cohort in cohorts
        ]
        self.categorisation.choices = (
            [SelectChoice("", "All categories")]
            + [SelectChoice(member.value, label(member)) for member in Categorisation]
            + [SelectChoice(NOT_CATEGORISED, "Not categorised")]
        )
        self.race_class.choices = [SelectChoice("", "All classes")] + [
            SelectChoice(member.value, label(member)) for member in RaceClass
        ]
        self.status.choices = [SelectChoice("", "Any status")] + [
            SelectChoice(value, text) for value, text in BOARD_STATUSES.items()
        ]

    def valid(self, name: str) -> str:
        """A filter's value, or "" when absent or not one of the choices (its error shows)."""
        field = self._fields.get(name)
        if field is None or field.errors:
            return ""
        return field.data or ""
