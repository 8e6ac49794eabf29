from __future__ import annotations

from datetime import date, timedelta

from academy.enums import Role
from academy.extensions import db
from academy.models import AuditEvent, User
from tests.builders import login, make_driver, make_user


def test_coach_dashboard_lists_only_their_drivers(client, academy):
    login(client, academy.coach)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Ren Sato (佐藤 蓮)" in page
    assert "Li Haoran" not in page


def test_coach_dashboard_flags_expiring_and_expired_documents(client, app):
    coach = make_user(Role.COACH)
    soon = date.today() + timedelta(days=20)
    make_driver(legal_name="Expiring Licence", coach=coach, licence_expires=soon)
    make_driver(
        legal_name="Expired Medical", coach=coach, medical_expires=date.today() - timedelta(days=1)
    )
    make_driver(legal_name="All Fine", coach=coach)
    login(client, coach)
    page = " ".join(client.get("/dashboard").get_data(as_text=True).split())
    assert "Expiring Licence</strong>: Licence expires on" in page
    assert "Expired Medical</strong>: Medical expired on" in page
    assert "All Fine</strong>:" not in page


def test_driver_dashboard_shows_own_profile_only(client, academy):
    login(client, academy.driver_user)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "佐藤 蓮" in page
    assert "Li Haoran" not in page


def test_driver_account_without_profile_gets_a_clear_message(client, app):
    user = make_user(Role.DRIVER)
    login(client, user)
    assert "not linked to a driver profile" in client.get("/dashboard").get_data(as_text=True)


def test_principal_dashboard_shows_only_consenting_drivers(client, academy):
    login(client, academy.principal)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Ren Sato" in page
    assert "Li Haoran" not in page


def test_admin_dashboard_counts_accounts(client, academy):
    login(client, academy.admin)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Academy overview" in page
    assert "Manage accounts" in page


def test_navigation_differs_per_role(client, academy):
    login(client, academy.admin)
    assert 'href="/admin/users"' in client.get("/dashboard").get_data(as_text=True)
    login(client, academy.coach)
    assert 'href="/admin/users"' not in client.get("/dashboard").get_data(as_text=True)


def test_unknown_page_gets_the_friendly_404(client, app):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "There is no such page" in response.get_data(as_text=True)


def test_malformed_id_in_a_url_is_a_404_not_a_crash(client, academy):
    login(client, academy.admin)
    assert client.post("/admin/users/abc/active").status_code == 404
    assert client.post("/admin/users/99999999/active").status_code == 404


def test_api_style_requests_get_json_errors(client, app):
    response = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"] == "Not found"


def test_server_error_page_is_friendly_and_hides_the_error():
    from academy import create_app
    from academy.permissions import public

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})

    @public
    def explode():
        raise RuntimeError("boom")

    app.add_url_rule("/__explode", "explode", explode)
    response = app.test_client().get("/__explode")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
    assert "boom" not in response.get_data(as_text=True)


def test_security_headers_are_set(client, app):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Request-ID"]


def test_health_and_readiness(client, app):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz").get_json()
    assert ready["status"] == "ready"


def test_admin_creates_a_user_who_must_change_the_first_password(client, academy):
    login(client, academy.admin)
    response = client.post(
        "/admin/users/new",
        data={
            "display_name": "김민준 Kim Min-jun",
            "email": "Min-jun.Kim@Example.com",
            "role": "coach",
            "first_password": "Buriram-track-42",
        },
    )
    assert response.status_code == 302
    user = db.session.execute(
        db.select(User).filter_by(email="min-jun.kim@example.com")
    ).scalar_one()
    assert user.display_name == "김민준 Kim Min-jun"
    assert user.must_change_password
    assert db.session.execute(
        db.select(AuditEvent).filter_by(action="user_created", entity_id=user.id)
    ).scalar_one()


def test_overlong_name_is_refused_with_a_field_error_and_nothing_saved(client, academy):
    login(client, academy.admin)
    before = db.session.execute(db.select(db.func.count(User.id))).scalar()
    response = client.post(
        "/admin/users/new",
        data={
            "display_name": "佐" * 201,
            "email": "long@example.com",
            "role": "coach",
            "first_password": "Buriram-track-42",
        },
    )
    assert response.status_code == 200
    assert "Field cannot be longer than 200 characters." in response.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count(User.id))).scalar() == before


def test_duplicate_email_is_refused(client, academy):
    login(client, academy.admin)
    response = client.post(
        "/admin/users/new",
        data={
            "display_name": "Copy",
            "email": academy.coach.email,
            "role": "coach",
            "first_password": "Buriram-track-42",
        },
    )
    assert "An account with this email already exists." in response.get_data(as_text=True)


def test_admin_disables_and_enables_a_user_with_audit(client, academy):
    login(client, academy.admin)
    client.post(f"/admin/users/{academy.coach.id}/active")
    db.session.refresh(academy.coach)
    assert academy.coach.active is False
    client.post(f"/admin/users/{academy.coach.id}/active")
    db.session.refresh(academy.coach)
    assert academy.coach.active is True
    actions = (
        db.session.execute(
            db.select(AuditEvent.action).filter_by(entity_id=academy.coach.id, entity_type="users")
        )
        .scalars()
        .all()
    )
    assert actions == ["user_disabled", "user_enabled"]


def test_admin_cannot_disable_themself(client, academy):
    login(client, academy.admin)
    response = client.post(f"/admin/users/{academy.admin.id}/active", follow_redirects=True)
    assert "You cannot disable your own account." in response.get_data(as_text=True)


def test_admin_dashboard_flags_due_documents_in_a_fixed_number_of_queries(
    client, app, count_queries
):
    admin = make_user(Role.ADMIN)
    soon = date.today() + timedelta(days=10)
    make_driver(legal_name="Due Soon", licence_expires=soon)
    make_driver(legal_name="Far Away")
    login(client, admin)
    with count_queries() as few:
        page = " ".join(client.get("/dashboard").get_data(as_text=True).split())
    assert (
        "Due Soon</a>: Licence expires on" in page
        or "Due Soon</strong>: Licence expires on" in page
    )
    assert "Far Away" not in page
    for index in range(20):
        make_driver(legal_name=f"Another {index}", licence_expires=soon)
    with count_queries() as many:
        client.get("/dashboard")
    assert len(many) == len(few)
