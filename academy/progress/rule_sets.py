"""Which rule set a verdict uses: the active one loaded into the academy, else the shipped
default. Parsed rule sets are cached by the hash of their text, so a page parses a file once
per version, not once per request."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select

from academy.extensions import db
from academy.models import Competency, RuleSetRecord
from academy.pathway.loader import (
    RULESETS_DIR,
    RuleSetError,
    available_rule_sets,
    parse_rule_text,
)
from academy.pathway.rules import KNOWN_COMPETENCIES, RuleSet

DEFAULT_RULE_SET_KEY = "alms-to-le-mans"

_parsed: dict[str, RuleSet] = {}

# The active record, newest first. Built once: every page that shows a verdict runs it, and
# SQLAlchemy executes a statement it has seen before without matching its columns anew
# against the cached compiled form (about a third of the statement's cost in Python).
_ACTIVE_RECORD = (
    select(RuleSetRecord.key, RuleSetRecord.version, RuleSetRecord.source_text)
    .where(RuleSetRecord.active.is_(True))
    .order_by(RuleSetRecord.loaded_at.desc(), RuleSetRecord.id.desc())
    .limit(1)
)


def rubric_keys() -> list[str]:
    """Every competency key on the rubric page (retired ones too: their history stays); the
    default rubric's while the page has none yet."""
    keys = list(db.session.execute(select(Competency.key).order_by(Competency.key)).scalars())
    return keys or list(KNOWN_COMPETENCIES)


class RuleSetUnavailable(LookupError):
    """No usable rule set: the message says which and why, for the person reading it."""


def _parse(text: str, file: str, *, loaded: bool = False) -> RuleSet:
    """`loaded`: a record loaded into the academy, whose competencies were checked against the
    rubric when it was loaded (the rubric page may have added some since the shipped files)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    rule_set = _parsed.get(digest)
    if rule_set is None:
        try:
            rule_set = parse_rule_text(
                text, file, None if loaded else KNOWN_COMPETENCIES, stored=loaded
            )
        except RuleSetError as error:
            raise RuleSetUnavailable(str(error)) from error
        _parsed[digest] = rule_set
    return rule_set


def _record_rule_set(key: str, version: str, text: str) -> RuleSet:
    return _parse(text, f"rule set {key} {version} (as loaded into the academy)", loaded=True)


def shipped_rule_set(key: str, directory: Path = RULESETS_DIR) -> RuleSet:
    """A rule file shipped in academy/rulesets, by key."""
    path = directory / f"{key}.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        known = ", ".join(available_rule_sets(directory)) or "none"
        raise RuleSetUnavailable(
            f"The rule set '{key}' no longer exists: there is no readable file {path.name} "
            f"in {directory} (shipped rule sets: {known}) and none loaded into the academy."
        ) from error
    rule_set = _parse(text, str(path))
    if rule_set.key != key:
        raise RuleSetUnavailable(
            f"{path}: the file is named {key!r} but its key is {rule_set.key!r}."
        )
    return rule_set


def current_rule_set() -> RuleSet:
    """The rule set the academy uses today: the active record, else the shipped default."""
    row = db.session.execute(_ACTIVE_RECORD).first()
    if row is not None:
        return _record_rule_set(*row)
    return shipped_rule_set(DEFAULT_RULE_SET_KEY)


def rule_set_for_key(key: str) -> RuleSet:
    """The rule set a record names (a licence application keeps the key it was made under):
    the active record with that key, else the latest loaded one, else the shipped file."""
    row = db.session.execute(
        select(RuleSetRecord.key, RuleSetRecord.version, RuleSetRecord.source_text)
        .where(RuleSetRecord.key == key)
        .order_by(
            RuleSetRecord.active.desc(), RuleSetRecord.loaded_at.desc(), RuleSetRecord.id.desc()
        )
        .limit(1)
    ).first()
    if row is not None:
        return _record_rule_set(*row)
    return shipped_rule_set(key)
