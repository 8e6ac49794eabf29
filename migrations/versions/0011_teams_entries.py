"""Teams and season entries: a team as a record (teams), a team's car number in a season
(season_entries), and each race entry linked to its season entry (race_entries.season_entry_id);
an external co-driver's FIA category in a race when known (results.external_category).

The existing race entries keep their team name as the timing file wrote it; a team is made for
each distinct name, names that differ only in case, accents, punctuation or a leading or
trailing "Team" becoming one team (the first name seen, by entry id, is the team's name), and
each entry is linked to the season entry of its team and car number. The name key below is a
frozen copy of `academy.imports.teams.team_key` at the time of writing.

Adding a foreign key column to race_entries recreates the table on SQLite, which drops its
triggers (0003) and refuses the rename while other tables' triggers name it: as in 0010, the
rename runs with legacy_alter_table on and the table's own triggers are written again.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 02:10:00

"""

import re
import unicodedata
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_SPACES = re.compile(r"\s+")
_TRANSLITERATIONS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d"})


def _team_key(name):
    text = unicodedata.normalize("NFKD", (name or "").casefold()).translate(_TRANSLITERATIONS)
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Mn":
            continue
        kept.append(char if category[0] in "LN" else " ")
    words = unicodedata.normalize("NFC", _SPACES.sub(" ", "".join(kept)).strip()).split()
    while len(words) > 1 and words[0] == "team":
        words = words[1:]
    while len(words) > 1 and words[-1] == "team":
        words = words[:-1]
    return " ".join(words)


@contextmanager
def _recreating(bind, table):
    sqlite = bind.dialect.name == "sqlite"
    own_triggers = []
    if sqlite:
        own_triggers = [
            row[0]
            for row in bind.execute(
                sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
                {"t": table},
            )
        ]
        op.execute("PRAGMA legacy_alter_table = ON")
    yield
    if sqlite:
        op.execute("PRAGMA legacy_alter_table = OFF")
        for sql in own_triggers:
            op.execute(f"DROP TRIGGER IF EXISTS {sql.split()[2]}")
            op.execute(sql)


def upgrade():
    bind = op.get_bind()
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("name", name=op.f("uq_teams_name")),
    )
    op.create_table(
        "season_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("season_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("car_number", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["season_id"], ["seasons.id"], name=op.f("fk_season_entries_season_id_seasons")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_season_entries_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_season_entries")),
        sa.UniqueConstraint(
            "season_id",
            "team_id",
            "car_number",
            name=op.f("uq_season_entries_season_id_team_id_car_number"),
        ),
    )
    with op.batch_alter_table("season_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_season_entries_season_id"), ["season_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_season_entries_team_id"), ["team_id"], unique=False)

    with _recreating(bind, "race_entries"), op.batch_alter_table("race_entries") as batch_op:
        batch_op.add_column(sa.Column("season_entry_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_race_entries_season_entry_id"), ["season_entry_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_race_entries_season_entry_id_season_entries"),
            "season_entries",
            ["season_entry_id"],
            ["id"],
        )

    with _recreating(bind, "results"), op.batch_alter_table("results") as batch_op:
        batch_op.add_column(
            sa.Column(
                "external_category",
                sa.Enum(
                    "bronze",
                    "silver",
                    "gold",
                    "platinum",
                    name="external_categorisation",
                    native_enum=False,
                    create_constraint=True,
                    length=32,
                ),
                nullable=True,
            )
        )

    _link_existing_entries(bind)


def _link_existing_entries(bind):
    rows = bind.execute(
        sa.text(
            "SELECT race_entries.id, race_entries.team, race_entries.car_number, "
            "events.season_id FROM race_entries JOIN events ON events.id = race_entries.event_id "
            "ORDER BY race_entries.id"
        )
    ).all()
    if not rows:
        return
    teams = sa.table(
        "teams",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("country", sa.String),
        sa.column("aliases", sa.JSON),
    )
    season_entries = sa.table(
        "season_entries",
        sa.column("id", sa.Integer),
        sa.column("season_id", sa.Integer),
        sa.column("team_id", sa.Integer),
        sa.column("car_number", sa.String),
    )
    names = {}  # key -> (name, aliases)
    for _, team, _, _ in rows:
        name = " ".join((team or "").split())[:200] or "Unnamed team"
        key = _team_key(name) or name
        if key not in names:
            names[key] = (name, [])
        elif name != names[key][0] and name not in names[key][1]:
            names[key][1].append(name)
    for name, aliases in names.values():
        bind.execute(teams.insert().values(name=name, country="", aliases=aliases))
    team_id = {name: id_ for id_, name in bind.execute(sa.select(teams.c.id, teams.c.name))}
    team_of = {key: team_id[name] for key, (name, _) in names.items()}

    def key_of(team):
        name = " ".join((team or "").split())[:200] or "Unnamed team"
        return _team_key(name) or name

    pairs = sorted({(season, team_of[key_of(team)], number) for _, team, number, season in rows})
    for season, team, number in pairs:
        bind.execute(
            season_entries.insert().values(season_id=season, team_id=team, car_number=number)
        )
    entry_id = {
        (season, team, number): id_
        for id_, season, team, number in bind.execute(
            sa.select(
                season_entries.c.id,
                season_entries.c.season_id,
                season_entries.c.team_id,
                season_entries.c.car_number,
            )
        )
    }
    race_entries = sa.table(
        "race_entries", sa.column("id", sa.Integer), sa.column("season_entry_id", sa.Integer)
    )
    for id_, team, number, season in rows:
        bind.execute(
            race_entries.update()
            .where(race_entries.c.id == id_)
            .values(season_entry_id=entry_id[(season, team_of[key_of(team)], number)])
        )


def downgrade():
    bind = op.get_bind()
    with _recreating(bind, "results"), op.batch_alter_table("results") as batch_op:
        batch_op.drop_constraint("external_categorisation", type_="check")
        batch_op.drop_column("external_category")
    with _recreating(bind, "race_entries"), op.batch_alter_table("race_entries") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_race_entries_season_entry_id_season_entries"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_race_entries_season_entry_id"))
        batch_op.drop_column("season_entry_id")
    with op.batch_alter_table("season_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_season_entries_team_id"))
        batch_op.drop_index(batch_op.f("ix_season_entries_season_id"))
    op.drop_table("season_entries")
    op.drop_table("teams")
