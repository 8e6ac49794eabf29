"""E-mail through a real SMTP server on loopback: reminders before a licence or medical runs
out, licence-application news to the people concerned, the weekly digest; every kind can be
switched off; nothing is sent twice; text and HTML parts; names in every script survive."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from academy.enums import ApplicationStatus, Role
from academy.extensions import db
from academy.inbox import mail
from academy.models import Driver, Notification
from tests.builders import login, make_driver, make_user
from tests.licensing.test_licensing_routes import act, make_application, make_grade_d_ready

TODAY = date(2026, 12, 7)  # a Monday


@pytest.fixture(autouse=True)
def no_digest_unless_asked(app, monkeypatch):
    """No weekly digest in these tests (DIGEST_WEEKDAY matches no day) but in its own."""
    monkeypatch.setitem(app.config, "DIGEST_WEEKDAY", 7)


def run_daily(on: date = TODAY) -> str:
    summary = mail.daily_run(on.isoformat())
    db.session.expire_all()
    return summary


@pytest.fixture
def kamui(app):
    """A driver with a native-script name whose licence runs out in 30 days, with a coach."""
    coach = make_user(Role.COACH, name="Hiroshi Tanaka 田中", email="tanaka@example.com")
    user = make_user(Role.DRIVER, name="小林 可夢偉", email="kamui@example.com")
    return make_driver(
        legal_name="Kamui Kobayashi",
        native_name="小林 可夢偉",
        coach=coach,
        user=user,
        licence_expires=TODAY + timedelta(days=30),
    )


def test_a_reminder_goes_to_the_driver_and_their_coach_in_text_and_html(smtp, kamui):
    summary = run_daily()
    assert "2 e-mails sent" in summary
    [to_driver] = smtp.to("kamui@example.com")
    [to_coach] = smtp.to("tanaka@example.com")
    assert to_driver.subject == "Your licence expires in 30 days"
    assert to_coach.subject == "Kamui Kobayashi (小林 可夢偉)'s licence expires in 30 days"
    # Names in any script survive the headers and both parts.
    assert "小林 可夢偉" in to_driver.to
    text, html = to_driver.part("text/plain"), to_driver.part("text/html")
    assert "Dear 小林 可夢偉," in text and "6 January 2027" in text
    assert "Dear 小林 可夢偉," in html and "<strong>6 January 2027</strong>" in html
    # Links come from PUBLIC_BASE_URL, not from a request.
    assert f"https://academy.example.com/drivers/{kamui.id}" in text
    assert f'href="https://academy.example.com/drivers/{kamui.id}"' in html
    assert "https://academy.example.com/inbox/email" in text


@pytest.mark.parametrize(
    ("days_left", "threshold"), [(60, 60), (45, 60), (30, 30), (29, 30), (7, 7), (1, 7)]
)
def test_the_reminder_answers_the_tightest_day_reached(app, days_left, threshold):
    driver = make_driver(licence_expires=TODAY + timedelta(days=days_left))
    [reminder] = mail.reminders_due(TODAY)
    assert (reminder.driver.id, reminder.days_left, reminder.threshold) == (
        driver.id,
        days_left,
        threshold,
    )


def test_no_reminder_beyond_the_first_day_or_after_expiry(app):
    make_driver(licence_expires=TODAY + timedelta(days=61))
    make_driver(licence_expires=TODAY - timedelta(days=1))
    assert mail.reminders_due(TODAY) == []


def test_the_reminder_days_are_a_setting(app, monkeypatch):
    monkeypatch.setitem(app.config, "REMINDER_DAYS", "90, 14")
    make_driver(licence_expires=TODAY + timedelta(days=80))
    [reminder] = mail.reminders_due(TODAY)
    assert reminder.threshold == 90


def test_running_twice_a_day_or_every_day_never_sends_the_same_reminder_twice(smtp, kamui):
    run_daily()
    run_daily()
    run_daily(TODAY + timedelta(days=1))  # 29 days left: still the 30-day reminder
    assert len(smtp.to("kamui@example.com")) == 1
    # The 7-day reminder is a new one.
    run_daily(TODAY + timedelta(days=23))
    subjects = [mail.subject for mail in smtp.to("kamui@example.com")]
    assert subjects == ["Your licence expires in 30 days", "Your licence expires in 7 days"]


def test_a_renewed_document_is_reminded_of_afresh(smtp, kamui):
    run_daily()
    driver = db.session.get(Driver, kamui.id)
    driver.licences[0].expires_on = TODAY + timedelta(days=400)  # renewed...
    db.session.commit()
    run_daily(TODAY + timedelta(days=370))  # ...and due again a year on
    assert len(smtp.to("kamui@example.com")) == 2


def test_two_senders_at_once_send_each_message_once(smtp, kamui):
    mail.queue_expiry_reminders(TODAY)
    db.session.commit()
    assert mail.deliver_pending() == (2, 0)
    assert mail.deliver_pending() == (0, 0)
    assert len(smtp.received) == 2


def test_an_unreachable_server_keeps_the_message_for_the_next_run(app, smtp, kamui, monkeypatch):
    from academy.extensions import mail as extension

    monkeypatch.setitem(app.config, "MAIL_PORT", 1)  # nothing listens there
    extension.init_app(app)
    mail.queue_expiry_reminders(TODAY)
    db.session.commit()
    assert mail.deliver_pending() == (0, 2)
    failed = db.session.execute(db.select(Notification)).scalars().all()
    assert all(n.sent_at is None and "Error" in n.error for n in failed)
    monkeypatch.setitem(app.config, "MAIL_PORT", smtp.port)
    extension.init_app(app)
    assert mail.deliver_pending() == (2, 0)
    assert len(smtp.received) == 2


def test_each_kind_can_be_switched_off_per_user(client, smtp, kamui):
    login(client, kamui.user)
    page = client.get("/inbox/email").get_data(as_text=True)
    assert page.count("checked") == 3
    client.post("/inbox/email", data={"application_update": "y", "weekly_digest": "y"})
    assert mail.kinds_wanted(kamui.user.id) == {"application_update", "weekly_digest"}
    run_daily()
    assert smtp.to("kamui@example.com") == []
    assert len(smtp.to("tanaka@example.com")) == 1  # the coach still gets theirs


def test_each_licence_application_step_reaches_the_people_it_concerns(client, smtp, academy):
    make_grade_d_ready(academy.driver, academy.coach)
    application = make_application(academy.driver, academy.coach)
    login(client, academy.coach)
    act(client, application, "endorse", comment="Trois courses propres — 三戦完走")
    # The driver and the director hear of it; the coach who took the step does not.
    assert [m.subject for m in smtp.to(academy.driver_user.email)] == [
        "Your application for International D: endorsed"
    ]
    [to_director] = smtp.to(academy.admin.email)
    assert to_director.subject == "Ren Sato (佐藤 蓮)'s application for International D: endorsed"
    assert "三戦完走" in to_director.part("text/plain")
    assert smtp.to(academy.coach.email) == []

    login(client, academy.admin)
    act(client, application, "approve")
    assert [m.subject for m in smtp.to(academy.coach.email)] == [
        "Ren Sato (佐藤 蓮)'s application for International D: approved"
    ]
    assert len(smtp.to(academy.driver_user.email)) == 2
    assert len(smtp.to(academy.admin.email)) == 1  # the director approved it themself


def test_a_refused_step_sends_nothing(client, smtp, academy):
    application = make_application(academy.driver, academy.coach)  # rules not met
    login(client, academy.coach)
    act(client, application, "endorse")
    assert smtp.received == []
    assert db.session.execute(db.select(Notification)).first() is None


def test_the_weekly_digest_is_the_inbox_once_a_week(app, smtp, academy, kamui, monkeypatch):
    monkeypatch.setitem(app.config, "DIGEST_WEEKDAY", 0)  # Mondays, the default
    make_application(academy.driver, academy.coach, ApplicationStatus.ENDORSED)
    run_daily()
    [digest] = [m for m in smtp.to(academy.admin.email) if "this week" in m.subject]
    text = digest.part("text/plain")
    assert "Approve Ren Sato (佐藤 蓮)'s application for International D" in text
    assert "https://academy.example.com/drivers/" in text
    assert "Approve Ren Sato (佐藤 蓮)&#39;s application" in digest.part("text/html")
    run_daily()
    run_daily(TODAY + timedelta(days=1))  # Tuesday: no digest
    assert len([m for m in smtp.to(academy.admin.email) if "this week" in m.subject]) == 1
    run_daily(TODAY + timedelta(days=7))
    assert len([m for m in smtp.to(academy.admin.email) if "this week" in m.subject]) == 2


def test_names_in_every_script_survive_the_round_trip(smtp, app):
    names = ["佐藤 蓮", "김민준", "ธนกร ศรีสุข", "Ирина Соколова", "محمد العلي", "Zoë Ørsted-Müller"]
    for number, name in enumerate(names):
        user = make_user(Role.DRIVER, name=name, email=f"script{number}@example.com")
        make_driver(legal_name=name, user=user, licence_expires=TODAY + timedelta(days=7))
    run_daily()
    for number, name in enumerate(names):
        [received] = smtp.to(f"script{number}@example.com")
        assert name in received.to
        assert f"Dear {name}," in received.part("text/plain")
        assert f"Dear {name}," in received.part("text/html")


def test_the_notify_command_runs_the_daily_job_and_is_safe_to_run_twice(runner, smtp, kamui):
    first = runner.invoke(args=["notify", "--date", TODAY.isoformat()])
    assert first.exit_code == 0, first.output
    assert "2 e-mails sent" in first.output
    second = runner.invoke(args=["notify", "--date", TODAY.isoformat()])
    assert "0 reminders" in second.output and "0 e-mails sent" in second.output
    assert len(smtp.received) == 2
