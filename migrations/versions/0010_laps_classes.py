"""Timing: every lap kept (laps), race classes as data (race_classes, race_entries.class_name),
circuits with position and time zone (circuit_locations, circuits.latitude/longitude/timezone)
so night is sunset to sunrise, and events without a round (events.round_number nullable).

The rows written here are frozen copies: `academy.imports.classes.KNOWN_CLASSES` may grow, this
revision does not change with it.

Making events.round_number nullable recreates the events table on SQLite. SQLite refuses to
rename the new table into place while triggers on other tables (0003's facts_version
triggers) name it, so the rename runs with legacy_alter_table on, and the table's own triggers,
which a recreate drops, are written again afterwards.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 22:30:00

"""

from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

RACE_CLASS_VALUES = (
    "HYPERCAR",
    "LMP1",
    "LMP2",
    "LMP2 PRO-AM",
    "LMP3",
    "LMGT3",
    "GT",
    "LMGTE PRO",
    "LMGTE AM",
    "INNOVATIVE",
)
PRO_AM = {group: "LMP2 Pro/Am" for group in ("P/A", "PRO/AM", "PRO-AM", "PRO AM", "PROAM")}

# name, counts as, aliases, series, seasons, group splits
CLASSES = [
    (
        "Hypercar",
        "HYPERCAR",
        ["HYPERCAR", "HYPERCAR H", "HYPERCAR NH", "LMH", "LMDH", "GTP"],
        ["WEC", "LM24", "IMSA"],
        "2021-",
        {},
    ),
    (
        "LMP1",
        "LMP1",
        ["LMP1", "LMP1-H", "LMP1-L", "LMP1 H", "LMP1 L"],
        ["WEC", "LM24", "ELMS", "ALMS"],
        "2004-2020",
        {},
    ),
    ("LMP2", "LMP2", ["LMP2"], ["WEC", "LM24", "ELMS", "ALMS"], "2004-", PRO_AM),
    (
        "LMP2 Pro/Am",
        "LMP2 PRO-AM",
        ["LMP2 PRO/AM", "LMP2 PRO-AM", "LMP2 PRO AM", "LMP2 PROAM", "LMP2 P/A"],
        ["WEC", "LM24", "ELMS"],
        "2021-",
        {},
    ),
    ("LMP3", "LMP3", ["LMP3"], ["ELMS", "ALMS", "LMC"], "2015-", {}),
    ("LMGT3", "LMGT3", ["LMGT3", "LM GT3"], ["WEC", "LM24", "ELMS"], "2024-", {}),
    ("GT", "GT", ["GT", "GT3", "GTD", "GT CUP"], ["ALMS", "IMSA"], "", {}),
    (
        "LMGTE Pro",
        "LMGTE PRO",
        ["LMGTE PRO", "LMGTE-PRO", "LM GTE PRO", "GTE PRO", "GTE-PRO"],
        ["WEC", "LM24"],
        "2011-2023",
        {},
    ),
    (
        "LMGTE Am",
        "LMGTE AM",
        ["LMGTE AM", "LMGTE-AM", "LM GTE AM", "GTE AM", "GTE-AM"],
        ["WEC", "LM24", "ELMS", "ALMS"],
        "2011-2023",
        {},
    ),
    (
        "LMGTE",
        "LMGTE PRO",
        ["LMGTE", "LM GTE", "GTE", "GT2", "LMGT2"],
        ["ELMS", "ALMS"],
        "2011-2017",
        {},
    ),
    ("GTC", "GT", ["GTC"], ["ELMS"], "2013-2015", {}),
    (
        "Innovative",
        "INNOVATIVE",
        ["INNOVATIVE", "INNOVATIVE CAR", "GARAGE 56", "CDNT"],
        ["LM24"],
        "",
        {},
    ),
]
# The class every existing entry was classified in, by its race_class.
CLASS_NAME_OF = {
    "HYPERCAR": "Hypercar",
    "LMP1": "LMP1",
    "LMP2": "LMP2",
    "LMP2 PRO-AM": "LMP2 Pro/Am",
    "LMP3": "LMP3",
    "LMGT3": "LMGT3",
    "GT": "GT",
    "LMGTE PRO": "LMGTE Pro",
    "LMGTE AM": "LMGTE Am",
    "INNOVATIVE": "Innovative",
}

# name, aliases, country, latitude, longitude, time zone
CIRCUITS = [
    (
        "Circuit de la Sarthe",
        ["Le Mans", "Circuit des 24 Heures du Mans"],
        "FRA",
        47.9560,
        0.2070,
        "Europe/Paris",
    ),
    ("Sepang International Circuit", ["Sepang"], "MYS", 2.7608, 101.7382, "Asia/Kuala_Lumpur"),
    ("Dubai Autodrome", ["Dubai"], "ARE", 25.0489, 55.2386, "Asia/Dubai"),
    ("Yas Marina Circuit", ["Yas Marina", "Abu Dhabi"], "ARE", 24.4672, 54.6031, "Asia/Dubai"),
    (
        "Circuit de Barcelona-Catalunya",
        ["Barcelona", "Catalunya", "Barcelona-Catalunya"],
        "ESP",
        41.5700,
        2.2611,
        "Europe/Madrid",
    ),
    (
        "Circuit Paul Ricard",
        ["Paul Ricard", "Le Castellet"],
        "FRA",
        43.2506,
        5.7917,
        "Europe/Paris",
    ),
    ("Autodromo Enzo e Dino Ferrari, Imola", ["Imola"], "ITA", 44.3439, 11.7167, "Europe/Rome"),
    (
        "Circuit de Spa-Francorchamps",
        ["Spa", "Spa-Francorchamps"],
        "BEL",
        50.4372,
        5.9714,
        "Europe/Brussels",
    ),
    ("Silverstone Circuit", ["Silverstone"], "GBR", 52.0786, -1.0169, "Europe/London"),
    (
        "Autódromo Internacional do Algarve",
        ["Portimao", "Portimão", "Algarve"],
        "PRT",
        37.2270,
        -8.6267,
        "Europe/Lisbon",
    ),
    ("Suzuka Circuit", ["Suzuka"], "JPN", 34.8431, 136.5407, "Asia/Tokyo"),
    ("Chang International Circuit", ["Buriram", "Chang"], "THA", 14.9580, 103.0847, "Asia/Bangkok"),
    (
        "Bahrain International Circuit",
        ["Bahrain", "Sakhir"],
        "BHR",
        26.0325,
        50.5106,
        "Asia/Bahrain",
    ),
    ("Circuit of the Americas", ["COTA", "Austin"], "USA", 30.1328, -97.6411, "America/Chicago"),
    ("Fuji Speedway", ["Fuji"], "JPN", 35.3717, 138.9272, "Asia/Tokyo"),
    ("Autodromo Nazionale Monza", ["Monza"], "ITA", 45.6156, 9.2811, "Europe/Rome"),
    ("Lusail International Circuit", ["Lusail", "Qatar"], "QAT", 25.4900, 51.4542, "Asia/Qatar"),
    (
        "Autódromo José Carlos Pace",
        ["Interlagos", "Sao Paulo", "São Paulo"],
        "BRA",
        -23.7036,
        -46.6997,
        "America/Sao_Paulo",
    ),
    ("Sebring International Raceway", ["Sebring"], "USA", 27.4547, -81.3483, "America/New_York"),
    ("Shanghai International Circuit", ["Shanghai"], "CHN", 31.3389, 121.2197, "Asia/Shanghai"),
    ("Mugello Circuit", ["Mugello"], "ITA", 43.9975, 11.3719, "Europe/Rome"),
    ("Red Bull Ring", ["Spielberg", "Österreichring"], "AUT", 47.2197, 14.7647, "Europe/Vienna"),
    ("Hungaroring", [], "HUN", 47.5789, 19.2486, "Europe/Budapest"),
    ("Circuito do Estoril", ["Estoril"], "PRT", 38.7506, -9.3942, "Europe/Lisbon"),
    ("Nürburgring", ["Nurburgring"], "DEU", 50.3356, 6.9475, "Europe/Berlin"),
    ("Zhuhai International Circuit", ["Zhuhai"], "CHN", 22.3667, 113.5556, "Asia/Shanghai"),
]


def _class_enum(name):
    return sa.Enum(
        *RACE_CLASS_VALUES, name=name, native_enum=False, create_constraint=True, length=32
    )


def upgrade():
    bind = op.get_bind()
    race_classes = op.create_table(
        "race_classes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("counts_as", _class_enum("class_counts_as"), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("series", sa.JSON(), nullable=False),
        sa.Column("seasons", sa.String(length=40), nullable=False),
        sa.Column("group_splits", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_race_classes")),
        sa.UniqueConstraint("name", name=op.f("uq_race_classes_name")),
    )
    op.bulk_insert(
        race_classes,
        [
            {
                "name": name,
                "counts_as": counts_as,
                "aliases": aliases,
                "series": series,
                "seasons": seasons,
                "group_splits": splits,
            }
            for name, counts_as, aliases, series, seasons, splits in CLASSES
        ],
    )
    locations = op.create_table(
        "circuit_locations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=150), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circuit_locations")),
        sa.UniqueConstraint("name", name=op.f("uq_circuit_locations_name")),
    )
    op.bulk_insert(
        locations,
        [
            {
                "name": name,
                "aliases": aliases,
                "country": country,
                "latitude": lat,
                "longitude": lon,
                "timezone": zone,
            }
            for name, aliases, country, lat, lon, zone in CIRCUITS
        ],
    )
    with op.batch_alter_table("circuits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("latitude", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("longitude", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("timezone", sa.String(length=64), nullable=True))
    circuits = sa.table(
        "circuits",
        sa.column("name", sa.String),
        sa.column("latitude", sa.Float),
        sa.column("longitude", sa.Float),
        sa.column("timezone", sa.String),
    )
    for name, aliases, _country, lat, lon, zone in CIRCUITS:
        op.execute(
            circuits.update()
            .where(sa.func.lower(circuits.c.name).in_([n.lower() for n in (name, *aliases)]))
            .values(latitude=lat, longitude=lon, timezone=zone)
        )

    with op.batch_alter_table("race_entries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("class_name", sa.String(length=40), server_default="", nullable=False)
        )
    entries = sa.table(
        "race_entries", sa.column("race_class", sa.String), sa.column("class_name", sa.String)
    )
    for value, name in CLASS_NAME_OF.items():
        op.execute(entries.update().where(entries.c.race_class == value).values(class_name=name))

    op.create_table(
        "laps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("seat", sa.Integer(), nullable=False),
        sa.Column("lap_number", sa.Integer(), nullable=False),
        sa.Column("lap_ms", sa.Integer(), nullable=False),
        sa.Column("s1_ms", sa.Integer(), nullable=True),
        sa.Column("s2_ms", sa.Integer(), nullable=True),
        sa.Column("s3_ms", sa.Integer(), nullable=True),
        sa.Column("in_pit", sa.Boolean(), nullable=False),
        sa.Column("pit_time_ms", sa.Integer(), nullable=True),
        sa.Column("flag", sa.String(length=8), nullable=False),
        sa.Column("elapsed_ms", sa.Integer(), nullable=False),
        sa.Column("hour_ms", sa.Integer(), nullable=True),
        sa.Column("night", sa.Boolean(), nullable=False),
        sa.CheckConstraint("seat BETWEEN 1 AND 5", name=op.f("ck_laps_seat_range")),
        sa.CheckConstraint("lap_number > 0", name=op.f("ck_laps_lap_number_positive")),
        sa.CheckConstraint("lap_ms > 0", name=op.f("ck_laps_lap_ms_positive")),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["race_entries.id"],
            name=op.f("fk_laps_entry_id_race_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_laps")),
        sa.UniqueConstraint("entry_id", "lap_number", name=op.f("uq_laps_entry_id_lap_number")),
    )

    _alter_events_round(bind, nullable=True)


@contextmanager
def _recreating(bind, table):
    """Around a batch change that recreates `table` on SQLite (see the module docstring)."""
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


def _alter_events_round(bind, nullable):
    with _recreating(bind, "events"), op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.alter_column("round_number", existing_type=sa.Integer(), nullable=nullable)


def downgrade():
    bind = op.get_bind()
    op.execute("UPDATE events SET round_number = 1 WHERE round_number IS NULL")
    _alter_events_round(bind, nullable=False)
    op.drop_table("laps")
    with _recreating(bind, "race_entries"), op.batch_alter_table("race_entries") as batch_op:
        batch_op.drop_column("class_name")
    with _recreating(bind, "circuits"), op.batch_alter_table("circuits") as batch_op:
        batch_op.drop_column("timezone")
        batch_op.drop_column("longitude")
        batch_op.drop_column("latitude")
    op.drop_table("circuit_locations")
    op.drop_table("race_classes")
