"""Each role's dashboard shows what waits for them, each item a link to where it is done, with
the count in the navigation; the inbox costs a bounded number of statements."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

from academy.clock import utcnow
from academy.enums import ApplicationStatus, Role
from academy.extensions import db
from academy.formatting import format_date
from academy.models import Driver, Job, PendingUpload
from tests.builders import login, make_driver, make_user
from tests.licensing.test_licensing_routes import make_application
from tests.progress.builders import add_session


def inbox_links(page: str) -> dict[str, str]:
    """The inbox card's items: text -> link."""
    card = page.split('id="inbox"', 1)[1].split("</section>", 1)[0]
    return {
        html.unescape(re.sub(r"\s+", " ", text).strip()): html.unescape(href)
        for href, text in re.findall(
            r'<li[^>]*><a href="([^"]+)">([^<]+)</a>(?:<small[^>]*>[^<]*</small>)?</li>', card
        )
    }


def nav_count(page: str) -> int | None:
    nav = page.split('class="mainnav"', 1)[1].split("</ul>", 1)[0]
    found = re.search(r'>Dashboard <span class="badge badge-due"[^>]*>(\d+)</span>', nav)
    return int(found.group(1)) if found else None


def test_the_director_sees_applications_to_approve_documents_imports_and_failed_jobs(
    client, academy
):
    today = date.today()
    endorsed = make_application(academy.driver, academy.coach, ApplicationStatus.ENDORSED)
    make_application(academy.other_driver, academy.other_coach)  # a draft: not the director's
    expiring = make_driver(legal_name="Kamui Kobayashi", licence_expires=today + timedelta(days=20))
    db.session.add(
        PendingUpload(
            token="a" * 32,
            user_id=academy.admin.id,
            event_id=_event_id(),
            file_name="sepang.csv",
            data=b"x",
            size=1,
            uploaded_at=utcnow(),
        )
    )
    failed = Job(kind="scouting_zip", user_id=academy.principal.id, status="failed", error="boom")
    db.session.add(failed)
    db.session.commit()

    login(client, academy.admin)
    page = client.get("/dashboard").get_data(as_text=True)
    links = inbox_links(page)
    assert links == {
        "Approve Ren Sato (佐藤 蓮)'s application for International D": (
            f"/drivers/{academy.driver.id}/licence/{endorsed.id}"
        ),
        f"Kamui Kobayashi's licence expires on {format_date(today + timedelta(days=20))}": (
            f"/drivers/{expiring.id}"
        ),
        "Confirm or cancel the import of sepang.csv": "/results/import/" + "a" * 32,
        f"Job #{failed.id} failed: ZIP of scouting dossiers": f"/jobs/{failed.id}",
    }
    assert nav_count(page) == 4
    # The count follows the user to the other pages.
    assert nav_count(client.get("/admin/users").get_data(as_text=True)) == 4
    for url in links.values():
        assert client.get(url).status_code == 200, url


def _event_id() -> int:
    from tests.drivers.racing import make_event

    return make_event().id


def test_a_coach_sees_drafts_to_endorse_expiring_documents_and_drivers_without_sessions(
    client, academy
):
    today = date.today()
    draft = make_application(academy.driver, academy.coach)
    make_application(academy.other_driver, academy.other_coach)  # another coach's driver
    busy = make_driver(
        legal_name="Nirei Fukuzumi",
        coach=academy.coach,
        medical_expires=today - timedelta(days=2),
    )
    add_session(busy, academy.coach, today - timedelta(days=29))
    add_session(academy.driver, academy.coach, today - timedelta(days=31))

    login(client, academy.coach)
    page = client.get("/dashboard").get_data(as_text=True)
    links = inbox_links(page)
    assert links == {
        "Endorse Ren Sato (佐藤 蓮)'s application for International D": (
            f"/drivers/{academy.driver.id}/licence/{draft.id}"
        ),
        f"Nirei Fukuzumi's medical expired on {format_date(today - timedelta(days=2))}": (
            f"/drivers/{busy.id}"
        ),
        "Ren Sato (佐藤 蓮): no session in the last 30 days": "/coaching/sessions/new",
    }
    assert f'class="urgent"><a href="/drivers/{busy.id}"' in page  # expired stands out
    assert nav_count(page) == 3


def test_a_driver_sees_what_is_missing_first_then_documents_and_applications(client, academy):
    today = date.today()
    driver = db.session.get(Driver, academy.driver.id)
    driver.licences[0].expires_on = today + timedelta(days=45)
    application = make_application(academy.driver, academy.coach, ApplicationStatus.ENDORSED)
    db.session.commit()

    login(client, academy.driver_user)
    page = client.get("/dashboard").get_data(as_text=True)
    links = inbox_links(page)
    texts = list(links)
    progress = f"/drivers/{driver.id}/progress#req-"
    missing = [text for text in texts if links[text].startswith(progress)]
    assert missing, texts
    assert texts[: len(missing)] == missing  # what is missing comes first
    assert "Still missing for" in page
    # Each says in words what is missing, names its requirement and links to it on the
    # progress page, which has that anchor; a line above says which stage it is for.
    progress_page = client.get(f"/drivers/{driver.id}/progress").get_data(as_text=True)
    card = page.split('id="inbox"', 1)[1].split("</section>", 1)[0]
    assert "Your next stage: <strong>" in card.split("<h3>", 1)[0]
    for text in missing:
        requirement_id = links[text].split("#req-", 1)[1]
        assert f'id="req-{requirement_id}"' in progress_page, text
        label = re.search(
            rf'data-requirement="{re.escape(requirement_id)}">.*?'
            r'<strong class="requirement-label">([^<]+)<',
            progress_page,
            flags=re.S,
        )
        shown = html.unescape(card.split(html.escape(text, quote=False), 1)[1].split("</li>", 1)[0])
        assert 'class="inbox-detail"' in shown, text
        assert html.unescape(label.group(1)).strip() in shown, text
    assert links[f"Your licence expires on {format_date(today + timedelta(days=45))}"] == (
        f"/drivers/{driver.id}"
    )
    assert links["Your application for International D is endorsed"] == (
        f"/drivers/{driver.id}/licence/{application.id}"
    )
    # The inbox is the first card on the page, above the profile.
    assert page.index('id="inbox"') < page.index("<h2>My profile</h2>")


def test_a_principal_sees_drivers_newly_open_to_scouting_until_marked_seen(client, academy):
    login(client, academy.principal)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Ren Sato (佐藤 蓮) is newly open to scouting" in inbox_links(page)
    client.post("/inbox/scouting-seen")
    page = client.get("/dashboard").get_data(as_text=True)
    assert inbox_links(page) == {}
    assert nav_count(page) is None

    # A driver who opens their profile afterwards is new again.
    newcomer_user = make_user(Role.DRIVER, name="Thanakorn Srisuk")
    newcomer = make_driver(legal_name="Thanakorn Srisuk", user=newcomer_user)
    login(client, newcomer_user)
    client.post(f"/drivers/{newcomer.id}/consent", data={"consent_scouting": "y"})
    login(client, academy.principal)
    links = inbox_links(client.get("/dashboard").get_data(as_text=True))
    assert links == {
        "Thanakorn Srisuk is newly open to scouting": f"/scouting/drivers/{newcomer.id}"
    }


def test_an_empty_inbox_says_so(client, academy):
    login(client, academy.other_coach)
    db.session.get(Driver, academy.other_driver.id)
    add_session(academy.other_driver, academy.other_coach, date.today())
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Nothing waits for you" in page
    assert nav_count(page) is None


def test_the_director_inbox_costs_at_most_five_statements_whatever_the_academy(
    client, academy, count_queries
):
    from academy.inbox import queries as inbox_queries

    def statements(n: int) -> int:
        today = date.today()
        for number in range(n):
            driver = make_driver(
                legal_name=f"Due Driver {number}",
                coach=academy.coach,
                licence_expires=today + timedelta(days=10),
            )
            make_application(driver, academy.coach, ApplicationStatus.ENDORSED)
            db.session.add(Job(kind="notify", status="failed", error="smtp down"))
        db.session.commit()
        from academy.main import queries

        flags = queries.expiry_flags(queries.drivers_with_documents_due(today), today)
        db.session.refresh(academy.admin)  # in a request, the signed-in user is loaded
        with count_queries() as counted:
            inbox = inbox_queries.director_inbox(
                academy.admin, flags, lambda endpoint, **values: endpoint, utcnow()
            )
        assert inbox.count >= 2 * n
        return len(counted)

    small, large = statements(1), statements(25)
    assert small == large <= 5


def test_the_director_sees_the_soonest_documents_and_a_count_of_the_rest(client, academy):
    from academy.main.routes import DASHBOARD_FLAGS

    today = date.today()
    for number in range(DASHBOARD_FLAGS + 5):
        make_driver(legal_name=f"Due {number:02d}", licence_expires=today + timedelta(days=number))
    login(client, academy.admin)
    page = client.get("/dashboard").get_data(as_text=True)
    inbox = page.split('id="inbox"', 1)[1].split("</section>", 1)[0]
    shown = re.findall(r"Due (\d\d)&#39;s licence", inbox)
    assert shown == [f"{n:02d}" for n in range(8)]  # the soonest, in order
    assert f"and {DASHBOARD_FLAGS + 5 - 8} more" in inbox
    assert "and 5 more, the soonest first above" in page  # the documents card
    assert nav_count(page) == DASHBOARD_FLAGS + 5


def test_documents_due_loads_only_what_it_shows(app, count_queries):
    from academy.main.queries import documents_due, drivers_with_documents_due, expiry_flags

    today = date.today()
    for number in range(30):
        make_driver(
            licence_expires=today + timedelta(days=number),
            medical_expires=today - timedelta(days=number),
        )
    make_driver()  # nothing due
    with count_queries() as counted:
        flags, total = documents_due(today, limit=4)
    assert len(counted) == 3
    everything = expiry_flags(drivers_with_documents_due(today), today)
    assert total == len(everything) == 60
    assert [(f.driver.id, f.what, f.expires_on) for f in flags] == [
        (f.driver.id, f.what, f.expires_on) for f in everything[:4]
    ]


def test_documents_due_follows_the_licence_that_counts_not_the_one_expiring_last(app):
    """A granted International A expiring soon counts over a B running longer: the director's
    dashboard flags it as every other page does (academy.validity)."""
    from academy.enums import LicenceGrade
    from academy.main.queries import documents_due, expiry_flags
    from academy.models import Licence

    today = date.today()
    driver = make_driver(
        licence=LicenceGrade.INTERNATIONAL_B, licence_expires=today + timedelta(days=400)
    )
    db.session.add(
        Licence(
            driver_id=driver.id,
            grade=LicenceGrade.INTERNATIONAL_A,
            asn="JAF",
            number="A-1",
            issued_on=today - timedelta(days=10),
            expires_on=today + timedelta(days=20),
        )
    )
    db.session.commit()
    db.session.expire_all()
    flags, total = documents_due(today, limit=10)
    assert total == 1
    assert (
        [(f.driver.id, f.what, f.expires_on) for f in flags]
        == [
            (f.driver.id, f.what, f.expires_on)
            for f in expiry_flags([db.session.get(Driver, driver.id)], today)
        ]
        == [(driver.id, "Licence", today + timedelta(days=20))]
    )


def _link(endpoint, **values):
    return endpoint


def test_the_driver_inbox_costs_one_statement_and_reuses_the_dashboards_next_stage(
    client, academy, count_queries
):
    """The driver's inbox shares the next stage the dashboard shows at its top (worked out once
    from the driver the dashboard loaded, its licences and medicals reused) and adds only the
    open applications: at most five statements, whatever the number of applications."""
    from academy.drivers.queries import driver_of_user
    from academy.inbox import queries as inbox_queries
    from academy.main import queries

    today = date.today()

    def statements(applications: int) -> tuple[int, int, int]:
        for _ in range(applications):
            make_application(academy.driver, academy.coach, ApplicationStatus.ENDORSED)
        db.session.commit()
        db.session.expire_all()
        user = db.session.get(type(academy.driver_user), academy.driver_user.id)
        driver = driver_of_user(user, with_documents=True)
        flags = queries.expiry_flags([driver], today)
        with count_queries() as next_stage_statements:
            next_stage = inbox_queries.next_stage_of(driver, today)
        with count_queries() as inbox_statements:
            inbox = inbox_queries.driver_inbox(driver, flags, next_stage, _link)
        assert next_stage is not None and next_stage.missing
        assert inbox.count >= len(next_stage.missing) + applications
        return len(next_stage_statements), len(inbox_statements), inbox.count

    small, large = statements(1), statements(6)
    assert small[0] == large[0] <= 6  # the rule set and five tables of facts
    assert small[1] == large[1] <= 5
    assert large[2] == small[2] + 6  # the six applications made since


def test_the_next_stage_from_the_loaded_driver_is_the_progress_pages(client, academy):
    """Reusing the dashboard's driver gives the very verdict the progress page shows."""
    from academy.drivers.queries import driver_of_user
    from academy.inbox.queries import next_stage_of
    from academy.pathway.engine import evaluate
    from academy.progress.facts_loader import facts_of_loaded_driver, load_driver_facts
    from academy.progress.rule_sets import current_rule_set

    today = date.today()
    driver = driver_of_user(academy.driver_user, with_documents=True)
    assert facts_of_loaded_driver(driver) == load_driver_facts(driver.id)
    expected = evaluate(load_driver_facts(driver.id), current_rule_set(), today).next
    next_stage = next_stage_of(driver, today)
    assert next_stage.name == expected.name
    assert [m.missing for m in next_stage.missing] == [
        r.missing for r in expected.requirements if not r.met and r.missing
    ]


def test_the_coach_inbox_costs_at_most_five_statements_whatever_the_academy(
    client, academy, count_queries
):
    from academy.inbox import queries as inbox_queries
    from academy.main import queries

    today = date.today()

    def statements(n: int) -> int:
        for number in range(n):
            driver = make_driver(
                legal_name=f"Coached {number}",
                coach=academy.coach,
                medical_expires=today + timedelta(days=5),
            )
            make_application(driver, academy.coach)
        db.session.commit()
        db.session.refresh(academy.coach)
        flags, total = queries.documents_due(today, limit=8, coach_id=academy.coach.id)
        with count_queries() as counted:
            inbox = inbox_queries.coach_inbox(academy.coach, flags, total, _link, today, utcnow())
        assert inbox.count >= 3 * n
        return len(counted)

    small, large = statements(1), statements(20)
    assert small == large <= 6


def test_the_principal_inbox_costs_two_statements_however_many_are_open(
    client, academy, count_queries
):
    from academy.inbox import queries as inbox_queries

    def statements(n: int) -> tuple[int, int]:
        for number in range(n):
            make_driver(legal_name=f"Open {n}-{number}").consent_scouting = True
        db.session.commit()
        db.session.refresh(academy.principal)
        with count_queries() as counted:
            inbox = inbox_queries.principal_inbox(academy.principal, _link)
        return len(counted), inbox.count

    (small, small_count), (large, large_count) = statements(5), statements(40)
    assert small == large == 1
    assert large_count == small_count + 40  # counted exactly, listed the first few


def test_a_coach_of_many_drivers_sees_exact_counts_the_first_of_each_kind_and_see_all(
    client, academy
):
    from academy.inbox.queries import SHOWN_PER_GROUP

    today = date.today()
    many = SHOWN_PER_GROUP + 4
    for number in range(many):
        driver = make_driver(
            legal_name=f"Coached {number:02}",
            coach=academy.coach,
            medical_expires=today + timedelta(days=5 + number),
        )
        make_application(driver, academy.coach)
    login(client, academy.coach)
    page = client.get("/dashboard").get_data(as_text=True)
    card = page.split('id="inbox"', 1)[1].split("</section>", 1)[0]
    drafts = card.split("<h3>Drafts to endorse</h3>", 1)[1].split("</ul>", 1)[0]
    documents = card.split("<h3>Documents to renew</h3>", 1)[1].split("</ul>", 1)[0]
    assert drafts.count("Endorse ") == SHOWN_PER_GROUP
    assert 'and 4 more · <a href="/licensing">see all</a>' in drafts
    # The soonest listed; the documents card of the dashboard lists them all.
    assert "Coached 00" in documents
    assert documents.count("medical expires") == SHOWN_PER_GROUP
    assert "Coached 11" not in documents
    assert "see all</a>" in documents and 'href="/dashboard#documents"' in documents
    assert 'id="documents"' in page and page.count("Coached 11") >= 1
    # Counted exactly: the drafts, the medicals and the drivers without a session (the two
    # academy drivers are the other coach's and the coach's own Ren Sato, whose licence holds).
    inactive = 1 + many  # Ren Sato and the new drivers have no session
    count = re.search(r'<span class="badge badge-due"[^>]*>(\d+)</span>', card)
    assert count is not None and int(count.group(1)) == many + many + inactive
