from __future__ import annotations

import pytest

from academy.pathway.loader import load_rule_set_by_key
from academy.pathway.rules import RuleSet

SHIPPED_KEY = "alms-to-le-mans"


@pytest.fixture(scope="session")
def shipped_rules() -> RuleSet:
    return load_rule_set_by_key(SHIPPED_KEY)
