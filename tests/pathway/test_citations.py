"""Rule sources are shown as citations only: the rule files' internal notes about the
academy's research ("(count not yet read)", "(facts-found, FIA licences)") never reach a page,
a PDF or an API answer (issue 17, item 8)."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from academy.enums import DossierKind, Role
from academy.extensions import db
from academy.models import Driver, LicenceApplication, RuleSetRecord, User
from academy.pathway.loader import (
    INTERNAL_NOTE_MARKERS,
    RULESETS_DIR,
    RuleSetError,
    parse_rule_text,
    split_source,
)
from academy.rules_admin.service import load_rule_text
from tests.demo.seed import DEMO_PASSWORD, seed_demo
from tests.dossiers.conftest import pdf_text

RULE_FILES = [
    RULESETS_DIR / "alms-to-le-mans.toml",
    RULESETS_DIR / "archive" / "alms-to-le-mans-2026.1.toml",
]


@pytest.mark.parametrize(
    ("source", "citation", "note"),
    [
        (
            "FIA ISC Appendix L: an upgrade needs finished races at the grade below "
            "(count not yet read)",
            "FIA ISC Appendix L: an upgrade needs finished races at the grade below",
            "count not yet read",
        ),
        (
            "An older national rule for Grade B: age 18 or more (facts-found, FIA licences)",
            "An older national rule for Grade B: age 18 or more",
            "facts-found, FIA licences",
        ),
        (
            "DMSB 2013: age 18 in the year of application (https://example.org/58); "
            "facts-found.md, second search, grade-b.age",
            "DMSB 2013: age 18 in the year of application (https://example.org/58)",
            "facts-found.md, second search, grade-b.age",
        ),
        (
            "Per class, see each part (facts-found.md, second search, le-mans-24h.licence)",
            "Per class, see each part",
            "facts-found.md, second search, le-mans-24h.licence",
        ),
        (
            "FIA ISC Appendix L (2026), article 3 (international grades)",
            "FIA ISC Appendix L (2026), article 3 (international grades)",
            "",
        ),
    ],
)
def test_a_source_is_split_into_its_citation_and_internal_notes(source, citation, note):
    assert split_source(source) == (citation, note)


def _requirements(requirements):
    for requirement in requirements:
        yield requirement
        yield from _requirements(getattr(requirement.params, "parts", ()))


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda path: path.name)
def test_every_shipped_requirement_cites_without_internal_notes(path):
    rule_set = parse_rule_text(path.read_text(encoding="utf-8"), str(path))
    stages = [*rule_set.stages, *rule_set.licence_grades]
    requirements = [r for stage in stages for r in _requirements(stage.requirements)]
    assert requirements
    for requirement in requirements:
        assert requirement.source, requirement.id
        assert not any(m in requirement.source.casefold() for m in INTERNAL_NOTE_MARKERS), (
            requirement.id
        )
    # What was split off is kept with the rule (for whoever edits the file), not lost.
    assert any("count not yet read" in r.source_note for r in requirements)


def test_a_source_that_is_only_an_internal_note_is_refused_with_its_reason():
    text = (RULESETS_DIR / "alms-to-le-mans.toml").read_text(encoding="utf-8")
    first = re.search(r'^source = ".*"$', text, flags=re.M).group(0)
    broken = text.replace(first, 'source = "(count not yet read)"', 1)
    with pytest.raises(RuleSetError) as refused:
        parse_rule_text(broken, "broken.toml")
    assert "'source' must cite what a reader can look up" in str(refused.value)
    assert "source_note" in str(refused.value)


def _assert_clean(text: str, where: str) -> None:
    folded = html.unescape(" ".join(text.split())).casefold()
    for marker in INTERNAL_NOTE_MARKERS:
        assert marker not in folded, f"{where}: {marker!r}"


def test_no_page_pdf_or_api_answer_of_the_demo_shows_an_internal_note(app, client):
    """Every page that shows rule sources, for the demo academy, with both shipped rule
    files loaded: each driver's progress page, their invitation dossier (the PDF that prints
    the pathway with its sources) and API pathway, every licence application, each loaded
    rule set in words and compared with the one in use."""
    seed_demo(2026)
    director = db.session.execute(select(User).where(User.role == Role.ADMIN)).scalars().first()
    records = [
        load_rule_text(path.read_text(encoding="utf-8"), path.name, director.id).record
        for path in RULE_FILES
    ]
    db.session.commit()
    assert all(records) and len({record.id for record in records}) == 2
    client.post("/login", data={"email": director.email, "password": DEMO_PASSWORD})

    pages = {}
    for driver_id in db.session.execute(select(Driver.id)).scalars():
        pages[f"progress {driver_id}"] = f"/drivers/{driver_id}/progress"
        pages[f"api {driver_id}"] = f"/api/v1/drivers/{driver_id}/pathway"
    for application_id, driver_id in db.session.execute(
        select(LicenceApplication.id, LicenceApplication.driver_id)
    ):
        pages[f"application {application_id}"] = f"/drivers/{driver_id}/licence/{application_id}"
    for record in db.session.execute(select(RuleSetRecord)).scalars():
        for view in ("words", "compare"):
            pages[f"rule set {record.version} {view}"] = f"/admin/rules/{record.id}?view={view}"
    shown_sources = 0
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        text = response.get_data(as_text=True)
        shown_sources += text.count("Source:") + text.count('"source"')
        _assert_clean(text, where)
    assert shown_sources > 100  # the pages did show sources

    drivers = list(db.session.execute(select(Driver.id)).scalars())
    for driver_id in drivers:
        response = client.post(f"/drivers/{driver_id}/dossiers/{DossierKind.INVITATION.value}.pdf")
        assert response.status_code == 200, driver_id
        text = pdf_text(response.data)
        assert "24h-lemans.com" in text, driver_id  # the sources are printed
        assert "rule set stage order" not in text  # no source to cite
        _assert_clean(text, f"invitation dossier of driver {driver_id}")
