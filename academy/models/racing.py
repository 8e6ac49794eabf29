from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.enums import Categorisation, RaceClass, ResultStatus
from academy.extensions import Model
from academy.models._types import enum_column, utcnow

if TYPE_CHECKING:
    from academy.models.drivers import Driver


class Circuit(Model):
    __tablename__ = "circuits"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(150), unique=True)
    country: Mapped[str] = mapped_column(String(3))
    length_km: Mapped[Decimal | None] = mapped_column(Numeric(6, 3))
    # Where the sun sets: night laps are those between sunset and sunrise here. Filled from
    # `CircuitLocation` (the real circuits) or by hand; None: night falls back to 22:00-05:00.
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    timezone: Mapped[str | None] = mapped_column(String(64))


class CircuitLocation(Model):
    """The real circuits of ALMS, ELMS, WEC and Le Mans, written by migration 0004: position
    and time zone, looked up by name or alias when a circuit is created or a file imported."""

    __tablename__ = "circuit_locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(150), unique=True)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    country: Mapped[str] = mapped_column(String(3))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    timezone: Mapped[str] = mapped_column(String(64))


class ClassDefinition(Model):
    """A race class as data (`academy.results.timing.classes`): canonical name, the labels
    timing files
    write for it, the series and seasons that ran it, the pathway class it counts as, and the
    GROUP values that split it into a classification of its own."""

    __tablename__ = "race_classes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    counts_as: Mapped[RaceClass] = mapped_column(enum_column(RaceClass, "class_counts_as"))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    series: Mapped[list[str]] = mapped_column(JSON, default=list)
    seasons: Mapped[str] = mapped_column(String(40), default="")
    group_splits: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)


class Series(Model):
    __tablename__ = "series"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)  # ALMS, ELMS, WEC, LMC, LM24
    name: Mapped[str] = mapped_column(String(150))

    seasons: Mapped[list[Season]] = relationship(back_populates="series")


class Season(Model):
    __tablename__ = "seasons"
    __table_args__ = (UniqueConstraint("series_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id"))
    label: Mapped[str] = mapped_column(String(20))  # "2025-26" or "2025"
    starts_on: Mapped[date]

    series: Mapped[Series] = relationship(back_populates="seasons")
    events: Mapped[list[Event]] = relationship(back_populates="season", order_by="Event.starts_on")


class Event(Model):
    """One race: a round of a season (ALMS rounds are double-headers, so race 1 and race 2)."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("season_id", "round_number", "race_number"),
        CheckConstraint("duration_hours > 0", name="duration_positive"),
        CheckConstraint("round_number > 0 AND race_number > 0", name="numbers_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    season_id: Mapped[int] = mapped_column(ForeignKey("seasons.id"), index=True)
    circuit_id: Mapped[int] = mapped_column(ForeignKey("circuits.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # None for a one-off race (the 24 Hours of Le Mans).
    round_number: Mapped[int | None]
    race_number: Mapped[int] = mapped_column(default=1)
    starts_on: Mapped[date]
    # The start's time of day at the circuit (its time zone), when known: the calendar then
    # gives the race its hours; without it the race is a whole day there.
    start_time: Mapped[time | None]
    duration_hours: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    # A race that runs into the dark (night finish, 12 h, 24 h).
    night_running: Mapped[bool] = mapped_column(default=False)

    season: Mapped[Season] = relationship(back_populates="events")
    circuit: Mapped[Circuit] = relationship()
    entries: Mapped[list[RaceEntry]] = relationship(back_populates="event")

    @property
    def round_words(self) -> str:
        """'R2', 'R2 race 2', or 'one-off race' for an event without a round."""
        race = f" race {self.race_number}" if self.race_number > 1 else ""
        if self.round_number is None:
            return f"one-off race{race}"
        return f"R{self.round_number}{race}"


class Team(Model):
    """A racing team. Timing files write its name in many ways ("AO by TF", "Vista AF Corse");
    `aliases` keeps the names the director mapped to it (`academy.results.timing.teams`)."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    country: Mapped[str] = mapped_column(String(3), default="")
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)

    season_entries: Mapped[list[SeasonEntry]] = relationship(back_populates="team")


class SeasonEntry(Model):
    """A team's car number in a season: the unit a championship ranks and a Le Mans invitation
    goes to. The crew of each race is the drivers (`Result`s) of that race's `RaceEntry`."""

    __tablename__ = "season_entries"
    __table_args__ = (UniqueConstraint("season_id", "team_id", "car_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    season_id: Mapped[int] = mapped_column(ForeignKey("seasons.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    car_number: Mapped[str] = mapped_column(String(10))

    season: Mapped[Season] = relationship()
    team: Mapped[Team] = relationship(back_populates="season_entries")
    race_entries: Mapped[list[RaceEntry]] = relationship(back_populates="season_entry")


class RaceEntry(Model):
    """A car in a race, with the car's result. `team` is the name as the timing file wrote it;
    `season_entry` is the team's car in the season it belongs to."""

    __tablename__ = "race_entries"
    __table_args__ = (
        UniqueConstraint("event_id", "car_number"),
        CheckConstraint("laps >= 0", name="laps_non_negative"),
        CheckConstraint("total_time_ms IS NULL OR total_time_ms >= 0", name="time_non_negative"),
        CheckConstraint("best_lap_ms IS NULL OR best_lap_ms > 0", name="best_lap_positive"),
        CheckConstraint("position_overall IS NULL OR position_overall > 0", name="pos_positive"),
        CheckConstraint("position_in_class IS NULL OR position_in_class > 0", name="class_pos"),
        CheckConstraint("points >= 0", name="points_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    car_number: Mapped[str] = mapped_column(String(10))
    team: Mapped[str] = mapped_column(String(200))
    car: Mapped[str] = mapped_column(String(200), default="")
    race_class: Mapped[RaceClass] = mapped_column(enum_column(RaceClass, "race_class"))
    # The class the car was classified in (`ClassDefinition.name`): 'LMGTE', 'LMP2 Pro/Am'.
    class_name: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[ResultStatus] = mapped_column(enum_column(ResultStatus, "result_status"))
    position_overall: Mapped[int | None]
    position_in_class: Mapped[int | None]
    laps: Mapped[int] = mapped_column(default=0)
    total_time_ms: Mapped[int | None]
    best_lap_ms: Mapped[int | None]
    points: Mapped[Decimal] = mapped_column(Numeric(5, 1), default=0)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    season_entry_id: Mapped[int | None] = mapped_column(ForeignKey("season_entries.id"), index=True)

    event: Mapped[Event] = relationship(back_populates="entries")
    season_entry: Mapped[SeasonEntry | None] = relationship(back_populates="race_entries")
    results: Mapped[list[Result]] = relationship(
        back_populates="entry", order_by="Result.seat", cascade="all, delete-orphan"
    )
    laps_detail: Mapped[list[Lap]] = relationship(
        back_populates="entry",
        order_by="Lap.lap_number",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class Lap(Model):
    """One lap of a lap analysis. Stints and pit stops follow from the laps
    (`academy.results.debrief`); written in bulk by the importer."""

    __tablename__ = "laps"
    __table_args__ = (
        UniqueConstraint("entry_id", "lap_number"),
        CheckConstraint("seat BETWEEN 1 AND 5", name="seat_range"),
        CheckConstraint("lap_number > 0", name="lap_number_positive"),
        CheckConstraint("lap_ms > 0", name="lap_ms_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("race_entries.id", ondelete="CASCADE"))
    seat: Mapped[int]
    lap_number: Mapped[int]
    lap_ms: Mapped[int]
    s1_ms: Mapped[int | None]
    s2_ms: Mapped[int | None]
    s3_ms: Mapped[int | None]
    in_pit: Mapped[bool] = mapped_column(default=False)  # ended in the pit lane (B)
    pit_time_ms: Mapped[int | None]  # time in the pit lane, on the lap out of the pits
    flag: Mapped[str] = mapped_column(String(8), default="")
    elapsed_ms: Mapped[int]
    hour_ms: Mapped[int | None]  # local time of day at the line
    night: Mapped[bool] = mapped_column(default=False)

    entry: Mapped[RaceEntry] = relationship(back_populates="laps_detail")


class Result(Model):
    """One driver's part in a car's race: an academy driver, or an external co-driver by name."""

    __tablename__ = "results"
    __table_args__ = (
        UniqueConstraint("entry_id", "seat"),
        CheckConstraint("seat BETWEEN 1 AND 5", name="seat_range"),
        CheckConstraint("drive_time_ms IS NULL OR drive_time_ms >= 0", name="drive_time_nn"),
        CheckConstraint("laps IS NULL OR laps >= 0", name="laps_non_negative"),
        CheckConstraint("night_laps IS NULL OR night_laps >= 0", name="night_laps_nn"),
        CheckConstraint("best_lap_ms IS NULL OR best_lap_ms > 0", name="best_lap_positive"),
        CheckConstraint(
            "driver_id IS NOT NULL OR length(external_name) > 0", name="driver_or_name"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("race_entries.id"), index=True)
    driver_id: Mapped[int | None] = mapped_column(ForeignKey("drivers.id"), index=True)
    # The name as the timing file spelt it (an academy driver's too, when imported): shown in
    # place of the driver's own name to whom may not learn they are the academy's.
    external_name: Mapped[str] = mapped_column(String(300), default="")
    seat: Mapped[int]
    drive_time_ms: Mapped[int | None]
    laps: Mapped[int | None]
    night_laps: Mapped[int | None]
    best_lap_ms: Mapped[int | None]
    # An imported seat that names an academy driver the importer may not record results for:
    # kept under its name until that driver's coach or the director confirms it is theirs.
    pending_driver_id: Mapped[int | None] = mapped_column(ForeignKey("drivers.id"), index=True)
    # An external co-driver's FIA category in this race, when the academy knows it (from the
    # FIA list); None: not known, and a crew check that depends on it says "unknown".
    external_category: Mapped[Categorisation | None] = mapped_column(
        enum_column(Categorisation, "external_categorisation")
    )

    entry: Mapped[RaceEntry] = relationship(back_populates="results")
    driver: Mapped[Driver | None] = relationship("Driver", foreign_keys=[driver_id])
    pending_driver: Mapped[Driver | None] = relationship("Driver", foreign_keys=[pending_driver_id])

    @property
    def name(self) -> str:
        return self.driver.legal_name if self.driver is not None else self.external_name

    @property
    def public_name(self) -> str:
        """The name for a viewer who may not learn the driver is the academy's: as the timing
        file gave it (the driver's own name only for a seat entered by hand)."""
        return self.external_name or self.name


class ImportBatch(Model):
    """One timing file imported into one event."""

    __tablename__ = "import_batches"
    __table_args__ = (UniqueConstraint("event_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    file_format: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int]
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[Event] = relationship()
