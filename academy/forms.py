"""Form helpers every area uses: the form of a one-button action, an error added after
validation, enum members as choices."""

from __future__ import annotations

import enum
from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import Field, SubmitField
from wtforms.fields.choices import SelectChoice

from academy.enums import label


class ConfirmForm(FlaskForm):
    """An empty form: the CSRF token of a one-button action (generate, revoke, remove...)."""

    submit = SubmitField("Confirm")


def add_error(field: Field, message: str) -> None:
    field.errors = [*field.errors, message]


def enum_choices(members: Iterable[enum.Enum], empty: str | None = None) -> list[SelectChoice]:
    """The members as select choices in their words, after an empty choice if one is named."""
    choices = [SelectChoice("", empty)] if empty is not None else []
    return choices + [SelectChoice(member.value, label(member)) for member in members]
