"""`flask pathway evaluate DRIVER`, `flask pathway store-standings` and `flask rules check FILE`."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from academy.clock import academy_today
from academy.extensions import db
from academy.models import Driver
from academy.pathway.engine import EvaluationFailed, evaluate
from academy.pathway.loader import check_rule_file, load_rule_set
from academy.pathway.rules import KNOWN_COMPETENCIES
from academy.pathway.serialise import pathway_lines, pathway_to_dict
from academy.progress.dates import AsOfError, parse_as_of
from academy.progress.facts_loader import load_driver_facts
from academy.progress.rule_sets import RuleSetUnavailable, current_rule_set, rubric_keys
from academy.progress.standings import store_todays_standings
from academy.text import search_key

pathway_group = AppGroup("pathway", help="The pathway from ALMS to Le Mans.")
rules_group = AppGroup("rules", help="Pathway rule files.")


def find_driver(text: str) -> Driver:
    """A driver by id, or by a name (any form, accents and case ignored) that fits only one."""
    if text.strip().isdigit():
        driver = db.session.get(Driver, int(text))
        if driver is None:
            raise click.ClickException(f"There is no driver with id {text.strip()}.")
        return driver
    key = search_key(text)
    if not key:
        raise click.ClickException("Give a driver id or a name.")
    matches = list(
        db.session.execute(
            select(Driver)
            .where(Driver.search_text.contains(key, autoescape=True))
            .order_by(Driver.legal_name)
        ).scalars()
    )
    if not matches:
        raise click.ClickException(f"No driver's name contains '{text}'.")
    if len(matches) > 1:
        names = "; ".join(f"{driver.id}: {driver.display_name}" for driver in matches[:10])
        raise click.ClickException(
            f"'{text}' fits {len(matches)} drivers ({names}); give the id or more of the name."
        )
    return matches[0]


@pathway_group.command("evaluate")
@click.argument("driver")
@click.option("--as-of", "as_of_text", default=None, help="YYYY-MM-DD; default: today.")
@click.option("--json", "as_json", is_flag=True, help="The verdicts as JSON, as the API gives.")
def evaluate_command(driver: str, as_of_text: str | None, as_json: bool) -> None:
    """Check DRIVER (an id or a name) against the academy's rule set."""
    try:
        as_of = parse_as_of(as_of_text, academy_today())
    except AsOfError as error:
        raise click.BadParameter(str(error), param_hint="--as-of") from error
    found = find_driver(driver)
    try:
        rule_set = current_rule_set()
    except RuleSetUnavailable as error:
        raise click.ClickException(str(error)) from error
    facts = load_driver_facts(found.id)
    assert facts is not None
    pathway = evaluate(facts, rule_set, as_of)
    if as_json:
        click.echo(json.dumps(pathway_to_dict(pathway), ensure_ascii=False, indent=2))
        return
    click.echo(f"{found.display_name}")
    for line in pathway_lines(pathway):
        click.echo(line)


@pathway_group.command("store-standings")
@click.option("--afresh", is_flag=True, help="Work out every driver again, whatever is stored.")
def store_standings_command(afresh: bool) -> None:
    """Work out and store today's standing of every driver whose stored one no longer holds,
    so the next cohort board does not have to (nightly from cron; the board itself never
    stores). --afresh after the board logged "stored pathway standings out of date"."""
    try:
        rule_set = current_rule_set()
    except RuleSetUnavailable as error:
        raise click.ClickException(str(error)) from error
    try:
        standings = store_todays_standings(rule_set, afresh=afresh)
    except EvaluationFailed as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(
        f"{len(standings.pathways)} standings worked out and stored, {standings.stored} "
        f"still current ({rule_set.name} {rule_set.version})."
    )


@rules_group.command("check")
@click.argument("file")
def check_command(file: str) -> None:
    """Validate a rule file: every problem with its file, requirement and reason."""
    try:
        rubric = rubric_keys()  # the academy's rubric page...
    except SQLAlchemyError:
        rubric = list(KNOWN_COMPETENCIES)  # ...or, with no database yet, the default one
    competencies = rubric
    problems = check_rule_file(file, competencies)
    if problems:
        for problem in problems:
            click.echo(problem, err=True)
        raise click.ClickException(
            f"{file} is refused: {len(problems)} problem{'s' if len(problems) != 1 else ''}."
        )
    rule_set = load_rule_set(file, competencies)
    click.echo(
        f"{file}: OK, rule set {rule_set.key} {rule_set.version}: {len(rule_set.stages)} "
        f"stages, {len(rule_set.licence_grades)} licence grades."
    )
