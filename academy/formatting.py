"""Display formats for times and dates, shared by pages and dossiers. Pure Python."""

from __future__ import annotations

from datetime import date


def format_lap_ms(ms: int | None) -> str:
    """1:45.123 for a lap time in milliseconds."""
    if ms is None:
        return "–"
    minutes, rest = divmod(ms, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{minutes}:{seconds:02d}.{millis:03d}"


def format_duration_ms(ms: int | None) -> str:
    """2h 05m for a drive time in milliseconds."""
    if ms is None:
        return "–"
    total_minutes = round(ms / 60_000)
    hours, minutes = divmod(total_minutes, 60)
    return f"{hours}h {minutes:02d}m"


def format_date(value: date | None) -> str:
    """1 June 2026."""
    if value is None:
        return "–"
    return f"{value.day} {value:%B %Y}"
