from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

MAX_RULE_FILE_BYTES = 256 * 1024


class UploadRuleSetForm(FlaskForm):
    rule_file = FileField(
        "Rule set file (TOML)", validators=[FileRequired("Choose a .toml rule file.")]
    )
    submit = SubmitField("Check and load")
