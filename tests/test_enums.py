"""The domain enums: ranked ones compare by their place in the class body, and every member
hashes by identity (equal only to itself), so sets, dict keys and pickling behave as before."""

from __future__ import annotations

import pickle

from academy import enums
from academy.enums import Categorisation, LicenceGrade, RaceClass, RankedEnum, ResultStatus


def test_ranked_members_compare_by_their_place_in_the_class_body():
    assert LicenceGrade.NATIONAL < LicenceGrade.INTERNATIONAL_D < LicenceGrade.INTERNATIONAL_A
    assert LicenceGrade.INTERNATIONAL_B >= LicenceGrade.INTERNATIONAL_B
    assert not LicenceGrade.INTERNATIONAL_C > LicenceGrade.INTERNATIONAL_B
    assert max(Categorisation) is Categorisation.PLATINUM
    assert [grade.rank for grade in LicenceGrade] == list(range(len(LicenceGrade)))


def test_every_ranked_enum_has_its_members_numbered():
    ranked = [
        value
        for value in vars(enums).values()
        if isinstance(value, type) and issubclass(value, RankedEnum) and value is not RankedEnum
    ]
    assert {LicenceGrade, Categorisation} <= set(ranked)
    for cls in ranked:
        assert [member.rank for member in cls] == list(range(len(cls))), cls


def test_members_of_different_enums_never_compare_by_rank():
    assert LicenceGrade.NATIONAL != Categorisation.BRONZE
    try:
        LicenceGrade.NATIONAL < Categorisation.GOLD  # noqa: B015
    except TypeError:
        pass
    else:
        raise AssertionError("a licence grade compared with a category")


def test_members_hash_by_identity_and_survive_pickling():
    found = {RaceClass.LMP2: "p2", ResultStatus.DNF: "dnf", LicenceGrade.INTERNATIONAL_B: "b"}
    assert found[RaceClass("LMP2")] == "p2"
    assert found[ResultStatus["DNF"]] == "dnf"
    assert pickle.loads(pickle.dumps(LicenceGrade.INTERNATIONAL_B)) in found
    assert RaceClass.LMP2 in frozenset({RaceClass.LMP2, RaceClass.LMP3})
    assert RaceClass.LMP2 != "LMP2"
