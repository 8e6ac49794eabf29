from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length


class PhotoForm(FlaskForm):
    photo = FileField(
        "Photo (JPEG, PNG or WebP, up to 5 MB)",
        validators=[FileRequired("Choose a photo to upload.")],
    )
    submit = SubmitField("Upload photo")


class VerifyForm(FlaskForm):
    code = StringField(
        "Verification code",
        validators=[
            DataRequired("Type the code printed at the foot of the dossier."),
            Length(max=64),
        ],
    )
    submit = SubmitField("Check")


class CheckFileForm(FlaskForm):
    document = FileField(
        "The PDF you received", validators=[FileRequired("Choose the PDF to compare.")]
    )
    submit = SubmitField("Compare the file")
