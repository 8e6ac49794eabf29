"""latest_grades: each driver's current grade per competency (score, session, the day it was
held), so pages read it instead of ranking every grade of a cohort. The rule is
coaching.queries.current_grades: the grade that stands (no correction supersedes it) in the
most recent session (by the day held, then the session's id).

Database triggers keep it, in the same transaction as the write, whoever makes it: logging a
session, a correction, a deleted session, the demo and benchmark builders' bulk inserts, a
hand-written SQL fix (as the facts_version triggers of 0003 do). A new grade replaces the
stored one when its session is as recent or more; a deleted or changed grade, and a session
whose day changes, have their driver's competencies ranked again. The upgrade fills the table
from the existing grades.

Also an index on grades.supersedes_id: "no correction supersedes it" looks a grade up by it.

Note for later revisions: SQLite drops a table's triggers when a batch migration recreates
the table; recreate them (_create_triggers below) after any such change of grades or
coaching_sessions, with those of 0003.

Revision ID: 0014
Revises: 0013 (0013_stored_standings)
Create Date: 2026-12-02 07:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

COLUMNS = "driver_id, competency_id, score, session_id, held_on"


def _rank_again(pairs: str) -> str:
    """Rank again the standing grades of the (driver, competency) pairs that `pairs` (a
    condition on g.driver_id and g.competency_id) selects, and store each pair's first."""
    return (
        f"INSERT INTO latest_grades ({COLUMNS}) SELECT {COLUMNS} FROM ("
        "SELECT g.driver_id, g.competency_id, g.score, g.session_id, s.held_on, "
        "row_number() OVER (PARTITION BY g.driver_id, g.competency_id "
        "ORDER BY s.held_on DESC, s.id DESC, g.id DESC) AS rank "
        "FROM grades g JOIN coaching_sessions s ON s.id = g.session_id "
        f"WHERE ({pairs}) "
        "AND NOT EXISTS (SELECT 1 FROM grades later WHERE later.supersedes_id = g.id)"
        ") ranked WHERE rank = 1"
    )


def _refresh(pairs_of_stored: str, pairs_of_grades: str) -> list[str]:
    return [f"DELETE FROM latest_grades WHERE {pairs_of_stored}", _rank_again(pairs_of_grades)]


def _pair(row: str, prefix: str = "") -> str:
    return f"{prefix}driver_id = {row}.driver_id AND {prefix}competency_id = {row}.competency_id"


# The new grade's session is as recent as the stored one or more: it is the current grade
# (a correction, revision n + 1 in the same session, replaces revision n).
STORE_NEW = (
    f"INSERT INTO latest_grades ({COLUMNS}) "
    "SELECT NEW.driver_id, NEW.competency_id, NEW.score, NEW.session_id, s.held_on "
    "FROM coaching_sessions s WHERE s.id = NEW.session_id "
    "ON CONFLICT (driver_id, competency_id) DO UPDATE SET score = excluded.score, "
    "session_id = excluded.session_id, held_on = excluded.held_on "
    "WHERE (excluded.held_on, excluded.session_id) "
    ">= (latest_grades.held_on, latest_grades.session_id)"
)


def _grade_gone(row: str) -> list[str]:
    return _refresh(_pair(row), _pair(row, "g."))


SESSION_PAIRS = "SELECT driver_id, competency_id FROM grades WHERE session_id = NEW.id"
SESSION_MOVED = _refresh(
    f"(driver_id, competency_id) IN ({SESSION_PAIRS})",
    f"(g.driver_id, g.competency_id) IN ({SESSION_PAIRS})",
)

SQLITE_TRIGGERS = {
    "grades_insert_keeps_latest_grades": ("AFTER INSERT ON grades FOR EACH ROW", [STORE_NEW]),
    "grades_delete_keeps_latest_grades": (
        "AFTER DELETE ON grades FOR EACH ROW",
        _grade_gone("OLD"),
    ),
    "grades_update_keeps_latest_grades": (
        "AFTER UPDATE ON grades FOR EACH ROW",
        _grade_gone("OLD") + _grade_gone("NEW"),
    ),
    "coaching_sessions_update_keeps_latest_grades": (
        "AFTER UPDATE OF held_on ON coaching_sessions FOR EACH ROW "
        "WHEN OLD.held_on IS NOT NEW.held_on",
        SESSION_MOVED,
    ),
}


def _create_sqlite_triggers() -> None:
    for name, (when, statements) in SQLITE_TRIGGERS.items():
        body = " ".join(f"{statement};" for statement in statements)
        op.execute(f"CREATE TRIGGER {name} {when} BEGIN {body} END")


def _plpgsql(statements: list[str]) -> str:
    return " ".join(f"{statement};" for statement in statements)


def _create_postgresql_triggers() -> None:
    op.execute(
        "CREATE FUNCTION grades_keep_latest_grades() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF TG_OP = 'INSERT' THEN {_plpgsql([STORE_NEW])} "
        f"ELSE {_plpgsql(_grade_gone('OLD'))} "
        f"IF TG_OP = 'UPDATE' THEN {_plpgsql(_grade_gone('NEW'))} END IF; "
        "END IF; RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER grades_keep_latest_grades AFTER INSERT OR UPDATE OR DELETE ON grades "
        "FOR EACH ROW EXECUTE FUNCTION grades_keep_latest_grades()"
    )
    op.execute(
        "CREATE FUNCTION coaching_sessions_keep_latest_grades() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN {_plpgsql(SESSION_MOVED)} RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER coaching_sessions_keep_latest_grades AFTER UPDATE OF held_on "
        "ON coaching_sessions FOR EACH ROW WHEN (OLD.held_on IS DISTINCT FROM NEW.held_on) "
        "EXECUTE FUNCTION coaching_sessions_keep_latest_grades()"
    )


def _create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _create_postgresql_triggers()
    else:
        _create_sqlite_triggers()


def upgrade():
    op.create_index(op.f("ix_grades_supersedes_id"), "grades", ["supersedes_id"], unique=False)
    op.create_table(
        "latest_grades",
        sa.Column("driver_id", sa.Integer(), nullable=False),
        sa.Column("competency_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["driver_id"],
            ["drivers.id"],
            name=op.f("fk_latest_grades_driver_id_drivers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["competency_id"],
            ["competencies.id"],
            name=op.f("fk_latest_grades_competency_id_competencies"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["coaching_sessions.id"],
            name=op.f("fk_latest_grades_session_id_coaching_sessions"),
        ),
        sa.PrimaryKeyConstraint("driver_id", "competency_id", name=op.f("pk_latest_grades")),
    )
    op.execute(_rank_again("1 = 1"))
    _create_triggers()


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS grades_keep_latest_grades ON grades")
        op.execute("DROP FUNCTION IF EXISTS grades_keep_latest_grades()")
        op.execute(
            "DROP TRIGGER IF EXISTS coaching_sessions_keep_latest_grades ON coaching_sessions"
        )
        op.execute("DROP FUNCTION IF EXISTS coaching_sessions_keep_latest_grades()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("latest_grades")
    op.drop_index(op.f("ix_grades_supersedes_id"), table_name="grades")
