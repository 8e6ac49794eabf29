"""Ids beyond what the database holds, in every integer route and query parameter: a plain
404 (or the page without the filter), never a 500 (security review, December 2026, finding 11).
"""

from __future__ import annotations

import re

import pytest
from werkzeug.routing import IntegerConverter

from tests.builders import login

HUGE = [2**31, 2**63, 2**64, 10**30]


def _integer_routes(app):
    for rule in app.url_map.iter_rules():
        names = [
            name
            for name, converter in rule._converters.items()
            if isinstance(converter, IntegerConverter)
        ]
        if names:
            yield rule, names


def _path_with(pattern: str, names: list[str], value: int) -> str:
    """The rule's path with `value` for each integer and `x` for any other part."""
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(value) if m[1] in names else "x", pattern)


def test_there_are_integer_routes_to_try(app):
    assert len(list(_integer_routes(app))) >= 13


@pytest.mark.parametrize("huge", HUGE)
def test_every_integer_route_answers_404_to_an_id_beyond_the_database(client, academy, huge):
    login(client, academy.admin)
    answers = {}
    for rule, names in _integer_routes(client.application):
        path = _path_with(rule.rule, names, huge)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            answers[f"{method} {path}"] = client.open(path, method=method).status_code
    assert {call: code for call, code in answers.items() if code != 404} == {}


@pytest.mark.parametrize(
    "path",
    [
        "/admin/audit?page={huge}",
        "/scouting?page={huge}",
        "/coaching/sessions/new?driver={huge}",
        "/coaching/cohort?cohort={huge}",
        "/results/import?event_id={huge}",
        "/drivers/{driver}/results/new?event_id={huge}",
    ],
)
@pytest.mark.parametrize("huge", HUGE)
def test_integer_query_parameters_beyond_the_database_do_not_fail(client, academy, path, huge):
    login(client, academy.admin)
    assert client.get(path.format(huge=huge, driver=academy.driver.id)).status_code < 500
