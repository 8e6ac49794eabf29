"""`flask --app app import-results FILE --event EVENT_ID [--dry-run]` and
`flask --app app events create --series CODE --season LABEL --circuit NAME --date YYYY-MM-DD
--hours H [--round N] [--race N]`."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import click

from academy.extensions import db
from academy.models import Circuit, Event, Series
from academy.results.events import EventExists, NewEvent, create_event, find_circuit
from academy.results.forms import KNOWN_SERIES
from academy.results.options import parse_options, real_circuit
from academy.results.timing.decoding import check_size
from academy.results.timing.parsed import DEFAULT_MAX_BYTES
from academy.results.timing.reader import parse_timing_file
from academy.results.timing.writer import ImportPlan, plan_import, write_import


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
    race = parse_timing_file(file.read_bytes(), file.name, parse_options(event, max_bytes))
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
    classes = ", ".join(race.classes)
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
    for reconciliation in plan.reconciliations:
        click.echo(f"{file}:{reconciliation}")
    for contradiction in plan.contradictions:
        click.echo(f"{file}:{contradiction}", err=True)


@click.group("events")
def events_group() -> None:
    """Events (races) that timing files are imported into."""


@events_group.command("create")
@click.option("--series", "series_code", required=True, help="Series code: ALMS, ELMS, WEC, LM24…")
@click.option("--season", "season_label", required=True, help="Season label: 2025 or 2025-26.")
@click.option("--circuit", required=True, help="Circuit name (a new one is created if unknown).")
@click.option("--country", default="", help="Country (3 letters) of a new unknown circuit.")
@click.option("--date", "starts_on", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--hours", required=True, type=click.FloatRange(0.25, 48), help="Race length.")
@click.option(
    "--round",
    "round_number",
    type=click.IntRange(1, 99),
    default=None,
    help="Round of the season; leave out for a one-off race (Le Mans).",
)
@click.option(
    "--race",
    "race_number",
    type=click.IntRange(1, 9),
    default=1,
    show_default=True,
    help="Race of the round (ALMS rounds have two).",
)
@click.option("--name", default="", help="Event name (default: from series, season, round).")
def create_event_command(
    series_code: str,
    season_label: str,
    circuit: str,
    country: str,
    starts_on: datetime,
    hours: float,
    round_number: int | None,
    race_number: int,
    name: str,
) -> None:
    """Create an event (and its season when missing); prints the new event id on the last line."""
    code = series_code.strip().upper()
    label = season_label.strip()
    if not re.fullmatch(r"\d{4}(-\d{2})?", label):
        raise click.BadParameter(
            "a year (2026) or a winter season (2025-26)", param_hint="--season"
        )
    known = db.session.execute(db.select(Series).where(Series.code == code)).scalar_one_or_none()
    if known is None and code not in KNOWN_SERIES:
        raise click.BadParameter(
            f"unknown series {code!r}; known: {', '.join(KNOWN_SERIES)}", param_hint="--series"
        )
    place = find_circuit(circuit)
    if place is None:
        new_circuit = Circuit(name=" ".join(circuit.split()), country="")
        real = real_circuit(circuit)
        if real is not None:
            place = find_circuit(real.name) or Circuit(name=real.name, country=real.country)
        elif re.fullmatch(r"[A-Za-z]{3}", country.strip()):
            new_circuit.country = country.strip().upper()
            place = new_circuit
        else:
            raise click.BadParameter(
                f"{circuit!r} is not a known circuit; give its country with --country",
                param_hint="--circuit",
            )
    new = NewEvent(
        series_code=code,
        series_name=known.name if known is not None else KNOWN_SERIES[code],
        season_label=label,
        circuit=place,
        starts_on=starts_on.date(),
        duration_hours=Decimal(str(hours)),
        round_number=round_number,
        race_number=race_number,
        name=name,
    )
    try:
        event = create_event(new, actor_id=None)
    except EventExists as exists:
        raise click.ClickException(str(exists)) from None
    db.session.commit()
    click.echo(f"Created {event.name}.")
    click.echo(str(event.id))
