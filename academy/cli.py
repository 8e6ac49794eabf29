"""Flask commands: `flask --app app <command>`."""

from __future__ import annotations

from collections.abc import Callable

import click
from flask import Flask
from flask_migrate import upgrade

from academy.enums import Role
from academy.extensions import db

NO_DEMO = (
    "No demo academy: its builders live in the source checkout (tests/demo), which an installed "
    "package does not carry. The database is ready and empty; create the first user with "
    "`flask create-user`."
)


def demo_builder() -> Callable[[int], dict[str, int]] | None:
    """The demo academy's builder, from the checkout's tests/demo package; None where it is not
    there (an installed wheel ships the application only)."""
    try:
        from tests.demo.seed import seed_demo
    except ModuleNotFoundError as missing:
        if missing.name in {"tests", "tests.demo", "tests.demo.seed"}:
            return None
        raise
    return seed_demo


def register(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(setup_command)
    app.cli.add_command(create_user_command)
    from academy.results.cli import events_group, import_results_command

    app.cli.add_command(import_results_command)
    app.cli.add_command(events_group)
    from academy.championship.commands import championship_group

    app.cli.add_command(championship_group)
    from academy.progress.commands import pathway_group, rules_group

    app.cli.add_command(pathway_group)
    app.cli.add_command(rules_group)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    from academy.inbox.commands import notify_command

    app.cli.add_command(notify_command)


@click.command("seed-demo")
@click.option("--seed", type=int, default=None, help="Random seed (default: DEMO_SEED, 2026).")
@click.option("--force", is_flag=True, help="Seed even if the database already has drivers.")
def seed_demo_command(seed: int | None, force: bool) -> None:
    """Build the demo academy (deterministic for a given seed)."""
    from flask import current_app

    from academy.models import Driver

    seed_demo = demo_builder()
    if seed_demo is None:
        raise click.ClickException(NO_DEMO)
    if not force and db.session.execute(db.select(Driver.id).limit(1)).first():
        raise click.ClickException(
            "The database already has drivers; use --force to add the demo anyway."
        )
    summary = seed_demo(seed if seed is not None else current_app.config["DEMO_SEED"])
    db.session.commit()
    click.echo(
        "Demo academy created: " + ", ".join(f"{count} {what}" for what, count in summary.items())
    )


@click.command("setup")
@click.option(
    "--demo/--no-demo", default=True, help="Seed the demo academy into an empty database."
)
def setup_command(demo: bool) -> None:
    """Upgrade the database to the latest migration; seed the demo academy if it is empty."""
    from flask import current_app

    from academy.models import User
    from academy.rubric import ensure_default_rubric

    upgrade()
    ensure_default_rubric()
    if demo and not db.session.execute(db.select(User.id).limit(1)).first():
        seed_demo = demo_builder()
        if seed_demo is None:
            click.echo(NO_DEMO)
        else:
            summary = seed_demo(current_app.config["DEMO_SEED"])
            click.echo(
                "Demo academy created: " + ", ".join(f"{n} {what}" for what, n in summary.items())
            )
            _store_standings()
    db.session.commit()
    click.echo("Database ready.")


def _store_standings() -> None:
    """The demo's board standings, stored now so that the first cohort board reads them (the
    board itself never stores); skipped, and said, when no rule set can be read."""
    from academy.progress.rule_sets import RuleSetUnavailable, current_rule_set
    from academy.progress.standings import store_todays_standings

    try:
        rule_set = current_rule_set()
    except RuleSetUnavailable as error:
        click.echo(f"Board standings not stored: {error}")
        return
    stored = store_todays_standings(rule_set)
    click.echo(f"Board standings stored for {len(stored.pathways)} drivers.")
    from academy.championship.current import store_current_championships
    from academy.clock import academy_today

    worked_out = store_current_championships(academy_today())
    click.echo(f"Championships stored: {worked_out}.")


@click.command("create-user")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.password_option(help="First password; the user must change it at first sign-in.")
def create_user_command(email: str, name: str, role: str, password: str) -> None:
    """Create an account (the first director of a new academy, for instance)."""
    from academy import audit
    from academy.auth.passwords import password_problems
    from academy.models import User

    email = email.strip().lower()
    problems = password_problems(password, email, name)
    if problems:
        raise click.ClickException(" ".join(problems))
    if db.session.execute(db.select(User.id).filter_by(email=email)).first():
        raise click.ClickException(f"An account with the email {email} already exists.")
    user = User(email=email, display_name=name, role=Role(role), must_change_password=True)
    user.set_password(password)
    db.session.add(user)
    audit.record("user_created", user, after={"email": email, "role": role})
    db.session.commit()
    click.echo(f"Created {role} {email}.")


@click.command("backup")
@click.option(
    "--output", type=click.Path(dir_okay=False), help="File to write (default: instance/backups/)."
)
def backup_command(output: str | None) -> None:
    """Write a consistent backup of the database (SQLite online backup, or pg_dump)."""
    from pathlib import Path

    from flask import current_app

    from academy.backup import BackupError, backup_database, default_backup_path

    destination = (
        Path(output)
        if output
        else default_backup_path(db.engine, Path(current_app.instance_path) / "backups")
    )
    try:
        written = backup_database(db.engine, destination)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written to {written} ({written.stat().st_size:,} bytes).")


@click.command("restore")
@click.argument("backup_file", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(backup_file: str, yes: bool) -> None:
    """Replace the database's content with a backup written by `backup`."""
    from pathlib import Path

    from academy.backup import BackupError, restore_database

    if not yes:
        click.confirm(
            "This replaces everything in the database with the backup. Go on?", abort=True
        )
    db.session.remove()
    try:
        restore_database(db.engine, Path(backup_file))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    # The restored rows carry older versions (facts_version...) than pages stored since the
    # backup was taken: those pages would be served for them.
    from academy.page_cache import cache

    cache.clear()
    click.echo(f"Database restored from {backup_file}; stored pages cleared.")
