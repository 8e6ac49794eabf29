"""Timing files: official results files to plain data (pure), then to the database (writer).

The parsing half is pure Python (no Flask, no SQLAlchemy) and has one entry point::

    from academy.results.timing import ParseOptions, parse_timing_file

    race = parse_timing_file(data, "23_Analysis_Race_Hour 4.CSV", ParseOptions(night=...))
    if race.ok:
        for car in race.cars: ...          # ParsedCar, its drivers are ParsedDriver by seat
    else:
        race.refusal                        # one sentence, the file as a whole was refused
        race.errors                         # RowError(line, reason), physical lines, header = 1

Modules:
    reader     parse_timing_file: size, decoding, layout, rows, checks; all or nothing
    parsed     the result types (ParsedRace, ParsedCar, ParsedDriver, RowError, RowWarning,
               ParseOptions, NightWindow, TimingFormat)
    formats    the known layouts and their required columns
    decoding   bytes to text (UTF-8 with or without BOM, Windows-1252, mixed) or a refusal
    table      header recognition, delimiter, numbered rows, cell reading
    alkamel    Al Kamel race classification and lap analysis to cars
    hour_by_hour  the hour-by-hour classification compilation to cars
    values     cell parsers (times, statuses, car numbers, driver lists)
    classes    race classes as data: labels, aliases, GROUP splits (ClassBook)
    permitted  which parsed rows an importing user may write (the access half of a preview)
    writer     the database half (not pure): matching drivers, planning and writing an import

Made-up timing files for tests and benchmarks are test data: tests/demo/timing_files.py.
"""

from academy.results.timing.parsed import (
    NightWindow,
    ParsedCar,
    ParsedDriver,
    ParsedRace,
    ParseOptions,
    RowError,
    RowWarning,
    TimingFormat,
)
from academy.results.timing.reader import parse_timing_file

__all__ = [
    "NightWindow",
    "ParseOptions",
    "ParsedCar",
    "ParsedDriver",
    "ParsedRace",
    "RowError",
    "RowWarning",
    "TimingFormat",
    "parse_timing_file",
]
