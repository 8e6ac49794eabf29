"""The director keeps the rule sets: load a file (checked first), read it, choose the one in use."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from academy.enums import Role
from academy.extensions import db
from academy.forms import ConfirmForm
from academy.jobs import service as jobs
from academy.models import RuleSetRecord
from academy.pathway.describe import compare_rule_sets, describe_rule_set
from academy.pathway.loader import RULESETS_DIR, RuleSetError, available_rule_sets, parse_rule_text
from academy.permissions import roles
from academy.progress.rule_sets import RuleSetUnavailable, current_rule_set, rubric_keys
from academy.rules_admin.forms import MAX_RULE_FILE_BYTES, UploadRuleSetForm
from academy.rules_admin.preview import preview_activation
from academy.rules_admin.service import load_rule_text

bp = Blueprint("rules_admin", __name__, url_prefix="/admin/rules")


@bp.route("/", methods=["GET", "POST"])
@roles(Role.ADMIN)
def index():
    form = UploadRuleSetForm()
    problems = ()
    if form.validate_on_submit():
        upload = form.rule_file.data
        data = upload.read(MAX_RULE_FILE_BYTES + 1)
        file_name = (upload.filename or "rule file")[:200]
        if len(data) > MAX_RULE_FILE_BYTES:
            form.rule_file.errors.append(
                f"The file is larger than {MAX_RULE_FILE_BYTES // 1024} KB; a rule file is a few KB."
            )
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = None
                form.rule_file.errors.append(
                    "The file is not UTF-8 text; a rule file is TOML text."
                )
            if text is not None:
                outcome = load_rule_text(text, file_name, current_user.id)
                if outcome.record is not None:
                    db.session.commit()
                    flash(outcome.message, "success")
                    return redirect(url_for("rules_admin.show", record_id=outcome.record.id))
                problems = outcome.problems
                form.rule_file.errors.append(outcome.message)
    return _render_index(form, problems)


def _render_index(form: UploadRuleSetForm, problems) -> str:
    records = (
        db.session.execute(
            db.select(RuleSetRecord)
            .options(selectinload(RuleSetRecord.loaded_by))
            .order_by(RuleSetRecord.key, RuleSetRecord.loaded_at.desc())
        )
        .scalars()
        .all()
    )
    try:
        in_use = current_rule_set()
        in_use_error = None
    except RuleSetUnavailable as error:
        in_use, in_use_error = None, str(error)
    return render_template(
        "rules_admin/index.html",
        form=form,
        problems=problems,
        records=records,
        shipped=available_rule_sets(),
        in_use=in_use,
        in_use_error=in_use_error,
        confirm=ConfirmForm(),
    )


@bp.route("/shipped/<key>/load", methods=["POST"])
@roles(Role.ADMIN)
def load_shipped(key: str):
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if key not in available_rule_sets():
        abort(404)
    path = RULESETS_DIR / f"{key}.toml"
    outcome = load_rule_text(path.read_text(encoding="utf-8"), path.name, current_user.id)
    if outcome.record is None:
        return _render_index(UploadRuleSetForm(), outcome.problems), 422
    db.session.commit()
    flash(outcome.message, "success")
    return redirect(url_for("rules_admin.show", record_id=outcome.record.id))


SHOW_VIEWS = ("words", "compare", "preview", "file")


@bp.route("/<int:record_id>")
@roles(Role.ADMIN)
def show(record_id: int):
    """A loaded rule set: in words (stages and requirements), compared with the one in use,
    a preview of whose verdicts would change today, or its file."""
    record = db.session.get(RuleSetRecord, record_id) or abort(404)
    view = request.args.get("view", "words")
    if view not in SHOW_VIEWS:
        view = "words"
    today = date.today()
    context: dict = {"view": view, "problem": ""}
    try:
        rule_set = parse_rule_text(
            record.source_text, f"{record.key} {record.version}", rubric_keys()
        )
    except RuleSetError as error:
        rule_set = None
        context["problem"] = str(error)
    try:
        in_use = current_rule_set()
    except RuleSetUnavailable:
        in_use = None
    if rule_set is not None:
        if view == "words":
            context["text"] = describe_rule_set(rule_set, today)
        elif view == "compare" and in_use is not None:
            context["rows"] = compare_rule_sets(in_use, rule_set, today)
        elif view == "preview" and in_use is not None:
            context["preview"] = preview_activation(in_use, rule_set, today)
    return render_template(
        "rules_admin/show.html", record=record, confirm=ConfirmForm(), in_use=in_use, **context
    )


@bp.route("/<int:record_id>/activate", methods=["POST"])
@roles(Role.ADMIN)
def activate_record(record_id: int):
    record = db.session.get(RuleSetRecord, record_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    # Every driver is worked out under the new rules before it goes in use, and nothing is
    # kept unless every one evaluates: a job, as it takes seconds for thousands of drivers
    # (run here at once when there is no queue).
    job = jobs.create("rule_set_activation", current_user, {"record_id": record.id})
    db.session.commit()
    jobs.dispatch(job)
    db.session.refresh(job)
    db.session.refresh(record)
    if job.status == jobs.FAILED:
        flash(job.error, "error")
        return redirect(url_for("rules_admin.show", record_id=record_id))
    if job.status == jobs.FINISHED:
        flash(
            f"{record.name} {record.version} is now the rule set in use; every driver's standing "
            f"on the cohort board is worked out under it ({job.message}).",
            "success",
        )
        return redirect(url_for("rules_admin.index"))
    flash(
        f"{record.name} {record.version} goes in use as soon as every driver's standing is "
        "worked out under it; the rule set in use stays until then.",
        "info",
    )
    return redirect(url_for("jobs.show", job_id=job.id))
