from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from academy.licensing.workflow import Action


class NewApplicationForm(FlaskForm):
    target_grade = SelectField("Licence grade applied for", validators=[DataRequired()])
    asn = StringField(
        "ASN (the national sporting authority that issues it)",
        validators=[DataRequired(), Length(max=100)],
    )
    comment = TextAreaField("Comment", validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Create draft application")


class ActionForm(FlaskForm):
    """One workflow step; `version` is the application's version the user saw."""

    version = HiddenField()
    comment = TextAreaField("Comment", validators=[Optional(), Length(max=2000)])
    override_reason = TextAreaField(
        "Override: why go ahead although the rules are not met",
        validators=[Optional(), Length(max=2000)],
    )


class GrantForm(ActionForm):
    number = StringField("Licence number", validators=[DataRequired(), Length(max=50)])
    issued_on = DateField("Issued on", validators=[DataRequired()])
    expires_on = DateField("Expires on", validators=[Optional()])


def form_for(action: Action) -> type[ActionForm]:
    return GrantForm if action is Action.GRANT else ActionForm


class WithdrawForm(FlaskForm):
    """The CSRF token of withdrawing a draft."""

    submit = SubmitField("Withdraw this draft")
