"""Decoded text to a header and numbered rows: delimiter, layout, columns. Pure Python.

The header is the first non-blank line. Its names are compared trimmed, upper-cased and with
inner white space collapsed (" LAP_TIME", "Tyres  "), and empty names at its end (Al Kamel
ends every line with a ';') are dropped. Each row keeps the physical line it starts on
(header = line 1 in a file without leading blank lines), so errors point where an editor does.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from academy.results.timing.formats import KNOWN_FORMATS, FormatSpec
from academy.results.timing.parsed import RowError, RowWarning
from academy.results.timing.values import check_readable, squeeze

DELIMITERS: tuple[str, ...] = (";", ",", "\t")
T = TypeVar("T")
_LINE_END = re.compile(r"\r\n|\r|\n")
_DELIMITER_NAMES = {";": "semicolons", ",": "commas", "\t": "tabs"}

# The csv module refuses fields longer than this with csv.Error; no timing cell comes close.
_FIELD_LIMIT = 128 * 1024


def column_key(name: str) -> str:
    """How header names are compared: ' LAP_TIME' -> 'LAP_TIME', 'Tyres  ' -> 'TYRES'."""
    return squeeze(name.removeprefix("\ufeff")).upper()


@dataclass(frozen=True)
class Layout:
    """The recognised header: which format, which delimiter, where each column is."""

    spec: FormatSpec
    delimiter: str
    header_line: int
    header_cells: int  # cells in the header line, trailing empty ones included
    width: int  # columns up to the last named one
    columns: dict[str, int]  # column_key -> index of its first occurrence
    labels: dict[str, str]  # column_key -> the name as written (trimmed), for messages

    def has(self, key: str) -> bool:
        return key in self.columns

    def label(self, key: str) -> str:
        return self.labels.get(key, key)


@dataclass(frozen=True)
class Row:
    line: int
    cells: list[str]
    error: str | None = None  # set when the row cannot be read at all (wrong number of values)


@dataclass(frozen=True)
class LayoutRefusal:
    reason: str


def find_layout(text: str) -> Layout | LayoutRefusal:
    """Recognise the header: the delimiter and format under which it names the most required
    columns. A format missing some required columns refuses the file, naming them."""
    header_line, header_text = _first_non_blank_line(text)
    if header_text is None:
        return LayoutRefusal("The file has no text in it.")
    best: tuple[float, int, FormatSpec, str, list[str]] | None = None
    for delimiter in DELIMITERS:
        names = _split_one_line(header_text, delimiter)
        keys = {column_key(name) for name in names}
        for order, spec in enumerate(KNOWN_FORMATS):
            score = sum(1 for key in spec.required if key in keys) / len(spec.required)
            signed = 1.0 if spec.signature <= keys else 0.0
            candidate = (score + signed, -order, spec, delimiter, names)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    assert best is not None
    score, _, spec, delimiter, names = best
    if score <= 0.5:
        return LayoutRefusal(_unrecognised(header_text))
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    duplicated: list[str] = []
    for index, name in enumerate(names):
        key = column_key(name)
        if not key:
            continue
        if key in columns:
            if key in spec.required:
                duplicated.append(labels[key])
            continue
        columns[key] = index
        labels[key] = squeeze(name.removeprefix("\ufeff"))
    missing = [key for key in spec.required if key not in columns]
    if missing:
        return LayoutRefusal(
            f"This looks like an {spec.timing_format.label} but its header (line {header_line}) "
            f"lacks the required column{'s' if len(missing) > 1 else ''} {_and(missing)}."
        )
    if duplicated:
        return LayoutRefusal(
            f"The header (line {header_line}) names {_and(duplicated)} more than once, so it "
            "is not clear which column to read."
        )
    width = len(names)
    while width and not column_key(names[width - 1]):
        width -= 1
    return Layout(spec, delimiter, header_line, len(names), width, columns, labels)


def delimiter_warning(layout: Layout) -> RowWarning | None:
    if layout.delimiter == layout.spec.usual_delimiter:
        return None
    return RowWarning(
        layout.header_line,
        f"the columns are separated by {_DELIMITER_NAMES[layout.delimiter]}; an "
        f"{layout.spec.timing_format.label} usually uses "
        f"{_DELIMITER_NAMES[layout.spec.usual_delimiter]} (read anyway)",
    )


@dataclass
class RowsOutcome:
    rows: list[Row]  # every non-blank row, the unreadable ones with their `error`
    refusal: str | None = None

    @property
    def errors(self) -> list[RowError]:
        return [RowError(row.line, row.error) for row in self.rows if row.error is not None]


def read_rows(text: str, layout: Layout) -> RowsOutcome:
    """Every non-blank line after the header, cut to the header's width.

    A row with fewer values than the header, or with values beyond it, gets an `error`: a lost
    or extra delimiter shifts every later value into the wrong column. When the header ends
    with a delimiter (Al Kamel's "...;S3_SECONDS;"), rows normally do too, and a row short of
    that final empty value has lost one of its own; whether rows end with the delimiter is
    decided by most of them, so one damaged row cannot set the rule. (A row that only lacks
    the final delimiter, its last value present, is whole.)
    """
    records = _records(text, layout.delimiter)
    found: list[tuple[int, list[str]]] = []
    try:
        for line, cells in records:
            if line > layout.header_line and "".join(cells).strip():
                found.append((line, cells))
    except csv.Error as unreadable:
        return RowsOutcome(
            rows=[], refusal=f"Line {records.line} cannot be read as CSV: {unreadable}."
        )
    trailing = layout.header_cells - layout.width
    expected = layout.width
    if trailing and 2 * sum(len(cells) >= layout.header_cells for _, cells in found) >= len(found):
        expected = layout.header_cells
    outcome = RowsOutcome(rows=[])
    wrong_width = 0
    for line, cells in found:
        error: str | None = None
        if len(cells) < expected and not (len(cells) == layout.width and cells[-1].strip()):
            error = (
                f"the row has {max(len(cells) - (expected - layout.width), 0)} values but the "
                f"header has {layout.width} columns (a value or a delimiter is missing)"
            )
        elif len(cells) > layout.width and "".join(cells[layout.width :]).strip():
            error = (
                f"the row has {_count_values(cells)} values but the header has {layout.width} "
                "columns (an extra delimiter?)"
            )
        if error is None:
            outcome.rows.append(Row(line, cells[: layout.width]))
        else:
            wrong_width += 1
            outcome.rows.append(Row(line, cells, error))
    if wrong_width > 1 and 2 * wrong_width > len(found):
        # Most rows disagree with the header: the header or the delimiter is wrong, not rows.
        outcome.refusal = (
            f"The header (line {layout.header_line}) has {layout.width} columns separated by "
            f"{_DELIMITER_NAMES[layout.delimiter]}, but {wrong_width} of the {len(found)} rows "
            "do not: the rows use another delimiter, or the header is damaged."
        )
    return outcome


class _NumberedRecords:
    """csv records with the physical line each one starts on (a quoted value may span lines)."""

    def __init__(self, text: str, delimiter: str) -> None:
        self._reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        self.line = 1

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        previous_end = 0
        for cells in self._reader:
            self.line = previous_end + 1
            previous_end = self._reader.line_num
            yield self.line, cells


def _records(text: str, delimiter: str) -> _NumberedRecords:
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)
    return _NumberedRecords(text, delimiter)


def _first_non_blank_line(text: str) -> tuple[int, str | None]:
    # Only the csv module's line ends count, so numbers agree with the rows' (not str.splitlines,
    # which also breaks at U+2028 and friends).
    for number, line in enumerate(_LINE_END.split(text), start=1):
        if line.strip():
            return number, line
    return 0, None


def _split_one_line(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return [line]


def _count_values(cells: list[str]) -> int:
    width = len(cells)
    while width and not cells[width - 1].strip():
        width -= 1
    return width


def _and(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _unrecognised(header_text: str) -> str:
    shown = squeeze(header_text)
    if len(shown) > 80:
        shown = shown[:77] + "..."
    expected = "; ".join(
        f"{spec.timing_format.label} ({', '.join(sorted(spec.signature))}, ...)"
        for spec in KNOWN_FORMATS
    )
    return (
        f"No known timing-file header on the first line ({shown!r}). Expected one of: "
        f"{expected}, separated by semicolons or commas."
    )


_MAX_NAME_LENGTH = 200


class CellReader:
    """Reads one row by column key and collects every problem in it, so a row's error names
    all its bad cells at once ("LAP_TIME: negative time '-1:23.456'; ELAPSED: empty time").

    `memo` (one dict shared by all rows of a file) remembers what `cached` and `name` made of
    a cell text: a lap analysis repeats the same team, class and driver on every lap.
    """

    __slots__ = ("_cells", "_columns", "_layout", "_memo", "line", "problems")

    def __init__(
        self, layout: Layout, row: Row, memo: dict[tuple[Any, ...], Any] | None = None
    ) -> None:
        self._layout = layout
        self._columns = layout.columns
        self._cells = row.cells
        self._memo = {} if memo is None else memo
        self.line = row.line
        self.problems: list[str] = []

    def text(self, key: str) -> str:
        """The raw cell, '' when the file has no such column."""
        index = self._columns.get(key)
        return "" if index is None else self._cells[index]

    def parse(self, key: str, parser: Callable[..., T], *args: object) -> T | None:
        """parser(cell, *args), or None with the problem noted."""
        try:
            return parser(self.text(key), *args)
        except ValueError as error:
            self.problems.append(f"{self._layout.label(key)}: {error}")
            return None

    def cached(self, key: str, parser: Callable[..., T], *args: object) -> T | None:
        """As `parse`, remembered per cell text: for cells that repeat row after row."""
        raw = self.text(key)
        memo_key = (key, raw, parser, args)
        outcome = self._memo.get(memo_key)
        if outcome is None:
            try:
                outcome = (parser(raw, *args), None)
            except ValueError as error:
                outcome = (None, f"{self._layout.label(key)}: {error}")
            self._memo[memo_key] = outcome
        if outcome[1] is not None:
            self.problems.append(outcome[1])
        value: T | None = outcome[0]
        return value

    def name(self, key: str, what: str, *, required: bool = True) -> str:
        """A team, car or driver name: trimmed, readable, not absurdly long."""
        value = self.cached(key, _name, what, required)
        return "" if value is None else value

    def check_name(self, value: str, key: str, what: str) -> str:
        try:
            return _name(value, what, True)
        except ValueError as error:
            self.problems.append(f"{self._layout.label(key)}: {error}")
            return value

    def problem(self, key: str, message: str) -> None:
        self.problems.append(f"{self._layout.label(key)}: {message}")

    def error(self) -> RowError | None:
        return RowError(self.line, "; ".join(self.problems)) if self.problems else None


def _name(text: str, what: str, required: bool) -> str:
    value = squeeze(text)
    if not value:
        if required:
            raise ValueError(f"{what} is empty")
        return value
    check_readable(value, what)
    if len(value) > _MAX_NAME_LENGTH:
        raise ValueError(f"{what} is {len(value)} characters long; this is not a name")
    return value
