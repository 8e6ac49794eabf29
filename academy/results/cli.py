"""`flask --app app import-results FILE --event EVENT_ID [--dry-run]`."""

from __future__ import annotations

from pathlib import Path

import click

from academy.extensions import db
from academy.imports.decoding import check_size
from academy.imports.parsed import DEFAULT_MAX_BYTES, ParseOptions
from academy.imports.reader import parse_timing_file
from academy.imports.writer import ImportPlan, plan_import, write_import
from academy.models import Event


@click.command("import-results")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--event", "event_id", type=int, required=True, help="Id of the event (race).")
@click.option("--dry-run", is_flag=True, help="Show what would be imported; write nothing.")
def import_results_command(file: Path, event_id: int, dry_run: bool) -> None:
    """Import an official timing file (Al Kamel classification or lap analysis CSV, or an
    hour-by-hour classification) into an event, all or nothing."""
    from flask import current_app

    event = db.session.get(Event, event_id)
    if event is None:
        raise click.ClickException(f"There is no event with id {event_id}.")
    max_bytes = current_app.config.get("IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)
    too_large = check_size(file.stat().st_size, max_bytes)
    if too_large is not None:  # refused before reading it into memory
        raise click.ClickException(f"{file}: The file is refused: {too_large.reason}")
    race = parse_timing_file(file.read_bytes(), file.name, ParseOptions(max_bytes=max_bytes))
    plan = plan_import(race, event)
    _echo_plan(file, event, plan)
    if plan.previous_import is not None:
        click.echo(plan.blocking_reason)
        return
    reason = plan.blocking_reason
    if reason is not None:
        raise click.ClickException(f"{file}: {reason}")
    if dry_run:
        click.echo("Dry run: nothing was written.")
        return
    summary = write_import(plan, event, imported_by_id=None)
    db.session.commit()
    click.echo(f"Imported {file.name} into event {event.id}: {summary}.")


def _echo_plan(file: Path, event: Event, plan: ImportPlan) -> None:
    race = plan.race
    if race.refusal is not None:
        return  # the refusal is the error message
    click.echo(
        f"{file.name}: {race.file_format.label if race.file_format else 'unknown format'}, "
        f"{race.encoding}, {race.data_rows} rows -> event {event.id} ({event.name})"
    )
    for error in race.errors:
        click.echo(f"{file}:{error.line}: {error.reason}", err=True)
    for warning in race.warnings:
        click.echo(f"{file}:{warning.line}: warning: {warning.message}")
    if not race.cars:
        return
    classified = sum(1 for car in race.cars if car.position_overall is not None)
    classes = ", ".join(race_class.value for race_class in race.classes)
    click.echo(f"{len(race.cars)} cars ({classified} classified) in {classes}")
    for car, seat in plan.matched:
        click.echo(f"  academy driver {seat.driver_name}: '{seat.name}' in car #{car.car.number}")
    unmatched = [seat.name for _, seat in plan.unmatched]
    if unmatched:
        click.echo(
            f"  {len(unmatched)} names match no academy driver (kept as external co-drivers)"
        )
    for note in plan.notes:
        click.echo(f"  note: {note}")
    for contradiction in plan.contradictions:
        click.echo(f"{file}:{contradiction}", err=True)
