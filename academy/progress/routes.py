from __future__ import annotations

from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from academy.championship.current import driver_invitation
from academy.championship.stored import championship_data_version
from academy.clock import academy_today
from academy.enums import Categorisation, RaceClass, Role, label
from academy.exports.csv_safe import csv_lines
from academy.extensions import db
from academy.models import Cohort, Driver
from academy.page_cache import stored_html
from academy.pathway.engine import evaluate
from academy.pathway.rules import RuleSet
from academy.pathway.serialise import milestone_words
from academy.pathway.verdicts import DriverPathway
from academy.pathway.wording import number
from academy.permissions import can_view_driver, is_admin, require, roles
from academy.progress.board import BOARD_STATUSES, BoardColumn, build_board, shown_rows
from academy.progress.dates import AsOfError, parse_as_of
from academy.progress.evidence import EvidenceNames
from academy.progress.facts_loader import (
    EVERY_DRIVER,
    DriverSummary,
    driver_row,
    load_facts_of_row,
    summary_of,
)
from academy.progress.forms import NOT_CATEGORISED, BoardFilterForm
from academy.progress.rule_sets import RuleSetUnavailable, current_rule_set
from academy.progress.standings import (
    BoardStandings,
    board_standings,
    shown_pathways,
    stored_board,
)
from academy.sporting.wording import points_words

bp = Blueprint("progress", __name__)

# A column shows this many cards unless asked for all of them: a board of thousands of drivers
# is read by its counts and filters, not scrolled.
CARD_LIMIT = 60

# Where each kind of evidence is recorded: (endpoint, anchor prefix).
EVIDENCE_PAGES = {
    "result": ("drivers.history", "result"),
    "session": ("coaching.driver_sessions", "session"),
    "grade": ("coaching.driver_sessions", "session"),
    "licence": ("drivers.profile", "licence"),
    "medical": ("drivers.profile", "medical"),
}

# A requirement lists its most recent pieces of evidence, this many, and links to the rest
# (?evidence=<requirement id>, or ?evidence=all): a Le Mans-level history counts dozens of
# races and sessions per requirement, and naming every one made most of the page's cost.
EVIDENCE_SHOWN = 10


def _as_of_from(text: str | None, today: date) -> tuple[date, str]:
    """The day asked for, or today with the reason the text could not be used."""
    try:
        return parse_as_of(text, today), ""
    except AsOfError as error:
        return today, f"{error} Showing today, {today.isoformat()}, instead."


def _without_rule_set(
    template: str, error: RuleSetUnavailable, as_of: date, as_of_error: str, **page: object
) -> str:
    """A pathway page when no rule set can be read: why, with the day asked for and the rest
    of the page that needs no rules (`page`). A page whose content is stored
    (`_content.html`) is drawn in its layout, unstored."""
    html = render_template(
        template,
        rule_set_error=str(error),
        as_of=as_of,
        as_of_error=as_of_error,
        **page,
    )
    if template == "progress/_progress_content.html":
        return render_template("progress/progress.html", content=Markup(html), **page)
    return html


def _stage_states(pathway: DriverPathway) -> dict[str, str]:
    """How each stage is drawn on the path: reached, current, next or locked."""
    states = {}
    for stage in pathway.stages:
        if stage.key == pathway.current_stage:
            states[stage.key] = "current"
        elif stage.key == pathway.next_stage:
            states[stage.key] = "next"
        elif stage.reached:
            states[stage.key] = "reached"
        else:
            states[stage.key] = "locked"
    return states


def _stage_holding(pathway: DriverPathway, requirement_id: str) -> str | None:
    """The stage a requirement belongs to: its panel is opened when its evidence is asked for."""
    for stage in pathway.stages:
        if any(item.requirement_id == requirement_id for item in stage.requirements):
            return stage.key
    return None


@bp.route("/me/progress")
@roles(Role.DRIVER)
def my_progress():
    driver_id = db.session.execute(
        select(Driver.id).where(Driver.user_id == current_user.id)
    ).scalar_one_or_none()
    if driver_id is None:
        flash("Your account is not linked to a driver profile yet.", "warning")
        return redirect(url_for("main.dashboard"))
    return redirect(url_for("progress.progress", driver_id=driver_id))


@bp.route("/drivers/<int:driver_id>/progress")
@roles(Role.ADMIN, Role.COACH, Role.DRIVER)
def progress(driver_id: int):
    # The driver's row (name, cohort, coach, account, facts_version): all the access check
    # needs, and the stored content's key; the facts are loaded only when it is not stored.
    row = driver_row(driver_id)
    driver = summary_of(row) if row is not None else abort(404)
    require(can_view_driver(current_user, driver))
    today = academy_today()
    as_of, as_of_error = _as_of_from(request.args.get("as_of"), today)
    try:
        rule_set = current_rule_set()
    except RuleSetUnavailable as error:
        return _without_rule_set(
            "progress/_progress_content.html", error, as_of, as_of_error, driver=driver, today=today
        )
    # "all", or the requirement whose evidence is shown in full.
    expanded = request.args.get("evidence", "")
    content = stored_html(
        "progress",
        (
            tuple(row),
            rule_set.ref,
            today,
            as_of,
            as_of_error,
            expanded,
            championship_data_version(),
        ),
        lambda: _progress_content(row, rule_set, today, as_of, as_of_error, expanded),
    )
    return render_template("progress/progress.html", driver=driver, content=content)


def _progress_content(
    row: Any,
    rule_set: RuleSet,
    today: date,
    as_of: date,
    as_of_error: str,
    expanded: str,
) -> str:
    loaded = load_facts_of_row(row, with_session_labels=True)
    driver = loaded.drivers[0]
    facts = loaded.facts[driver.id]
    pathway = evaluate(facts, rule_set, as_of)
    views = current_app.view_functions
    # One url_for per page a piece of evidence can point to, not one per piece (hundreds).
    page_urls = {
        endpoint: url_for(endpoint, driver_id=driver.id)
        for endpoint, _ in EVIDENCE_PAGES.values()
        if endpoint in views
    }

    def link(kind: str, fact_id: int) -> str | None:
        endpoint, anchor = EVIDENCE_PAGES.get(kind, ("", ""))
        page = page_urls.get(endpoint)
        return f"{page}#{anchor}-{fact_id}" if page is not None else None

    return render_template(
        "progress/_progress_content.html",
        driver=driver,
        rule_set=rule_set,
        pathway=pathway,
        states=_stage_states(pathway),
        names=EvidenceNames(facts, loaded.session_labels, link),
        number=number,
        milestone_words=milestone_words,
        as_of=as_of,
        as_of_error=as_of_error,
        today=today,
        evidence_shown=EVIDENCE_SHOWN,
        expanded=expanded,
        expanded_stage=_stage_holding(pathway, expanded),
        # The day asked for, carried by the show-all links (none for today).
        as_of_arg=as_of.isoformat() if as_of != today else None,
        invitation=driver_invitation(driver.id),
        points_words=points_words,
    )


def _may_open(driver: DriverSummary) -> bool:
    """The director, or the driver's own coach, sees their statuses on the board."""
    return is_admin(current_user) or driver.coach_id == current_user.id


def _board_csv(columns, rule_set, as_of: date, may_see_statuses) -> Response:
    """The board as shown (the same filters), one row per driver, values in words."""
    stage_names = {stage.key: stage.name for stage in rule_set.stages}
    header = [
        "driver",
        "native name",
        "cohort",
        "categorisation",
        "latest race class",
        "stage reached",
        "working towards",
        "statuses",
        "as of",
    ]
    rows = []
    for column in columns:
        for row in column.rows:
            driver, standing = row.driver, row.standing
            rows.append(
                [
                    driver.legal_name,
                    driver.native_name or "",
                    driver.cohort_name or "",
                    label(driver.categorisation) if driver.categorisation else "Not categorised",
                    label(row.race_class) if row.race_class else "",
                    column.name,
                    stage_names.get(standing.next_stage or "", ""),
                    "; ".join(BOARD_STATUSES[flag] for flag in row.flags_in_order)
                    if may_see_statuses(driver)
                    else "",
                    as_of.isoformat(),
                ]
            )
    return Response(
        stream_with_context(csv_lines(header, rows)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="pathway-board-{as_of}.csv"'},
    )


@bp.route("/pathway/board")
@roles(Role.ADMIN, Role.COACH)
def board():
    today = academy_today()
    cohorts = list(db.session.execute(select(Cohort).order_by(Cohort.year, Cohort.name)).scalars())
    form = BoardFilterForm(request.args, cohorts=cohorts, coach=current_user.role is Role.COACH)
    form.validate()
    as_of, as_of_error = _as_of_from(form.as_of.data, today)
    try:
        rule_set = current_rule_set()
    except RuleSetUnavailable as error:
        return _without_rule_set("progress/board.html", error, as_of, as_of_error, form=form)
    filters = []
    only_mine = current_user.role is Role.COACH and form.valid("scope") != "all"
    # A coach looking at every driver sees where each one stands, not their licence, medical
    # and requirement statuses: a status filter therefore keeps the coach's own drivers only.
    status_mine = not only_mine and current_user.role is Role.COACH and bool(form.valid("status"))
    if only_mine or status_mine:
        filters.append(Driver.coach_id == current_user.id)
    cohort = form.valid("cohort")
    if cohort:
        filters.append(Driver.cohort_id == int(cohort))
    category = form.valid("categorisation")
    if category == NOT_CATEGORISED:
        filters.append(Driver.categorisation.is_(None))
    elif category:
        filters.append(Driver.categorisation == Categorisation(category))
    race_class = form.valid("race_class")
    selection = select(Driver.id).where(*filters) if filters else EVERY_DRIVER
    # Stored standings are read, never written here: a GET writes nothing (see standings.py).
    read = stored_board(selection, rule_set, as_of)

    def board_columns(standings: BoardStandings) -> list[BoardColumn]:
        return build_board(
            standings.drivers,
            standings.standings,
            rule_set,
            race_class=RaceClass(race_class) if race_class else None,
            status=form.valid("status") or None,
        )

    if request.args.get("format") == "csv":
        standings = board_standings(selection, rule_set, as_of, store=False, read=read)
        return _board_csv(board_columns(standings), rule_set, as_of, may_see_statuses=_may_open)
    expanded = request.args.get("show", "")
    filters_shown = {key: value for key, value in request.args.items() if key != "show"}

    def board_content() -> str:
        standings = board_standings(selection, rule_set, as_of, store=False, read=read)

        def columns_and_cards() -> tuple[list[BoardColumn], dict[int, DriverPathway]]:
            columns = board_columns(standings)
            shown = [row.driver.id for row in shown_rows(columns, CARD_LIMIT, expanded)]
            return columns, shown_pathways(shown, standings, selection, rule_set, as_of)

        before = dict(standings.standings)
        columns, pathways = columns_and_cards()
        if standings.standings != before:  # a stored standing disagreed with its card: redrawn
            columns, pathways = columns_and_cards()
        return render_template(
            "progress/_board_content.html",
            columns=columns,
            shown=sum(len(column.rows) for column in columns),
            as_of=as_of,
            today=today,
            only_mine=only_mine,
            status_mine=status_mine,
            may_open=_may_open,
            card_limit=CARD_LIMIT,
            pathways=pathways,
            expanded=expanded,
            filters=filters_shown,
        )

    # The cards are drawn from the rows just read, the rule set, the day and the query
    # arguments (the filters and the column shown whole; the viewer is in every key).
    content = stored_html(
        "board",
        (rule_set.ref, as_of, today, tuple(sorted(request.args.items(multi=True))), read.version()),
        board_content,
    )
    return render_template(
        "progress/board.html",
        form=form,
        rule_set=rule_set,
        as_of=as_of,
        as_of_error=as_of_error,
        content=content,
    )
