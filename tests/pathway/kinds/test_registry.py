"""The rule kinds' registry: each kind is one module with its parameters, validation, check,
horizon and wording, registered once; the loader refuses a kind it does not know; the files
that dispatch never name a kind."""

from __future__ import annotations

import dataclasses
import inspect
import pkgutil
from pathlib import Path

import pytest

import academy.pathway.kinds as kinds_package
from academy.pathway.checks import Check
from academy.pathway.engine import evaluate
from academy.pathway.horizon import unchanged_through
from academy.pathway.kinds import Kind, kind_named, kind_names, kinds, register
from academy.pathway.loader import COMMON_FIELDS, RuleSetError, parse_rule_set
from tests.pathway.builders import AS_OF, driver, requirement, rule_data, stage

PATHWAY = Path(kinds_package.__file__).resolve().parents[1]

# The smallest rule of each kind. A kind added without a line here fails the first test: adding
# a kind means its module and its tests.
SMALLEST: dict[str, dict] = {
    "min_licence_grade": {"grade": "international_c"},
    "min_age": {"years": 18},
    "valid_medical": {},
    "classified_starts": {"count": 1},
    "minimum_driving_time": {"count": 1},
    "endurance_hours": {"hours": 1},
    "night_running": {"count": 1},
    "coach_grades": {"competencies": ["racecraft"], "min_level": 6},
    "categorisation_in": {"allowed": ["silver"]},
    "sessions_completed": {"count": 1, "session_types": ["track"]},
    "any_of": {
        "requirements": [
            {"id": "a", "kind": "min_age", "years": 18, "source": "test"},
            {"id": "b", "kind": "valid_medical", "source": "test"},
        ]
    },
    "all_of": {"requirements": [{"id": "c", "kind": "min_age", "years": 18, "source": "test"}]},
}
STRUCTURAL = {"previous_stage", "any_of", "all_of"}  # named by the loader and the groups


def test_every_registered_kind_has_a_smallest_rule_here():
    assert set(SMALLEST) | {"previous_stage"} == set(kind_names())


@pytest.mark.parametrize("kind", kinds(), ids=lambda kind: kind.name)
def test_every_kind_has_parameters_validation_check_horizon_and_wording(kind: Kind):
    assert dataclasses.is_dataclass(kind.params)
    assert kind.params.__dataclass_params__.frozen
    assert isinstance(kind.fields, frozenset) and not kind.fields & COMMON_FIELDS
    assert callable(kind.read) and len(inspect.signature(kind.read).parameters) == 4
    assert callable(kind.horizon) and len(inspect.signature(kind.horizon).parameters) == 4
    assert issubclass(kind.check, Check) and not inspect.isabstract(kind.check)
    # Its wording: the label it writes when a rule file gives none.
    assert kind.check.describe is not Check.describe
    # One module holds the kind: its parameters, validation and check.
    module = kind.check.__module__
    assert module.startswith("academy.pathway.kinds.")
    assert kind.params.__module__ == module
    assert kind.read.__module__ == module
    # ... or the package, or a helper the kinds share (academy.pathway.kinds._counting).
    horizon_module = kind.horizon.__module__
    assert horizon_module in (module, "academy.pathway.kinds") or horizon_module.startswith(
        "academy.pathway.kinds._"
    )


@pytest.mark.parametrize("name", sorted(SMALLEST))
def test_every_kind_loads_evaluates_and_words_itself(name):
    rule_set = parse_rule_set(
        rule_data(stage("only", requirement(name, id=f"{name}-rule", **SMALLEST[name]))),
        "smallest.toml",
    )
    for facts in (driver(), driver(born=None, categorisation=None)):
        pathway = evaluate(facts, rule_set, AS_OF)
        verdict = pathway.stages[0].requirements[0]
        assert verdict.kind == name
        assert verdict.label  # worded by the kind's check
        assert verdict.met or verdict.missing  # says what is missing when not met
        assert unchanged_through(facts, pathway) >= AS_OF


def test_every_module_in_the_package_registers_a_kind():
    registered = {kind.check.__module__ for kind in kinds()}
    modules = {
        f"academy.pathway.kinds.{found.name}"
        for found in pkgutil.iter_modules(kinds_package.__path__)
        if not found.name.startswith("_")
    }
    assert modules == registered


def test_the_loader_refuses_an_unknown_kind_and_lists_the_registered_ones():
    with pytest.raises(RuleSetError) as refused:
        parse_rule_set(rule_data(stage("only", requirement("fastest_lap", count=1))), "x.toml")
    (problem,) = refused.value.problems
    assert problem.file == "x.toml"
    assert problem.where == "stage 'only' requirement #1 (id 'r')"
    assert problem.reason == f"unknown kind 'fastest_lap' (valid: {', '.join(kind_names())})"


def test_a_kind_cannot_be_registered_twice_under_one_name():
    known = kind_named("min_age")
    assert known is not None
    assert register(known) is known  # the same registration again is harmless
    with pytest.raises(ValueError, match="registered twice"):
        register(dataclasses.replace(known, listed=999))
    assert kind_named("min_age") is known


@pytest.mark.parametrize(
    "file", ["loader.py", "engine.py", "horizon.py", "checks.py", "describe.py", "wording.py"]
)
def test_the_dispatching_files_name_no_kind_of_their_own(file):
    text = (PATHWAY / file).read_text(encoding="utf-8")
    for name in set(kind_names()) - STRUCTURAL:
        assert f'"{name}"' not in text, f"{file} names {name}"
        assert f"{name}." not in text, f"{file} imports {name}"
