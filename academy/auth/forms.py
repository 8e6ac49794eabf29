from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from academy.auth.passwords import password_problems


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    remember = BooleanField("Keep me signed in on this device")
    submit = SubmitField("Sign in")


class _NewPasswordForm(FlaskForm):
    """A new password for `user`, typed twice, that the password rules accept."""

    new_password = PasswordField("New password", validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("new_password", message="The two do not match.")],
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_new_password(self, field):
        problems = password_problems(field.data or "", self.user.email, self.user.display_name)
        if problems:
            raise ValidationError(" ".join(problems))


class ChangePasswordForm(_NewPasswordForm):
    # The new password is compared with the current one only once that is known right (in the
    # view): here it would answer "is this the password?" past the throttle on wrong ones.
    current_password = PasswordField("Current password", validators=[DataRequired()])
    submit = SubmitField("Change password")


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[DataRequired(), Email(), Length(max=254)],
        filters=[_stripped],
    )
    submit = SubmitField("Send me a link")


class ResetPasswordForm(_NewPasswordForm):
    submit = SubmitField("Set the new password")
