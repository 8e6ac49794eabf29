"""Race classes as data: which class a CLASS (and GROUP) cell of a timing file names. Pure.

A class has a canonical name ("LMGTE", "LMP2 Pro/Am"), the labels timing files write for it
(aliases, compared trimmed and upper-cased), the series and seasons that ran it, the pathway
class it counts as (`academy.enums.RaceClass`, what the rule sets speak of), and how a GROUP
value splits it into a classification of its own: Le Mans lap analyses mark LMP2 Pro/Am cars
with CLASS `LMP2` and GROUP `P/A`, ELMS files with GROUP `PRO/AM`.

The classes live in the `race_classes` table (`academy.models.ClassDefinition`); the importer
takes them as a `ClassBook`. `KNOWN_CLASSES` is the book the app starts with, the same rows
migration 0004 writes, so the parser can be used and tested without a database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from academy.enums import RaceClass
from academy.results.timing.values import squeeze


def label_key(text: str) -> str:
    """How class and group labels are compared: ' LMGTE  Am ' -> 'LMGTE AM'."""
    return squeeze(text).upper()


@dataclass(frozen=True)
class ClassSpec:
    name: str
    counts_as: RaceClass
    aliases: tuple[str, ...] = ()
    series: tuple[str, ...] = ()
    seasons: str = ""
    # GROUP value -> canonical name of the class the car is classified in instead.
    group_splits: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ClassMatch:
    """What a CLASS/GROUP pair means: a known class, or an unknown label (counts_as None)."""

    name: str
    counts_as: RaceClass | None

    @property
    def known(self) -> bool:
        return self.counts_as is not None


_PRO_AM = (
    ("P/A", "LMP2 Pro/Am"),
    ("PRO/AM", "LMP2 Pro/Am"),
    ("PRO-AM", "LMP2 Pro/Am"),
    ("PRO AM", "LMP2 Pro/Am"),
    ("PROAM", "LMP2 Pro/Am"),
)

KNOWN_CLASSES: tuple[ClassSpec, ...] = (
    ClassSpec(
        "Hypercar",
        RaceClass.HYPERCAR,
        ("HYPERCAR", "HYPERCAR H", "HYPERCAR NH", "LMH", "LMDH", "GTP"),
        ("WEC", "LM24", "IMSA"),
        "2021-",
    ),
    ClassSpec(
        "LMP1",
        RaceClass.LMP1,
        ("LMP1", "LMP1-H", "LMP1-L", "LMP1 H", "LMP1 L"),
        ("WEC", "LM24", "ELMS", "ALMS"),
        "2004-2020",
    ),
    ClassSpec("LMP2", RaceClass.LMP2, ("LMP2",), ("WEC", "LM24", "ELMS", "ALMS"), "2004-", _PRO_AM),
    ClassSpec(
        "LMP2 Pro/Am",
        RaceClass.LMP2_PRO_AM,
        ("LMP2 PRO/AM", "LMP2 PRO-AM", "LMP2 PRO AM", "LMP2 PROAM", "LMP2 P/A"),
        ("WEC", "LM24", "ELMS"),
        "2021-",
    ),
    ClassSpec("LMP3", RaceClass.LMP3, ("LMP3",), ("ELMS", "ALMS", "LMC"), "2015-"),
    ClassSpec("LMGT3", RaceClass.LMGT3, ("LMGT3", "LM GT3"), ("WEC", "LM24", "ELMS"), "2024-"),
    ClassSpec("GT", RaceClass.GT, ("GT", "GT3", "GTD", "GT CUP"), ("ALMS", "IMSA"), ""),
    ClassSpec(
        "LMGTE Pro",
        RaceClass.GTE_PRO,
        ("LMGTE PRO", "LMGTE-PRO", "LM GTE PRO", "GTE PRO", "GTE-PRO"),
        ("WEC", "LM24"),
        "2011-2023",
    ),
    ClassSpec(
        "LMGTE Am",
        RaceClass.GTE_AM,
        ("LMGTE AM", "LMGTE-AM", "LM GTE AM", "GTE AM", "GTE-AM"),
        ("WEC", "LM24", "ELMS", "ALMS"),
        "2011-2023",
    ),
    # ELMS ran a single GTE class until 2017 (Pro and Am drivers together).
    ClassSpec(
        "LMGTE",
        RaceClass.GTE_PRO,
        ("LMGTE", "LM GTE", "GTE", "GT2", "LMGT2"),
        ("ELMS", "ALMS"),
        "2011-2017",
    ),
    # GT Cup cars (Ferrari 458 Challenge, Porsche Cup...) in ELMS 2013-2015.
    ClassSpec("GTC", RaceClass.GT, ("GTC",), ("ELMS",), "2013-2015"),
    ClassSpec(
        "Innovative",
        RaceClass.INNOVATIVE,
        ("INNOVATIVE", "INNOVATIVE CAR", "GARAGE 56", "CDNT"),
        ("LM24",),
        "",
    ),
)


@dataclass
class ClassBook:
    """Classes by every label a timing file may write for them."""

    classes: tuple[ClassSpec, ...] = KNOWN_CLASSES
    _by_label: dict[str, ClassSpec] = field(default_factory=dict, repr=False)
    _by_name: dict[str, ClassSpec] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for spec in self.classes:
            self._by_name[label_key(spec.name)] = spec
            for label in (spec.name, *spec.aliases):
                self._by_label.setdefault(label_key(label), spec)

    @classmethod
    def of(cls, classes: Iterable[ClassSpec]) -> ClassBook:
        return cls(tuple(classes))

    def match(self, class_cell: str, group_cell: str = "") -> ClassMatch:
        """The class of a CLASS cell, split by its GROUP cell. Raises ValueError when empty;
        an unknown label is a ClassMatch that is not `known` (the preview asks about it)."""
        key = label_key(class_cell)
        if not key:
            raise ValueError("class is empty")
        spec = self._by_label.get(key)
        if spec is None:
            return ClassMatch(squeeze(class_cell), None)
        group = label_key(group_cell)
        for split_group, name in spec.group_splits:
            if label_key(split_group) == group:
                target = self._by_name.get(label_key(name))
                if target is not None:
                    return ClassMatch(target.name, target.counts_as)
        return ClassMatch(spec.name, spec.counts_as)

    def names(self) -> list[str]:
        return [spec.name for spec in self.classes]


DEFAULT_BOOK = ClassBook()
