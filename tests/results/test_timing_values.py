"""Race times as the timing files write them, through the quick path and the general one."""

from __future__ import annotations

import pytest

from academy.results.timing.values import parse_duration_ms


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("1:58.123", 118_123),  # Al Kamel lap
        ("1:02:03.456", 3_723_456),  # Al Kamel elapsed
        ("5:44'41.101", 20_681_101),  # Al Kamel total
        ("1'58.056", 118_056),  # Al Kamel classification lap
        ("01:01:15", 3_675_000),  # hour-by-hour total
        ("03:29.7", 209_700),  # hour-by-hour best lap, tenths
        ("41.101", 41_101),
        (" 1:58.123 ", 118_123),
        ("25:00:18.000", 90_018_000),  # past 24 hours
    ],
)
def test_race_times_are_read_to_the_millisecond(text: str, ms: int) -> None:
    assert parse_duration_ms(text) == ms


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1:60.000", "unreadable time '1:60.000': seconds must be two digits, 00-59"),
        ("1:60:00.000", "unreadable time '1:60:00.000': minutes must be two digits, 00-59"),
        ("1:5:00.000", "unreadable time '1:5:00.000': minutes must be two digits, 00-59"),
        ("-1:58.123", "negative time '-1:58.123'"),
        ("1:02:03:04.5", "unreadable time '1:02:03:04.5': too many parts"),
        ("1:5x.000", "unreadable time '1:5x.000'"),
        ("", "empty time"),
    ],
)
def test_impossible_times_are_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_duration_ms(text)
    assert str(refused.value) == reason
