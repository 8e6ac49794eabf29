"""Forgotten passwords by e-mailed link (issue 17, item 12), through a real SMTP server on
loopback: the same answer whether or not the address exists, a link that works once and
expires, nothing of it in the database; the director's reset link and role change."""

from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import select

from academy.enums import Role
from academy.extensions import db
from academy.models import AuditEvent, Job, Notification, User
from tests.builders import PASSWORD, login, make_driver, make_user

NEW_PASSWORD = "Fuji-Speedway-Dawn-77"
SENT = "an e-mail with a link to set a new password is on its way"


def reset_link(received) -> str:
    text = received.part("text/plain")
    [link] = re.findall(r"https://academy\.example\.com(/password/reset/\S+)", text)
    assert link in received.part("text/html")
    return link


def ask(client, email: str):
    return client.post("/password/forgot", data={"email": email}, follow_redirects=True)


@pytest.fixture
def mika(app):
    return make_user(Role.COACH, name="Mika Häkkinen 河合", email="mika@example.com")


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(client, smtp, mika):
    disabled = make_user(Role.COACH, email="gone@example.com", active=False)
    answers = {}
    for email in ("mika@example.com", "nobody@example.com", disabled.email):
        response = ask(client, email)
        page = response.get_data(as_text=True).replace(email, "ADDRESS")
        answers[email] = (response.status_code, page.split("<main", 1)[1].split("</main>")[0])
        assert SENT in page
    assert len(set(answers.values())) == 1
    # Only the active account got an e-mail; the request did the same work for every address
    # (a job each, naming only the address typed).
    assert [mail.recipients for mail in smtp.received] == [["mika@example.com"]]
    jobs = db.session.execute(select(Job).where(Job.kind == "password_reset_mail")).scalars()
    assert sorted(job.params for job in jobs) == sorted(
        f'{{"email": "{email}"}}' for email in answers
    )
    assert {job.message for job in db.session.execute(select(Job)).scalars()} == {"done"}


def test_the_link_sets_a_new_password_once(client, smtp, mika):
    ask(client, "  MIKA@example.com ")
    [received] = smtp.to("mika@example.com")
    assert received.subject.startswith("Set a new password for")
    assert "Dear Mika Häkkinen 河合," in received.part("text/plain")
    link = reset_link(received)
    token = link.rsplit("/", 1)[1]
    # The link exists only in the e-mail: no job, notification or audit event holds it.
    stored = [
        *db.session.execute(select(Job.params)).scalars(),
        *db.session.execute(select(Notification.body_text)).scalars(),
        *db.session.execute(select(AuditEvent.after)).scalars(),
    ]
    assert not any(token in str(value) for value in stored)

    page = client.get(link).get_data(as_text=True)
    assert "For Mika Häkkinen 河合 (mika@example.com)" in page
    # A weak password is refused next to the field, and the link still holds.
    weak = client.post(link, data={"new_password": "short", "confirm": "short"})
    assert weak.status_code == 200 and "Use at least 10 characters." in weak.get_data(as_text=True)
    done = client.post(
        link, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, follow_redirects=True
    )
    assert "Your new password is set. Sign in with it." in done.get_data(as_text=True)

    # Used once, the link is dead, for a GET and a POST alike.
    again = client.get(link)
    assert again.status_code == 410
    assert "already been used" in again.get_data(as_text=True)
    replay = client.post(link, data={"new_password": "Another-Pass-2026", "confirm": "x"})
    assert replay.status_code == 410
    db.session.expire_all()
    user = db.session.get(User, mika.id)
    assert user.check_password(NEW_PASSWORD) and not user.check_password(PASSWORD)
    assert (
        db.session.execute(select(AuditEvent).where(AuditEvent.action == "password_reset"))
        .scalar_one()
        .entity_id
        == mika.id
    )

    # Sign in with it; the old one is refused.
    assert "Wrong email or password" in client.post(
        "/login", data={"email": mika.email, "password": PASSWORD}
    ).get_data(as_text=True)
    signed_in = client.post("/login", data={"email": mika.email, "password": NEW_PASSWORD})
    assert signed_in.status_code == 302 and signed_in.location.endswith("/dashboard")


def test_a_link_expires(client, smtp, mika, app, monkeypatch):
    monkeypatch.setitem(app.config, "PASSWORD_RESET_SECONDS", 1)
    ask(client, mika.email)
    link = reset_link(smtp.to(mika.email)[0])
    assert client.get(link).status_code == 200
    time.sleep(2.1)
    expired = client.get(link)
    assert expired.status_code == 410
    assert "This link has expired" in expired.get_data(as_text=True)
    refused = client.post(link, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert refused.status_code == 410
    db.session.expire_all()
    assert db.session.get(User, mika.id).check_password(PASSWORD)


def test_a_forged_or_mangled_link_is_refused(client, smtp, mika):
    ask(client, mika.email)
    link = reset_link(smtp.to(mika.email)[0])
    for bad in (link[:-3] + "abc", "/password/reset/" + "x" * 40):
        response = client.get(bad)
        assert response.status_code == 410
        assert "not a valid password reset link" in response.get_data(as_text=True)


def test_a_newer_link_or_password_change_ends_the_older_links(client, smtp, mika):
    ask(client, mika.email)
    first = reset_link(smtp.to(mika.email)[0])
    login(client, mika)
    client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    client.post("/logout")
    assert client.get(first).status_code == 410


def test_one_address_is_sent_at_most_three_links_an_hour_with_the_same_answer(client, smtp, mika):
    for _ in range(4):
        assert SENT in ask(client, mika.email).get_data(as_text=True)
    assert len(smtp.to(mika.email)) == 3


def test_asking_is_rate_limited_per_client_address_like_sign_in(client, smtp, app, monkeypatch):
    monkeypatch.setitem(app.config, "PASSWORD_RESET_PER_EMAIL", "100 per hour")
    codes = [
        client.post("/password/forgot", data={"email": f"n{i}@example.com"}).status_code
        for i in range(6)
    ]
    assert codes == [302] * 5 + [429]


# --- the director's tools ----------------------------------------------------------------------


def test_the_director_sends_a_reset_link_and_the_password_stays_until_it_is_used(
    client, smtp, academy
):
    login(client, academy.admin)
    page = client.post(
        f"/admin/users/{academy.coach.id}/password-reset", follow_redirects=True
    ).get_data(as_text=True)
    assert f"A link to set a new password is on its way to {academy.coach.email}" in page
    [received] = smtp.to(academy.coach.email)
    db.session.expire_all()
    assert db.session.get(User, academy.coach.id).check_password(PASSWORD)
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "password_reset_sent")
    ).scalar_one()
    assert (event.actor_id, event.entity_id) == (academy.admin.id, academy.coach.id)
    client.post("/logout")
    link = reset_link(received)
    client.post(link, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    db.session.expire_all()
    assert db.session.get(User, academy.coach.id).check_password(NEW_PASSWORD)


def test_the_director_changes_a_role_audited(client, academy):
    login(client, academy.admin)
    principal = academy.principal
    page = client.post(
        f"/admin/users/{principal.id}/role", data={"role": "coach"}, follow_redirects=True
    ).get_data(as_text=True)
    assert f"{principal.display_name} is now coach." in page
    db.session.expire_all()
    assert db.session.get(User, principal.id).role is Role.COACH
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "user_role_changed")
    ).scalar_one()
    assert (event.actor_id, event.entity_id) == (academy.admin.id, principal.id)
    assert "principal" in str(event.before) and "coach" in str(event.after)
    # The new role takes effect at once: the coach's pages, not the scouting portal.
    login(client, db.session.get(User, principal.id))
    assert client.get("/scouting").status_code == 403


@pytest.mark.parametrize(
    ("who", "role", "reason"),
    [
        ("admin", "coach", "is the last active director"),
        ("coach", "principal", "coaches 1 driver: give them another coach first"),
        ("driver_user", "coach", "linked to the driver profile of"),
        ("principal", "principal", "is already principal"),
    ],
)
def test_a_role_change_that_would_break_the_academy_is_refused(client, academy, who, role, reason):
    login(client, academy.admin)
    user = getattr(academy, who)
    before = user.role
    page = client.post(
        f"/admin/users/{user.id}/role", data={"role": role}, follow_redirects=True
    ).get_data(as_text=True)
    assert reason in page
    db.session.expire_all()
    assert db.session.get(User, user.id).role is before
    assert not db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "user_role_changed")
    ).first()


def test_with_a_second_director_the_first_may_step_down(client, academy):
    second = make_user(Role.ADMIN, name="Second Director")
    login(client, academy.admin)
    client.post(f"/admin/users/{academy.admin.id}/role", data={"role": "coach"})
    db.session.expire_all()
    assert db.session.get(User, academy.admin.id).role is Role.COACH
    assert db.session.get(User, second.id).role is Role.ADMIN


def test_an_unknown_role_is_refused_with_nothing_changed(client, academy):
    make_driver(legal_name="Unused")
    login(client, academy.admin)
    page = client.post(
        f"/admin/users/{academy.principal.id}/role", data={"role": "owner"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Choose one of the roles." in page
    db.session.expire_all()
    assert db.session.get(User, academy.principal.id).role is Role.PRINCIPAL
