from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, ValidationError

from academy.auth.passwords import password_problems
from academy.enums import Role


class CreateUserForm(FlaskForm):
    display_name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(
        "Role",
        choices=[SelectChoice(role.value, role.value.title()) for role in Role],
        validators=[DataRequired()],
    )
    first_password = PasswordField(
        "First password (the user must change it at first sign-in)",
        validators=[DataRequired(), Length(max=200)],
    )
    submit = SubmitField("Create account")

    def validate_first_password(self, field):
        problems = password_problems(
            field.data or "", self.email.data or "", self.display_name.data or ""
        )
        if problems:
            raise ValidationError(" ".join(problems))


class RoleForm(FlaskForm):
    role = SelectField(
        "Role",
        choices=[SelectChoice(role.value, role.value.title()) for role in Role],
        validators=[DataRequired()],
    )
    submit = SubmitField("Change")
