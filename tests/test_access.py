"""Every route, walked by every role: the answer must match this declared table.

A route that is not in the table fails the suite, so each new page declares who may use it.
Paths name two drivers: {driver}, coached by `coach`, whose account is `driver`, open to
scouting; and {other_driver}, coached by another coach, not open to scouting. Every id a
user could swap is tried with the other driver's id.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.builders import login

VIEWERS = ("anonymous", "admin", "coach", "driver", "principal")
LOGIN = 302  # anonymous users are sent to the sign-in page


@dataclass(frozen=True)
class Access:
    method: str
    path: str
    expect: dict[str, int]


def everyone(code: int) -> dict[str, int]:
    return dict.fromkeys(VIEWERS, code)


def signed_in(code: int) -> dict[str, int]:
    return {**everyone(code), "anonymous": LOGIN}


def only(code: int, *allowed: str, denied: int = 403) -> dict[str, int]:
    expect = {viewer: (code if viewer in allowed else denied) for viewer in VIEWERS}
    expect["anonymous"] = LOGIN
    return expect


ROUTES: dict[str, list[Access]] = {
    "static": [Access("GET", "/static/css/app.css", everyone(200))],
    "main.index": [Access("GET", "/", everyone(302))],
    "main.dashboard": [Access("GET", "/dashboard", signed_in(200))],
    "main.healthz": [Access("GET", "/healthz", everyone(200))],
    "main.readyz": [Access("GET", "/readyz", everyone(200))],
    "auth.login": [
        Access("GET", "/login", {**everyone(302), "anonymous": 200}),
    ],
    "auth.logout": [Access("POST", "/logout", everyone(302))],
    "auth.change_password": [Access("GET", "/account/password", signed_in(200))],
    "admin.users": [Access("GET", "/admin/users", only(200, "admin"))],
    "admin.create_user": [Access("GET", "/admin/users/new", only(200, "admin"))],
    "admin.toggle_active": [
        Access("POST", "/admin/users/{coach_user}/active", only(302, "admin")),
    ],
    "admin.audit_log": [Access("GET", "/admin/audit", only(200, "admin"))],
    "exports.drivers_csv": [Access("GET", "/exports/drivers.csv", only(200, "admin", "coach"))],
    "exports.driver_results_csv": [
        Access("GET", "/exports/drivers/{driver}/results.csv", only(200, "admin", "coach", "driver")),
        Access("GET", "/exports/drivers/{other_driver}/results.csv", only(200, "admin")),
        Access("GET", "/exports/drivers/999999/results.csv", only(404, "admin", "coach", "driver")),
    ],
}


def _cases():
    for endpoint, accesses in ROUTES.items():
        for access in accesses:
            for viewer in VIEWERS:
                yield pytest.param(
                    access, viewer, id=f"{endpoint}:{access.method}:{access.path}:{viewer}"
                )


@pytest.mark.parametrize(("access", "viewer"), list(_cases()))
def test_route_answers_each_role_as_declared(client, academy, access, viewer):
    users = {
        "admin": academy.admin,
        "coach": academy.coach,
        "driver": academy.driver_user,
        "principal": academy.principal,
    }
    if viewer != "anonymous":
        login(client, users[viewer])
    path = access.path.format(
        driver=academy.driver.id,
        other_driver=academy.other_driver.id,
        coach_user=academy.coach.id,
    )
    response = client.open(path, method=access.method)
    assert response.status_code == access.expect[viewer], (
        f"{viewer} {access.method} {path}: got {response.status_code}, "
        f"declared {access.expect[viewer]}"
    )
    if viewer == "anonymous" and response.status_code == LOGIN and path not in ("/", "/logout"):
        assert "/login" in response.headers["Location"]


def test_every_route_is_in_the_access_table(app):
    declared = set(ROUTES)
    registered = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert registered - declared == set(), "routes missing from the access table"
    assert declared - registered == set(), "table names routes that do not exist"


def test_every_view_declares_a_policy(app):
    from academy.permissions import policy_of

    for endpoint, view in app.view_functions.items():
        if endpoint != "static":
            assert policy_of(view) is not None, endpoint


def test_a_view_without_policy_stops_the_app_from_starting():
    from flask import Blueprint

    from academy import check_every_view_declares_access, create_app

    app = create_app({"TESTING": True})
    stray = Blueprint("stray", __name__)
    stray.add_url_rule("/stray", "undeclared", lambda: "open")
    app.register_blueprint(stray)
    with pytest.raises(RuntimeError, match="stray.undeclared"):
        check_every_view_declares_access(app)
