"""Read one uploaded timing file: `parse_timing_file(data, file_name, options) -> ParsedRace`.

Pure Python (no Flask, no database): bytes in, frozen data out. The steps, each of which can
refuse the whole file with one sentence (`ParsedRace.refusal`):

1. size: over `options.max_bytes`, or empty, is refused before any decoding;
2. bytes: images, PDFs, spreadsheets and other binary files are refused; text is decoded as
   UTF-8 (with or without BOM), else line by line as UTF-8 or Windows-1252
   (`ParsedRace.encoding`: "utf-8-sig", "utf-8", "cp1252", "utf-8+cp1252" or "utf-16");
3. header: the first non-blank line must be a known layout (`formats.KNOWN_FORMATS`) under
   ';', ',' or tab; a delimiter other than the publisher's is read with a warning; missing
   required columns refuse the file, naming them;
4. rows: every bad row becomes a `RowError(line, reason)` with its physical line (header =
   line 1), every cell problem of the row in the reason; then checks across rows (duplicate
   cars, laps out of order, times that disagree) add their own errors.

All or nothing: a race with any error or a refusal has no cars (`ParsedRace.ok` is False),
so nothing partial can be imported. Warnings never block; they say what was repaired.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

from academy.results.timing.alkamel import assemble_classification, assemble_lap_analysis
from academy.results.timing.cars import Assembly
from academy.results.timing.decoding import (
    MIXED_UTF8_CP1252,
    Refusal,
    check_size,
    decode_timing_bytes,
)
from academy.results.timing.hour_by_hour import assemble_hour_by_hour
from academy.results.timing.parsed import (
    ParsedRace,
    ParseOptions,
    RowError,
    RowWarning,
    TimingFormat,
)
from academy.results.timing.table import LayoutRefusal, delimiter_warning, find_layout, read_rows

# Past this many, errors are summed up in one last entry: a file this broken is re-exported,
# not fixed row by row.
MAX_ERRORS = 100


def parse_timing_file(
    data: bytes, file_name: str, options: ParseOptions | None = None
) -> ParsedRace:
    """Parse an Al Kamel classification, an Al Kamel lap analysis or an hour-by-hour
    compilation. Never raises on bad content: every problem is in the returned race."""
    options = options or ParseOptions()
    race = ParsedRace(
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
    )
    size_refusal = check_size(len(data), options.max_bytes)
    if size_refusal is not None:
        return _refused(race, size_refusal.reason)
    decoded = decode_timing_bytes(data)
    if isinstance(decoded, Refusal):
        return _refused(race, decoded.reason)
    warnings: list[RowWarning] = []
    if decoded.encoding == MIXED_UTF8_CP1252 and decoded.cp1252_lines:
        lines = decoded.cp1252_lines
        warnings.append(
            RowWarning(
                lines[0],
                f"{len(lines)} line{'s are' if len(lines) > 1 else ' is'} in Windows-1252 while "
                "the rest is UTF-8; each line was read in its own encoding",
            )
        )
    race = _with(race, encoding=decoded.encoding)
    layout = find_layout(decoded.text)
    if isinstance(layout, LayoutRefusal):
        return _refused(race, layout.reason)
    timing_format = layout.spec.timing_format
    race = _with(race, file_format=timing_format, delimiter=layout.delimiter)
    warning = delimiter_warning(layout)
    if warning is not None:
        warnings.append(warning)
    outcome = read_rows(decoded.text, layout)
    race = _with(race, data_rows=len(outcome.rows))
    if outcome.refusal is not None:
        return _refused(race, outcome.refusal, warnings)
    if not outcome.rows:
        return _refused(race, f"The file has a header but no rows after line {layout.header_line}.")
    if timing_format is TimingFormat.ALKAMEL_CLASSIFICATION:
        assembly = assemble_classification(layout, outcome.rows, options.classes)
    elif timing_format is TimingFormat.ALKAMEL_LAP_ANALYSIS:
        assembly = assemble_lap_analysis(layout, outcome.rows, options.night, options.classes)
    else:
        assembly = assemble_hour_by_hour(layout, outcome.rows, options.classes)
    return _finish(race, assembly, warnings)


def _finish(race: ParsedRace, assembly: Assembly, warnings: list[RowWarning]) -> ParsedRace:
    errors = sorted(assembly.errors, key=lambda error: error.line)
    all_warnings = tuple(sorted([*warnings, *assembly.warnings], key=lambda w: w.line))
    if errors:
        if len(errors) > MAX_ERRORS:
            rest = errors[MAX_ERRORS:]
            errors = [
                *errors[:MAX_ERRORS],
                RowError(
                    rest[0].line,
                    f"and {len(rest)} more rows with errors from this line on (not listed)",
                ),
            ]
        return _with(race, errors=tuple(errors), warnings=all_warnings)
    return _with(race, cars=tuple(assembly.cars), warnings=all_warnings)


def _refused(race: ParsedRace, reason: str, warnings: list[RowWarning] | None = None) -> ParsedRace:
    return _with(race, refusal=reason, warnings=tuple(warnings or ()))


def _with(race: ParsedRace, **changes: Any) -> ParsedRace:
    return replace(race, **changes)
