"""A rule file's `version` is read by one function (`FieldReader.version`) for the pathway and
the sporting files alike: a text or a whole number, as text; a decimal number (TOML's 1.5) is
refused with the way to write it, except in a rule set already loaded into the academy (the
pathway loader once took it, so such a record still reads). The shipped files use "2026.2",
"2026.1" (pathway, text) and 1 (sporting, a whole number); both forms stay loadable."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from academy.extensions import db
from academy.models import RuleSetRecord
from academy.pathway.loader import RULESETS_DIR, RuleSetError, load_rule_set, parse_rule_text
from academy.progress.rule_sets import current_rule_set
from academy.sporting import load_all_sporting_rules, parse_sporting_text
from academy.sporting.loader import SPORTING_DIR

PATHWAY_TEXT = (RULESETS_DIR / "alms-to-le-mans.toml").read_text(encoding="utf-8")
SPORTING_TEXT = (SPORTING_DIR / "alms-2025-26.toml").read_text(encoding="utf-8")
PATHWAY_LINE = 'version = "2026.2"'
SPORTING_LINE = "version = 1"


def _pathway(version_line: str, **options):
    assert PATHWAY_LINE in PATHWAY_TEXT
    return parse_rule_text(PATHWAY_TEXT.replace(PATHWAY_LINE, version_line, 1), "p.toml", **options)


def _sporting(version_line: str):
    assert f"\n{SPORTING_LINE}\n" in SPORTING_TEXT
    return parse_sporting_text(
        SPORTING_TEXT.replace(f"\n{SPORTING_LINE}\n", f"\n{version_line}\n", 1), "s.toml"
    )


LOADERS = {"pathway": _pathway, "sporting": _sporting}


def test_every_shipped_version_still_loads():
    assert load_rule_set(RULESETS_DIR / "alms-to-le-mans.toml").version == "2026.2"
    assert load_rule_set(RULESETS_DIR / "archive" / "alms-to-le-mans-2026.1.toml").version == (
        "2026.1"
    )
    assert {rules.version for rules in load_all_sporting_rules().values()} == {"1"}


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize(
    ("line", "version"),
    [
        ('version = "2026.2"', "2026.2"),
        ('version = "1.5"', "1.5"),
        ('version = "2026.10"', "2026.10"),
        ('version = "1"', "1"),
        ("version = 1", "1"),
        ("version = 0", "0"),
        ("version = 2026", "2026"),
    ],
)
def test_a_text_or_a_whole_number_is_accepted_by_both_loaders(loader, line, version):
    assert LOADERS[loader](line).version == version


def _refusal(loader: str, line: str) -> str:
    with pytest.raises(RuleSetError) as caught:
        LOADERS[loader](line)
    reasons = [p.reason for p in caught.value.problems if "version" in p.reason]
    assert len(reasons) == 1, caught.value.problems
    assert all(p.where == "top level" for p in caught.value.problems if "version" in p.reason)
    return reasons[0]


@pytest.mark.parametrize("loader", LOADERS)
def test_a_decimal_number_is_refused_by_both_loaders_with_how_to_write_it(loader):
    reason = _refusal(loader, "version = 1.5")
    assert "decimal number" in reason
    assert 'version = "1.5"' in reason


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("version = true", "must be a text or a whole number, got True"),
        ('version = ""', "must be a non-empty text or a whole number"),
        ('version = "   "', "must be a non-empty text or a whole number"),
        ("version = -1", "must not be negative"),
        ("version = [1]", "must be a text or a whole number, got [1]"),
        ("version = 1979-05-27", "must be a text or a whole number"),
        (f'version = "{"9" * 41}"', "at most 40"),
        ("version = inf", "must be a text or a whole number"),
    ],
)
def test_other_forms_are_refused_by_both_loaders(loader, line, words):
    assert words in _refusal(loader, line)


@pytest.mark.parametrize("loader", LOADERS)
def test_a_missing_version_is_refused_by_both_loaders(loader):
    line = PATHWAY_LINE if loader == "pathway" else SPORTING_LINE
    replaced = _refusal(loader, f"# {line}")
    assert replaced.startswith("missing ") and replaced.endswith("'version'")


def test_a_rule_set_loaded_with_a_decimal_version_still_reads_as_it_was_stored():
    assert _pathway("version = 1.5", stored=True).version == "1.5"


def test_an_active_record_with_a_decimal_version_stays_in_use(app):
    """Before the one reader, the pathway loader took `version = 1.5` and stored "1.5"."""
    text = PATHWAY_TEXT.replace(PATHWAY_LINE, "version = 1.5", 1)
    db.session.add(
        RuleSetRecord(
            key="alms-to-le-mans",
            version="1.5",
            name="ALMS to Le Mans",
            effective_from=date(2026, 1, 1),
            source_text=text,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            active=True,
        )
    )
    db.session.commit()
    assert current_rule_set().version == "1.5"


def test_the_rules_check_command_refuses_a_new_file_with_a_decimal_version(tmp_path: Path):
    path = tmp_path / "rules.toml"
    path.write_text(PATHWAY_TEXT.replace(PATHWAY_LINE, "version = 1.5", 1), encoding="utf-8")
    with pytest.raises(RuleSetError, match="decimal number"):
        load_rule_set(path)
