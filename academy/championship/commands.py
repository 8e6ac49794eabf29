"""`flask championship store-standings`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from academy.championship.current import store_current_championships
from academy.clock import academy_today
from academy.extensions import db

championship_group = AppGroup("championship", help="The seasons' championships.")


@championship_group.command("store-standings")
def store_standings_command() -> None:
    """Work out and store the current seasons' championships (standings and invitation races)
    where the stored ones no longer hold, so that no dashboard has to (nightly from cron, after
    the day's edits; a confirmed timing import stores them itself)."""
    worked_out = store_current_championships(academy_today())
    db.session.commit()
    click.echo(f"{worked_out} championships worked out and stored.")
