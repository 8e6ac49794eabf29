"""Matching names as timing files write them to academy drivers (no database needed)."""

from __future__ import annotations

import pytest

from academy.results.timing.writer import AcademyName, DriverMatcher, names_agree

ACADEMY = [
    AcademyName(1, "Ryo Hirakawa", ("Ryo Hirakawa", "平川 亮", "Hirakawa Ryo")),
    AcademyName(2, "Sébastien Buemi", ("Sébastien Buemi",)),
    AcademyName(3, "Li Haoran", ("Li Haoran", "李 浩然")),
    AcademyName(4, "Kim Min-jun", ("Kim Min-jun", "김민준")),
    AcademyName(5, "Jean-Éric Vergne", ("Jean-Éric Vergne",)),
    AcademyName(6, "Mathilde Ødegård", ("Mathilde Ødegård",)),
    AcademyName(7, "Alessandro Pier Guidi", ("Alessandro Pier Guidi",)),
    AcademyName(8, "Kenta Yamashita", ("Kenta Yamashita",)),
    AcademyName(9, "Kazuki Yamashita", ("Kazuki Yamashita",)),
]


@pytest.fixture(scope="module")
def matcher() -> DriverMatcher:
    return DriverMatcher(ACADEMY)


@pytest.mark.parametrize(
    ("name", "driver_id"),
    [
        ("R. HIRAKAWA", 1),
        ("Ryo HIRAKAWA", 1),
        ("HIRAKAWA Ryo", 1),
        ("HIRAKAWA R.", 1),
        ("r. hirakawa", 1),
        ("平川 亮", 1),
        ("S. BUEMI", 2),
        ("Sebastien BUEMI", 2),
        ("Sébastien BUEMI", 2),
        ("H. LI", 3),
        ("Haoran LI", 3),
        ("M. KIM", 4),
        ("Min-jun KIM", 4),
        ("J-E. VERGNE", 5),
        ("Jean-Eric VERGNE", 5),
        ("M. ODEGARD", 6),
        ("M. ØDEGÅRD", 6),
        ("A. PIER GUIDI", 7),
    ],
)
def test_a_timing_name_finds_its_academy_driver(matcher, name, driver_id):
    assert matcher.match(name).driver_id == driver_id


@pytest.mark.parametrize(
    "name", ["B. HARTLEY", "R. HIRAKAWAS", "Ryo", "T. HIRAKAWA", "P. GUIDI", "", "HIRAKAWA"]
)
def test_a_name_of_nobody_in_the_academy_matches_nobody(matcher, name):
    found = matcher.match(name)
    assert found.driver_id is None
    assert found.candidates == ()


def test_an_initial_shared_by_two_drivers_matches_neither_and_names_both(matcher):
    found = matcher.match("K. YAMASHITA")
    assert found.driver_id is None
    assert found.candidates == ("Kazuki Yamashita", "Kenta Yamashita")


def test_the_full_name_tells_two_drivers_with_one_initial_apart(matcher):
    assert matcher.match("Kenta YAMASHITA").driver_id == 8
    assert matcher.match("Kazuki YAMASHITA").driver_id == 9


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("S. BUEMI", "Sébastien Buemi", True),
        ("Sebastien BUEMI", "S. BUEMI", True),
        ("S. BUEMI", "S. BUEMI", True),
        ("S. BUEMI", "B. HARTLEY", False),
        ("S. BUEMI", "T. BUEMI", False),
    ],
)
def test_two_spellings_of_a_name_agree_when_they_can_be_one_person(first, second, same):
    assert names_agree(first, second) is same
