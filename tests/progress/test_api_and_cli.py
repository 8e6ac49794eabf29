"""The same verdicts on the JSON API and on the command line, and `flask rules check`."""

from __future__ import annotations

import json

from tests.builders import login, make_driver
from tests.progress.conftest import AS_OF, make_lmp3_ready

API = "/api/v1/drivers/{}/pathway"


def test_the_api_gives_the_same_verdicts_as_the_cli(client, runner, academy):
    make_lmp3_ready(academy.driver, academy.coach)
    driver_id = academy.driver.id
    login(client, academy.coach)
    response = client.get(API.format(driver_id), query_string={"as_of": AS_OF.isoformat()})
    result = runner.invoke(
        args=["pathway", "evaluate", str(driver_id), "--as-of", AS_OF.isoformat(), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert response.status_code == 200
    assert response.get_json() == json.loads(result.output)
    assert response.get_json()["current_stage"] == "alms-lmp3"


def test_the_api_evaluates_on_the_day_asked_for(client, academy):
    make_lmp3_ready(academy.driver, academy.coach)
    login(client, academy.driver_user)
    later = client.get(API.format(academy.driver.id), query_string={"as_of": "2026-06-01"})
    earlier = client.get(API.format(academy.driver.id), query_string={"as_of": "2025-06-01"})
    assert later.get_json()["as_of"] == "2026-06-01"
    assert (later.get_json()["current_stage"], earlier.get_json()["current_stage"]) == (
        "alms-lmp3",
        None,
    )


def test_an_impossible_date_on_the_api_is_a_400_with_the_reason(client, academy):
    login(client, academy.driver_user)
    response = client.get(API.format(academy.driver.id), query_string={"as_of": "2026-02-30"})
    assert response.status_code == 400
    assert "February 2026 has 28 days" in response.get_json()["detail"]


def test_the_api_answers_anonymous_callers_with_a_json_401(client, academy):
    response = client.get(API.format(academy.driver.id))
    assert response.status_code == 401
    assert response.get_json()["error"] == "authentication required"


def test_the_api_refuses_another_coachs_driver_in_json(client, academy):
    login(client, academy.coach)
    response = client.get(API.format(academy.other_driver.id))
    assert response.status_code == 403
    assert response.is_json


def test_a_principal_reads_only_drivers_open_to_scouting(client, academy):
    login(client, academy.principal)
    assert client.get(API.format(academy.driver.id)).status_code == 200
    assert client.get(API.format(academy.other_driver.id)).status_code == 403


def test_the_cli_finds_a_driver_by_name_whatever_the_accents_and_case(runner, app):
    make_driver(legal_name="Mathilde Ødegård")
    result = runner.invoke(
        args=["pathway", "evaluate", "mathilde odegard", "--as-of", "2026-06-01"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Mathilde Ødegård\n")
    assert "ALMS LMP3 seat" in result.output and "[not met]" in result.output


def test_the_cli_finds_a_driver_by_native_name(runner, academy):
    result = runner.invoke(args=["pathway", "evaluate", "佐藤", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["driver_id"] == academy.driver.id


def test_the_cli_asks_for_more_when_a_name_fits_several_drivers(runner, app):
    make_driver(legal_name="Kim Min-jun")
    make_driver(legal_name="Kim Seo-yeon")
    result = runner.invoke(args=["pathway", "evaluate", "kim"])
    assert result.exit_code != 0
    assert "fits 2 drivers" in result.output and "Kim Seo-yeon" in result.output


def test_the_cli_says_when_no_driver_matches(runner, app):
    result = runner.invoke(args=["pathway", "evaluate", "Nobody Atall"])
    assert result.exit_code != 0
    assert "No driver's name contains 'Nobody Atall'" in result.output


def test_the_cli_refuses_an_impossible_date(runner, academy):
    result = runner.invoke(
        args=["pathway", "evaluate", str(academy.driver.id), "--as-of", "2026-13-01"]
    )
    assert result.exit_code != 0
    assert "no month 13" in result.output


def test_rules_check_accepts_the_shipped_rule_file(runner, app):
    result = runner.invoke(args=["rules", "check", "academy/rulesets/alms-to-le-mans.toml"])
    assert result.exit_code == 0, result.output
    assert "OK, rule set alms-to-le-mans" in result.output


def test_rules_check_refuses_a_bad_file_naming_file_requirement_and_reason(runner, app, tmp_path):
    bad = tmp_path / "broken.toml"
    bad.write_text(
        'key = "broken"\nname = "Broken"\nversion = "1"\nseason = "2026"\n'
        'effective_from = 2026-01-01\n\n[[stages]]\nkey = "first"\nname = "First"\n\n'
        '[[stages.requirements]]\nid = "first.age"\nkind = "min_age"\nyears = "sixteen"\n'
        'source = "test"\n',
        encoding="utf-8",
    )
    result = runner.invoke(args=["rules", "check", str(bad)])
    assert result.exit_code != 0
    assert str(bad) in result.output
    assert "first.age" in result.output
    assert "'years' must be a whole number" in result.output


def test_rules_check_says_when_the_file_cannot_be_read(runner, app, tmp_path):
    result = runner.invoke(args=["rules", "check", str(tmp_path / "missing.toml")])
    assert result.exit_code != 0
    assert "missing.toml" in result.output and "cannot read" in result.output
