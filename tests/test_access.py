"""Every route, walked by every role: the answer must match this declared table.

A route that is not in the table fails the suite, so each new page declares who may use it.
Paths name two drivers: {driver}, coached by `coach`, whose account is `driver`, open to
scouting; and {other_driver}, coached by another coach, not open to scouting. Every id a
user could swap is tried with the other driver's id.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from werkzeug.routing import IntegerConverter

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
    # Forgotten passwords: the form for anyone signed out (signed in, the change form instead);
    # a reset link that does not hold answers 410 Gone to anyone.
    "auth.forgot_password": [
        Access("GET", "/password/forgot", {**everyone(302), "anonymous": 200}),
    ],
    "auth.reset_password": [Access("GET", "/password/reset/not-a-token", everyone(410))],
    "admin.users": [Access("GET", "/admin/users", only(200, "admin"))],
    "admin.create_user": [Access("GET", "/admin/users/new", only(200, "admin"))],
    "admin.toggle_active": [
        Access("POST", "/admin/users/{coach_user}/active", only(302, "admin")),
    ],
    "admin.change_role": [
        Access("POST", "/admin/users/{coach_user}/role", only(302, "admin")),
    ],
    "admin.send_password_reset": [
        Access("POST", "/admin/users/{coach_user}/password-reset", only(302, "admin")),
    ],
    "admin.audit_log": [Access("GET", "/admin/audit", only(200, "admin"))],
    # Dossiers: the tab, downloads and photo for the director, the driver's coach and the
    # driver themself; revocation for the director; verification for anyone. Scouting: the
    # principals' portal (and the director), consenting drivers only.
    "dossiers.driver_dossiers": [
        Access("GET", "/drivers/{driver}/dossiers", only(200, "admin", "coach", "driver")),
        Access("GET", "/drivers/{other_driver}/dossiers", only(200, "admin")),
        Access("GET", "/drivers/999999/dossiers", only(404, "admin", "coach", "driver")),
    ],
    "dossiers.download": [
        Access(
            "POST",
            "/drivers/{driver}/dossiers/invitation.pdf",
            only(200, "admin", "coach", "driver"),
        ),
        Access("POST", "/drivers/{other_driver}/dossiers/scouting.pdf", only(200, "admin")),
        Access(
            "POST",
            "/drivers/{driver}/dossiers/biography.pdf",
            only(404, "admin", "coach", "driver"),
        ),
        Access("GET", "/drivers/{driver}/dossiers/sponsor.pdf", {**everyone(405)}),
    ],
    "dossiers.photo": [
        Access(
            "GET", "/drivers/{driver}/photo.jpg", only(404, "admin", "coach", "driver", "principal")
        ),
        Access("GET", "/drivers/{other_driver}/photo.jpg", only(404, "admin")),
    ],
    "dossiers.upload_photo": [
        Access("POST", "/drivers/{driver}/photo", only(422, "admin", "coach", "driver")),
        Access("POST", "/drivers/{other_driver}/photo", only(422, "admin")),
    ],
    "dossiers.remove_photo": [
        Access("POST", "/drivers/{driver}/photo/remove", only(302, "admin", "coach", "driver")),
        Access("POST", "/drivers/{other_driver}/photo/remove", only(302, "admin")),
    ],
    "dossiers.revoke": [
        Access("POST", "/dossiers/999999/revoke", only(404, "admin")),
        Access("POST", "/dossiers/{other_dossier}/revoke", only(302, "admin")),
    ],
    "dossiers.verify_form": [
        Access("GET", "/verify", everyone(200)),
        Access("POST", "/verify", everyone(200)),
    ],
    "dossiers.verify": [
        Access("GET", "/verify/7KQ2M-XW4PD", everyone(404)),
        Access("GET", "/verify/not-a-code", everyone(404)),
    ],
    "scouting.portal": [Access("GET", "/scouting", only(200, "admin", "principal"))],
    "scouting.driver": [
        Access("GET", "/scouting/drivers/{driver}", only(200, "admin", "principal")),
        Access("GET", "/scouting/drivers/{other_driver}", only(403)),
        Access("GET", "/scouting/drivers/999999", only(404, "admin", "principal")),
    ],
    "scouting.dossier": [
        Access("POST", "/scouting/drivers/{driver}/dossier.pdf", only(200, "admin", "principal")),
        Access("POST", "/scouting/drivers/{other_driver}/dossier.pdf", only(403)),
    ],
    "scouting.batch": [Access("POST", "/scouting/batch.zip", only(302, "admin", "principal"))],
    "calendar.index": [Access("GET", "/calendar", signed_in(200))],
    "calendar.new_feed": [Access("POST", "/calendar/feed", signed_in(200))],
    "calendar.revoke_feed": [Access("POST", "/calendar/feed/revoke", signed_in(302))],
    # A calendar app carries no session: the secret token is the access (tests/calendar).
    "calendar.feed_ics": [Access("GET", "/calendar/feed.ics?token=guess", everyone(404))],
    "scouting.shortlist_page": [
        Access("GET", "/scouting/shortlist", only(200, "admin", "principal")),
    ],
    "scouting.shortlist_add": [
        Access("POST", "/scouting/shortlist/{driver}", only(302, "admin", "principal")),
        Access("POST", "/scouting/shortlist/{other_driver}", only(403)),
        Access("POST", "/scouting/shortlist/999999", only(404, "admin", "principal")),
    ],
    "scouting.shortlist_remove": [
        Access("POST", "/scouting/shortlist/{driver}/remove", only(302, "admin", "principal")),
        Access("POST", "/scouting/shortlist/{other_driver}/remove", only(403)),
    ],
    "scouting.compare": [
        Access(
            "GET",
            "/scouting/compare?driver_id={driver}&driver_id={driver}",
            only(400, "admin", "principal"),
        ),
        Access(
            "GET",
            "/scouting/compare?driver_id={driver}&driver_id={other_driver}",
            only(403),
        ),
    ],
    # Coaching: the tab for whoever sees the driver; logging and correcting for the director
    # and the driver's coach; the board for staff; the rubric for the director. Session and
    # competency ids that do not exist answer 404 to those who may use the page.
    "coaching.driver_sessions": [
        Access("GET", "/drivers/{driver}/coaching", only(200, "admin", "coach", "driver")),
        Access("GET", "/drivers/{other_driver}/coaching", only(200, "admin")),
        Access("GET", "/drivers/999999/coaching", only(404, "admin", "coach", "driver")),
    ],
    "coaching.my_coaching": [Access("GET", "/coaching/me", only(302, "driver"))],
    "coaching.log_session": [
        Access("GET", "/coaching/sessions/new", only(200, "admin", "coach")),
        Access("GET", "/coaching/sessions/new?driver={driver}", only(200, "admin", "coach")),
        Access("GET", "/coaching/sessions/new?driver={other_driver}", only(200, "admin")),
        Access("POST", "/coaching/sessions/new", only(422, "admin", "coach")),
    ],
    "coaching.edit_session": [
        Access("GET", "/coaching/sessions/999999/edit", only(404, "admin", "coach")),
        Access("POST", "/coaching/sessions/999999/edit", only(404, "admin", "coach")),
        Access("GET", "/coaching/sessions/{other_session}/edit", only(200, "admin")),
        Access("POST", "/coaching/sessions/{other_session}/edit", only(422, "admin")),
    ],
    # Taking a session back: the coach who logged it (for a driver they coach) or the director.
    "coaching.delete_session": [
        Access("GET", "/coaching/sessions/999999/delete", only(404, "admin", "coach")),
        Access("POST", "/coaching/sessions/999999/delete", only(404, "admin", "coach")),
        Access("GET", "/coaching/sessions/{other_session}/delete", only(200, "admin")),
        Access("POST", "/coaching/sessions/{other_session}/delete", only(422, "admin")),
    ],
    "coaching.undo_session": [
        Access("POST", "/coaching/sessions/999999/undo", only(404, "admin", "coach")),
        Access("POST", "/coaching/sessions/{other_session}/undo", only(302, "admin")),
    ],
    # Planned sessions: the coach who planned one, or the director, records or cancels it.
    "coaching.plans": [Access("GET", "/coaching/plans", only(200, "admin", "coach"))],
    "coaching.plan_session": [
        Access("GET", "/coaching/plans/new", only(200, "admin", "coach")),
        Access("GET", "/coaching/plans/new?driver={other_driver}", only(200, "admin")),
        Access("POST", "/coaching/plans/new", only(422, "admin", "coach")),
    ],
    "coaching.record_plan": [
        Access("GET", "/coaching/plans/999999/record", only(404, "admin", "coach")),
        Access("GET", "/coaching/plans/{other_plan}/record", only(200, "admin")),
        Access("POST", "/coaching/plans/{other_plan}/record", only(422, "admin")),
    ],
    "coaching.cancel_plan": [
        Access("GET", "/coaching/plans/999999/cancel", only(404, "admin", "coach")),
        Access("GET", "/coaching/plans/{other_plan}/cancel", only(200, "admin")),
        Access("POST", "/coaching/plans/{other_plan}/cancel", only(422, "admin")),
    ],
    "coaching.cohort": [Access("GET", "/coaching/cohort", only(200, "admin", "coach"))],
    "coaching.rubric": [Access("GET", "/coaching/rubric", only(200, "admin"))],
    "coaching.add_competency": [Access("GET", "/coaching/rubric/new", only(200, "admin"))],
    "coaching.edit_competency": [
        Access("GET", "/coaching/rubric/999999/edit", only(404, "admin")),
    ],
    "coaching.retire_competency": [
        Access("POST", "/coaching/rubric/999999/retire", only(404, "admin")),
    ],
    "coaching.restore_competency": [
        Access("POST", "/coaching/rubric/999999/restore", only(404, "admin")),
    ],
    # Drivers: staff list and create; a driver's pages for the director, their coach and
    # themself; edits for the director and their coach; consent for the driver alone.
    # Object ids that do not exist answer 404 only to those who may see the driver.
    "drivers.index": [Access("GET", "/drivers/", only(200, "admin", "coach"))],
    "drivers.my_profile": [Access("GET", "/drivers/me", only(302, "driver"))],
    "drivers.create": [Access("GET", "/drivers/new", only(200, "admin", "coach"))],
    "drivers.profile": [
        Access("GET", "/drivers/{driver}", only(200, "admin", "coach", "driver")),
        Access("GET", "/drivers/{other_driver}", only(200, "admin")),
        Access("GET", "/drivers/999999", only(404, "admin", "coach", "driver")),
    ],
    "drivers.edit": [
        Access("GET", "/drivers/{driver}/edit", only(200, "admin", "coach")),
        Access("GET", "/drivers/{other_driver}/edit", only(200, "admin")),
    ],
    "drivers.add_licence": [
        Access("GET", "/drivers/{driver}/licences/new", only(200, "admin", "coach")),
        Access("GET", "/drivers/{other_driver}/licences/new", only(200, "admin")),
    ],
    "drivers.edit_licence": [
        Access("GET", "/drivers/{driver}/licences/999999/edit", only(404, "admin", "coach")),
        Access("GET", "/drivers/{other_driver}/licences/999999/edit", only(404, "admin")),
        Access(
            "GET", "/drivers/{driver}/licences/{other_licence}/edit", only(404, "admin", "coach")
        ),
        Access("GET", "/drivers/{other_driver}/licences/{other_licence}/edit", only(200, "admin")),
    ],
    "drivers.add_medical": [
        Access("GET", "/drivers/{driver}/medicals/new", only(200, "admin", "coach")),
        Access("GET", "/drivers/{other_driver}/medicals/new", only(200, "admin")),
    ],
    "drivers.edit_medical": [
        Access("GET", "/drivers/{driver}/medicals/999999/edit", only(404, "admin", "coach")),
        Access("GET", "/drivers/{other_driver}/medicals/999999/edit", only(404, "admin")),
        Access(
            "GET", "/drivers/{driver}/medicals/{other_medical}/edit", only(404, "admin", "coach")
        ),
        Access("GET", "/drivers/{other_driver}/medicals/{other_medical}/edit", only(200, "admin")),
    ],
    "drivers.consent": [
        Access("GET", "/drivers/{driver}/consent", only(200, "driver")),
        Access("GET", "/drivers/{other_driver}/consent", only(200)),
    ],
    "drivers.history": [
        Access("GET", "/drivers/{driver}/history", only(200, "admin", "coach", "driver")),
        Access("GET", "/drivers/{other_driver}/history", only(200, "admin")),
        Access("GET", "/drivers/999999/history", only(404, "admin", "coach", "driver")),
    ],
    "results.new_result": [
        Access("GET", "/drivers/{driver}/results/new", only(200, "admin", "coach")),
        Access("GET", "/drivers/{other_driver}/results/new", only(200, "admin")),
    ],
    "results.edit_result": [
        Access("GET", "/drivers/{driver}/results/999999/edit", only(404, "admin", "coach")),
        Access("GET", "/drivers/{other_driver}/results/999999/edit", only(404, "admin")),
        Access("GET", "/drivers/{driver}/results/{other_result}/edit", only(404, "admin", "coach")),
        Access(
            "POST", "/drivers/{driver}/results/{other_result}/edit", only(404, "admin", "coach")
        ),
        Access("GET", "/drivers/{other_driver}/results/{other_result}/edit", only(200, "admin")),
    ],
    # The race debrief: like the race history it is reached from.
    "debrief.race": [
        Access("GET", "/drivers/{other_driver}/results/{other_result}/debrief", only(200, "admin")),
        Access(
            "GET",
            "/drivers/{driver}/results/{other_result}/debrief",
            only(404, "admin", "coach", "driver"),
        ),
        Access(
            "GET", "/drivers/{driver}/results/999999/debrief", only(404, "admin", "coach", "driver")
        ),
    ],
    # Events and the timing import: the director and coaches. An upload token is only good
    # for the user who uploaded the file; anyone else's answer is 404.
    "results.events": [Access("GET", "/results/events", only(200, "admin", "coach"))],
    "results.create_event": [Access("GET", "/results/events/new", only(200, "admin", "coach"))],
    "results.event": [Access("GET", "/results/events/999999", signed_in(404))],
    "results.upload": [Access("GET", "/results/import", only(200, "admin", "coach"))],
    "results.preview": [
        Access("GET", "/results/import/" + "0" * 32, only(404, "admin", "coach")),
        Access("GET", "/results/import/not-a-token", only(404, "admin", "coach")),
    ],
    "results.confirm": [
        Access("POST", "/results/import/" + "0" * 32 + "/confirm", only(404, "admin", "coach")),
    ],
    "results.answer_class": [
        Access("POST", "/results/import/" + "0" * 32 + "/classes", only(404, "admin", "coach")),
    ],
    "results.answer_team": [
        Access("POST", "/results/import/" + "0" * 32 + "/teams", only(404, "admin")),
    ],
    "results.cancel": [
        Access("POST", "/results/import/" + "0" * 32 + "/cancel", only(404, "admin", "coach")),
    ],
    # Championships: every signed-in role sees a season's standings.
    "scouting.crew_finder": [
        Access("GET", "/scouting/crew-finder", only(200, "admin", "principal")),
    ],
    "championship.seasons": [Access("GET", "/seasons", signed_in(200))],
    "championship.season": [
        Access("GET", "/seasons/{season}", signed_in(200)),
        Access("GET", "/seasons/999999", signed_in(404)),
    ],
    # Pathway: progress page for whoever sees the driver; the board for staff.
    "progress.progress": [
        Access("GET", "/drivers/{driver}/progress", only(200, "admin", "coach", "driver")),
        Access("GET", "/drivers/{other_driver}/progress", only(200, "admin")),
        Access("GET", "/drivers/999999/progress", only(404, "admin", "coach", "driver")),
    ],
    "progress.board": [Access("GET", "/pathway/board", only(200, "admin", "coach"))],
    "progress.my_progress": [Access("GET", "/me/progress", only(302, "driver"))],
    # API: 401 JSON for anonymous; principals only for drivers open to scouting ({driver} is,
    # {other_driver} is not).
    "api.driver_pathway": [
        Access(
            "GET",
            "/api/v1/drivers/{driver}/pathway",
            {"anonymous": 401, "admin": 200, "coach": 200, "driver": 200, "principal": 200},
        ),
        Access(
            "GET",
            "/api/v1/drivers/{other_driver}/pathway",
            {"anonymous": 401, "admin": 200, "coach": 403, "driver": 403, "principal": 403},
        ),
        Access(
            "GET",
            "/api/v1/drivers/999999/pathway",
            {"anonymous": 401, "admin": 404, "coach": 404, "driver": 404, "principal": 404},
        ),
    ],
    # Licence applications: staff list; the driver's tab; create and act for coach/director.
    # Application ids that do not exist answer 404 only to those who may see the driver.
    "licensing.applications": [Access("GET", "/licensing", only(200, "admin", "coach"))],
    "licensing.driver_applications": [
        Access("GET", "/drivers/{driver}/licence", only(200, "admin", "coach", "driver")),
        Access("GET", "/drivers/{other_driver}/licence", only(200, "admin")),
    ],
    "licensing.new_application": [
        Access("GET", "/drivers/{driver}/licence/new", only(200, "admin", "coach")),
        Access("GET", "/drivers/{other_driver}/licence/new", only(200, "admin")),
    ],
    "licensing.application": [
        Access("GET", "/drivers/{driver}/licence/999999", only(404, "admin", "coach", "driver")),
        Access("GET", "/drivers/{other_driver}/licence/999999", only(404, "admin")),
        Access(
            "GET",
            "/drivers/{driver}/licence/{other_application}",
            only(404, "admin", "coach", "driver"),
        ),
        Access("GET", "/drivers/{other_driver}/licence/{other_application}", only(200, "admin")),
    ],
    "licensing.act": [
        Access("POST", "/drivers/{driver}/licence/999999/endorse", only(404, "admin", "coach")),
        Access("POST", "/drivers/{other_driver}/licence/999999/endorse", only(404, "admin")),
        Access(
            "POST",
            "/drivers/{driver}/licence/{other_application}/endorse",
            only(404, "admin", "coach"),
        ),
        Access(
            "POST", "/drivers/{other_driver}/licence/{other_application}/reject", only(302, "admin")
        ),
    ],
    # Withdrawing a draft: only whoever started it (the other coach here: refused to all).
    "licensing.withdraw": [
        Access("POST", "/drivers/{driver}/licence/999999/withdraw", only(404, "admin", "coach")),
        Access("POST", "/drivers/{other_driver}/licence/{other_application}/withdraw", only(403)),
    ],
    "rules_admin.index": [Access("GET", "/admin/rules/", only(200, "admin"))],
    "rules_admin.load_shipped": [
        Access("POST", "/admin/rules/shipped/alms-to-le-mans/load", only(302, "admin")),
        Access("POST", "/admin/rules/shipped/no-such-set/load", only(404, "admin")),
    ],
    "rules_admin.show": [Access("GET", "/admin/rules/999999", only(404, "admin"))],
    "rules_admin.activate_record": [
        Access("POST", "/admin/rules/999999/activate", only(404, "admin")),
    ],
    "exports.drivers_csv": [Access("GET", "/exports/drivers.csv", only(200, "admin", "coach"))],
    "exports.cohort_grades_csv": [
        Access("GET", "/exports/cohort-grades.csv", only(200, "admin", "coach"))
    ],
    "exports.driver_results_csv": [
        Access(
            "GET", "/exports/drivers/{driver}/results.csv", only(200, "admin", "coach", "driver")
        ),
        Access("GET", "/exports/drivers/{other_driver}/results.csv", only(200, "admin")),
        Access("GET", "/exports/drivers/999999/results.csv", only(404, "admin", "coach", "driver")),
    ],
    # Inbox and jobs: e-mail settings for everyone signed in, "seen" for principals; a job for
    # the one who started it and the director, the list of jobs for the director.
    "inbox.email_settings": [Access("GET", "/inbox/email", signed_in(200))],
    "inbox.scouting_seen": [Access("POST", "/inbox/scouting-seen", only(302, "principal"))],
    "jobs.index": [Access("GET", "/jobs", only(200, "admin"))],
    "jobs.show": [
        Access("GET", "/jobs/{other_job}", only(200, "admin")),
        Access("GET", "/jobs/999999", signed_in(404)),
    ],
    "jobs.status": [Access("GET", "/jobs/{other_job}/status", only(200, "admin"))],
    "jobs.download": [Access("GET", "/jobs/{other_job}/download", only(200, "admin"))],
    "jobs.retry": [Access("POST", "/jobs/{other_job}/retry", only(302, "admin"))],
    # Imported seats waiting for a driver's confirmation: their coach or the director.
    "results.confirm_pending_result": [
        Access("POST", "/results/pending/{other_pending}/confirm", only(302, "admin")),
        Access("POST", "/results/pending/999999/confirm", only(404, "admin", "coach")),
    ],
    "results.decline_pending_result": [
        Access("POST", "/results/pending/{other_pending}/decline", only(302, "admin")),
        Access("POST", "/results/pending/999999/decline", only(404, "admin", "coach")),
    ],
    # Endorsements: only the driver's own coach writes one; coaches and the director list them.
    "endorsements.new": [
        Access("GET", "/drivers/{driver}/endorsements/new", only(200, "coach")),
        Access("GET", "/drivers/{other_driver}/endorsements/new", only(403)),
        Access("GET", "/drivers/999999/endorsements/new", only(404, "coach")),
    ],
    "endorsements.mine": [Access("GET", "/endorsements", only(200, "admin", "coach"))],
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
        **other_driver_records(academy, access.path),
    )
    response = client.open(path, method=access.method)
    assert response.status_code == access.expect[viewer], (
        f"{viewer} {access.method} {path}: got {response.status_code}, "
        f"declared {access.expect[viewer]}"
    )
    if viewer == "anonymous" and response.status_code == LOGIN and path not in ("/", "/logout"):
        assert "/login" in response.headers["Location"]


def other_driver_records(academy, path: str) -> dict[str, int]:
    """Ids of the other driver's records that `path` names, made only when it names them."""
    from datetime import date

    from academy.enums import DossierKind, LicenceGrade, RaceClass, ResultStatus, SessionType
    from academy.extensions import db
    from academy.licensing.service import create_application
    from academy.models import CoachingSession, Dossier, RaceEntry, Result
    from tests.drivers.racing import make_event

    other = academy.other_driver
    ids = {}
    if "{other_session}" in path:
        session = CoachingSession(
            driver_id=other.id,
            coach_id=academy.other_coach.id,
            held_on=date(2026, 1, 5),
            session_type=SessionType.FITNESS,
        )
        db.session.add(session)
        db.session.commit()
        ids["other_session"] = session.id
    if "{other_plan}" in path:
        from academy.clock import academy_today
        from academy.models import PlannedSession

        plan = PlannedSession(
            coach_id=academy.other_coach.id,
            planned_on=academy_today(),
            session_type=SessionType.FITNESS,
        )
        plan.drivers = [other]
        db.session.add(plan)
        db.session.commit()
        ids["other_plan"] = plan.id
    if "{other_licence}" in path:
        ids["other_licence"] = other.licences[0].id
    if "{other_medical}" in path:
        ids["other_medical"] = other.medicals[0].id
    if "{other_result}" in path:
        entry = RaceEntry(
            event_id=make_event().id,
            car_number="7",
            team="Other Team",
            race_class=RaceClass.LMP3,
            status=ResultStatus.CLASSIFIED,
            laps=100,
        )
        entry.results.append(Result(driver_id=other.id, seat=1))
        db.session.add(entry)
        db.session.commit()
        ids["other_result"] = entry.results[0].id
    if "{season}" in path:
        ids["season"] = make_event().season_id
        db.session.commit()
    if "{other_pending}" in path:
        entry = RaceEntry(
            event_id=make_event().id,
            car_number="8",
            team="Imported Team",
            race_class=RaceClass.LMP3,
            status=ResultStatus.CLASSIFIED,
            laps=90,
        )
        entry.results.append(Result(external_name="H. LI", pending_driver_id=other.id, seat=1))
        db.session.add(entry)
        db.session.commit()
        ids["other_pending"] = entry.results[0].id
    if "{other_application}" in path:
        application = create_application(
            other, LicenceGrade.INTERNATIONAL_D, "JAF", "", academy.other_coach, "alms-to-le-mans"
        )
        db.session.commit()
        ids["other_application"] = application.id
    if "{other_job}" in path:
        from academy.models import Job

        job = Job(
            kind="scouting_zip",
            user_id=academy.other_coach.id,
            status="finished",
            result=b"PK\x05\x06" + bytes(18),
            result_name="scouting-dossiers.zip",
            result_size=22,
        )
        db.session.add(job)
        db.session.commit()
        ids["other_job"] = job.id
    if "{other_dossier}" in path:
        dossier = Dossier(
            kind=DossierKind.SCOUTING,
            driver_id=other.id,
            rule_set_key="alms-to-le-mans",
            generated_by_id=academy.admin.id,
            sha256="0" * 64,
            verification_code="OTHERDOSS1",
        )
        db.session.add(dossier)
        db.session.commit()
        ids["other_dossier"] = dossier.id
    return ids


# Records that belong to no driver: whoever may open one of them may open them all.
SHARED_RECORDS = {
    "admin.toggle_active",
    "admin.change_role",
    "admin.send_password_reset",
    "coaching.edit_competency",
    "coaching.retire_competency",
    "coaching.restore_competency",
    "results.event",
    "championship.season",
    "rules_admin.show",
    "rules_admin.activate_record",
}


def test_every_route_with_a_record_id_is_tried_with_another_drivers_record(app):
    untried = []
    for rule in app.url_map.iter_rules():
        takes_an_id = any(
            isinstance(converter, IntegerConverter) for converter in rule._converters.values()
        )
        tried = any("{other_" in access.path for access in ROUTES.get(rule.endpoint, []))
        if takes_an_id and rule.endpoint not in SHARED_RECORDS and not tried:
            untried.append(rule.endpoint)
    assert untried == [], "routes never tried with the other driver's ids"


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
