from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField


class EmailSettingsForm(FlaskForm):
    """One box per kind of e-mail; ticked means "send it to me"."""

    expiry_reminder = BooleanField("Reminders before a licence or medical runs out")
    application_update = BooleanField("News about licence applications I am part of")
    weekly_digest = BooleanField("A weekly digest of my inbox")
    submit = SubmitField("Save")
