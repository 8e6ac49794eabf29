from __future__ import annotations

from academy.extensions import db
from academy.models import Driver, Result
from tests.demo.seed import seed_demo


def _every_table() -> dict[str, list[tuple]]:
    tables = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            order = [column for column in table.primary_key.columns]
            rows = connection.execute(table.select().order_by(*order)).all()
            tables[table.name] = [tuple(row) for row in rows]
    return tables


def test_backup_and_restore_round_trip_the_whole_demo_academy(runner, app, tmp_path):
    seed_demo(2026)
    db.session.commit()
    before = _every_table()
    assert len(before["results"]) > 1000
    backup_file = tmp_path / "academy.backup"

    result = runner.invoke(args=["backup", "--output", str(backup_file)])
    assert result.exit_code == 0, result.output
    assert backup_file.stat().st_size > 0

    db.session.execute(db.delete(Result))
    db.session.execute(db.update(Driver).values(biography="overwritten"))
    db.session.commit()
    db.session.remove()
    assert _every_table() != before

    result = runner.invoke(args=["restore", str(backup_file), "--yes"])
    assert result.exit_code == 0, result.output
    assert _every_table() == before


def test_restore_refuses_a_file_that_is_not_a_backup(runner, app, tmp_path):
    bogus = tmp_path / "not-a-backup.sqlite"
    bogus.write_bytes(b"hello, this is not a database" * 100)
    seed_demo(1)
    db.session.commit()
    drivers = db.session.execute(db.select(db.func.count(Driver.id))).scalar()
    result = runner.invoke(args=["restore", str(bogus), "--yes"])
    assert result.exit_code != 0
    assert "not" in result.output.lower()
    assert db.session.execute(db.select(db.func.count(Driver.id))).scalar() == drivers


def test_restore_of_a_missing_file_says_so(runner, app, tmp_path):
    result = runner.invoke(args=["restore", str(tmp_path / "nothing.sqlite"), "--yes"])
    assert result.exit_code != 0
    assert "No backup file" in result.output
