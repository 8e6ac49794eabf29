"""Property: whatever a damaged timing file holds, importing it either writes every car of it
or refuses with located errors and writes nothing; never part of a file."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.extensions import db
from academy.models import ImportBatch, RaceEntry, Result
from academy.results.timing.writer import ImportRefused, write_import
from tests.demo.timing_files import alkamel_bytes, classification_csv, sample_grid, simulate_race
from tests.drivers.racing import make_event
from tests.results.import_db_helpers import plan_bytes, row_counts

CLEAN = classification_csv(simulate_race(sample_grid(6, seed=4), laps=25, seed=4, retirements=1))
LINES = CLEAN.split("\n")
DATA_LINES = [index for index, line in enumerate(LINES) if index > 0 and line.strip()]

junk = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "-1:58.123", "1:75.000", "abc", "0", "99999", ";;", "\x00", "é", "7"]),
)


@st.composite
def mangled_files(draw) -> bytes:
    lines = list(LINES)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        index = draw(st.sampled_from(DATA_LINES))
        cells = lines[index].split(";")
        column = draw(st.integers(min_value=0, max_value=len(cells) - 1))
        cells[column] = draw(junk)
        if draw(st.booleans()) and len(cells) > 3:
            del cells[draw(st.integers(min_value=0, max_value=len(cells) - 1))]
        lines[index] = ";".join(cells)
    return alkamel_bytes("\n".join(lines))


def clear_imports() -> None:
    for model in (Result, RaceEntry, ImportBatch):  # the audit log refuses DELETE
        db.session.execute(db.delete(model))
    db.session.commit()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=mangled_files())
def test_a_mangled_file_is_imported_whole_or_not_at_all(app, data):
    clear_imports()
    event = make_event()
    plan = plan_bytes(data, event, "mangled.csv")
    if plan.can_write:
        write_import(plan, event, imported_by_id=None)
        db.session.commit()
        entries = (
            db.session.execute(db.select(RaceEntry).where(RaceEntry.event_id == event.id))
            .scalars()
            .all()
        )
        assert len(entries) == len(plan.race.cars)
        assert sum(len(entry.results) for entry in entries) == sum(
            len(car.drivers) for car in plan.race.cars
        )
    else:
        race = plan.race
        # Refused, unreadable rows, or a class the preview must ask about first (a mangled
        # CLASS cell): each stops the import with nothing written.
        assert race.refusal or race.errors or race.unknown_classes
        assert all(error.line >= 1 and error.reason for error in race.errors)
        before = row_counts()
        try:
            write_import(plan, event, imported_by_id=None)
        except ImportRefused:
            db.session.rollback()
        else:
            raise AssertionError("a plan that cannot be written was written")
        assert row_counts() == before
