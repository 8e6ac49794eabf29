"""A crash in the middle of an import, a grading or a licence transition leaves the database
exactly as it was.

Each test makes the write fail on purpose after its first rows were flushed (an audit record
that comes after them raises), sends the request as a person would, and compares every row
of every table before and after: identical. The person sees the site's error page.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from academy import audit
from academy.enums import ApplicationStatus, LicenceGrade, SessionType
from academy.extensions import db
from academy.licensing.service import create_application
from academy.models import (
    ApplicationTransition,
    CoachingSession,
    Competency,
    Grade,
    Licence,
    RaceEntry,
    Result,
)
from academy.rubric import ensure_default_rubric
from tests.builders import login
from tests.coaching.conftest import form_fields, make_session, session_form
from tests.demo.timing_files import alkamel_bytes, classification_csv, sample_grid, simulate_race
from tests.drivers.racing import make_event


class Crash(RuntimeError):
    pass


def every_row() -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, read afresh from the database."""
    db.session.rollback()
    return {
        table.name: sorted(
            (tuple(row) for row in db.session.execute(select(table)).all()), key=repr
        )
        for table in db.metadata.sorted_tables
    }


def crash_at(monkeypatch, action: str, *, counting: type, skip: int = 0) -> list[int]:
    """Make the audit record `action` raise (after letting `skip` of them through). The list
    returned receives, at the moment of the crash, how many `counting` rows the unfinished
    transaction holds: proof that the crash came after rows were written."""
    real_record = audit.record
    seen: list[int] = []
    passed = {"count": 0}

    def record(name: str, *args: Any, **kwargs: Any):
        if name == action:
            if passed["count"] < skip:
                passed["count"] += 1
            else:
                seen.append(db.session.execute(select(func.count(counting.id))).scalar())
                raise Crash(f"a crash on purpose at {action}")
        return real_record(name, *args, **kwargs)

    monkeypatch.setattr(audit, "record", record)
    return seen


def assert_error_page(response) -> None:
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong" in page
    assert "Nothing you sent was half-saved" in page


def count(model: type) -> int:
    return db.session.execute(select(func.count(model.id))).scalar()


@pytest.fixture(autouse=True)
def upload_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_UPLOAD_FOLDER", str(tmp_path / "uploads"))


@pytest.fixture
def rubric(app) -> dict[str, Competency]:
    ensure_default_rubric()
    db.session.commit()
    return {c.key: c for c in db.session.execute(select(Competency)).scalars()}


# --- import -------------------------------------------------------------------------------------


def _uploaded_preview(client, academy) -> str:
    event = make_event()
    race = simulate_race(sample_grid(4, seed=3), laps=12, seed=3)
    login(client, academy.coach)
    upload = client.post(
        "/results/import",
        data={
            "event_id": event.id,
            "timing_file": (io.BytesIO(alkamel_bytes(classification_csv(race))), "race.csv"),
        },
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302
    return upload.headers["Location"]


def test_a_crash_while_importing_a_timing_file_leaves_every_table_as_before(
    client, academy, monkeypatch
):
    preview = _uploaded_preview(client, academy)
    before = every_row()
    seen = crash_at(monkeypatch, "results_imported", counting=Result)

    response = client.post(preview + "/confirm")

    assert_error_page(response)
    assert seen and seen[0] > 0
    assert every_row() == before


def test_after_a_crashed_import_the_same_file_imports_whole(client, academy, monkeypatch):
    preview = _uploaded_preview(client, academy)
    working_record = audit.record
    crash_at(monkeypatch, "results_imported", counting=Result)
    assert client.post(preview + "/confirm").status_code == 500
    monkeypatch.setattr(audit, "record", working_record)

    response = client.post(preview + "/confirm")

    assert response.status_code == 302
    assert count(RaceEntry) == 4


# --- coaching -----------------------------------------------------------------------------------


def test_a_crash_while_logging_a_graded_session_for_two_drivers_leaves_every_table_as_before(
    client, academy, rubric, monkeypatch
):
    racecraft = rubric["racecraft"]
    login(client, academy.admin)
    before = every_row()
    # The first driver's session and grades are written and audited; the second one crashes.
    seen = crash_at(monkeypatch, "coaching_session_logged", counting=Grade, skip=1)

    response = client.post(
        "/coaching/sessions/new",
        data=session_form(
            [academy.driver.id, academy.other_driver.id],
            session_type=SessionType.FITNESS.value,
            **{f"score_{racecraft.id}": "7", f"comment_{racecraft.id}": "Brave"},
        ),
    )

    assert_error_page(response)
    assert seen and seen[0] == 2
    assert every_row() == before


def test_a_crash_while_correcting_grades_leaves_every_table_as_before(
    client, academy, rubric, monkeypatch
):
    racecraft, consistency = rubric["racecraft"], rubric["consistency"]
    session = make_session(
        academy.driver,
        academy.coach,
        held_on=date.today() - timedelta(days=3),
        session_type=SessionType.FITNESS,
        scores={racecraft: 6, consistency: 7},
    )
    login(client, academy.coach)
    data = form_fields(client.get(f"/coaching/sessions/{session.id}/edit").get_data(as_text=True))
    data.update(
        {
            f"score_{racecraft.id}": "8",
            f"score_{consistency.id}": "5",
            "notes": "Corrected after the debrief.",
            "correction_reason": "Mixed up the two drivers' sheets.",
        }
    )
    before = every_row()
    seen = crash_at(monkeypatch, "coaching_session_corrected", counting=Grade)

    response = client.post(f"/coaching/sessions/{session.id}/edit", data=data)

    assert_error_page(response)
    assert seen == [4]  # two grades and their two new revisions
    assert every_row() == before


# --- licensing ----------------------------------------------------------------------------------


def test_a_crash_while_granting_a_licence_leaves_every_table_as_before(
    client, academy, monkeypatch
):
    application = create_application(
        academy.driver, LicenceGrade.INTERNATIONAL_D, "JAF", "", academy.coach, "alms-to-le-mans"
    )
    application.status = ApplicationStatus.SUBMITTED
    db.session.commit()
    licences = count(Licence)
    login(client, academy.admin)
    before = every_row()
    seen = crash_at(monkeypatch, "licence_application_grant", counting=Licence)

    response = client.post(
        f"/drivers/{academy.driver.id}/licence/{application.id}/grant",
        data={
            "grant-version": str(application.version),
            "grant-number": "D-2026-0042",
            "grant-issued_on": date.today().isoformat(),
            "grant-expires_on": date(date.today().year, 12, 31).isoformat(),
        },
    )

    assert_error_page(response)
    assert seen == [licences + 1]
    assert every_row() == before


def test_a_crash_while_endorsing_leaves_the_application_a_draft(client, academy, monkeypatch):
    application = create_application(
        academy.driver, LicenceGrade.INTERNATIONAL_D, "JAF", "", academy.coach, "alms-to-le-mans"
    )
    db.session.commit()
    transitions = count(ApplicationTransition)
    login(client, academy.admin)
    before = every_row()
    seen = crash_at(monkeypatch, "licence_application_endorse", counting=ApplicationTransition)

    response = client.post(
        f"/drivers/{academy.driver.id}/licence/{application.id}/endorse",
        data={
            "endorse-version": str(application.version),
            "endorse-override_reason": "Raced in Japan, results not yet imported.",
        },
    )

    assert_error_page(response)
    assert seen == [transitions + 1]
    assert every_row() == before


def test_after_a_crash_the_next_request_sees_nothing_of_it(client, academy, rubric, monkeypatch):
    login(client, academy.coach)
    working_record = audit.record
    crash_at(monkeypatch, "coaching_session_logged", counting=CoachingSession)
    client.post(
        "/coaching/sessions/new",
        data=session_form([academy.driver.id], session_type=SessionType.FITNESS.value),
    )
    monkeypatch.setattr(audit, "record", working_record)

    page = client.get(f"/drivers/{academy.driver.id}/coaching")

    assert page.status_code == 200
    assert "Long run on used tyres." not in page.get_data(as_text=True)
    assert count(CoachingSession) == 0
