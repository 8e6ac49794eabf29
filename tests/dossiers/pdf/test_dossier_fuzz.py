"""Whatever people type into names, notes and team names, the dossier builds."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.dossiers.pdf import build_dossier
from academy.enums import DossierKind

# Any text a form could send: every script, symbols, markup and control characters.
any_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
    max_size=120,
)
markup_like = st.sampled_from(
    [
        "Smith & <Sons>",
        "<font name=x>",
        "</para>",
        "<b>",
        "&amp;",
        "&#0;",
        "<br/>",
        "]]>",
        "<img src=x>",
        '"quoted"',
        "a\nb\tc",
        "\x00\x07",
    ]
)
typed = st.one_of(
    any_text, markup_like, st.lists(st.one_of(any_text, markup_like), max_size=4).map(" ".join)
)

# Letters every dossier font together covers: these must come out as typed.
LETTERS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ØøÅåÆæÉéÜüŁłßÇç"
    "小林可夢偉王李張劉陳楊黄趙周吳"
    "かなカナひらがな"
    "김민수이박최정강조윤장임"
    "สมชายกขคงจฉชซ"
)
covered_name = st.text(alphabet=st.sampled_from(LETTERS), min_size=1, max_size=40)

FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def with_typed_text(data, name, note, team):
    driver = replace(data.driver, display_name=name, legal_name=name, native_name=note, story=note)
    results = tuple(
        replace(r, team=team, event=note or "Race", co_drivers=(name, team)) for r in data.results
    )
    sessions = tuple(replace(s, notes=note, circuit=team or "Circuit") for s in data.sessions)
    return replace(
        data,
        driver=driver,
        results=results,
        sessions=sessions,
        endorsement=replace(data.endorsement, text=note, coach_name=team),
        media_work=(note, team),
        generated_by=name,
    )


@FUZZ
@given(kind=st.sampled_from(list(DossierKind)), name=typed, note=typed, team=typed)
def test_any_typed_text_builds_a_readable_dossier(make_input, pages_of, kind, name, note, team):
    data = with_typed_text(make_input(kind, results=3, grades=16, sessions=10), name, note, team)
    pages = pages_of(build_dossier(data))
    assert pages
    for number, text in enumerate(pages, start=1):
        assert "Verification code 7KQ2M-XW4PD" in text
        assert f"Page {number} of {len(pages)}" in text


@FUZZ
@given(kind=st.sampled_from(list(DossierKind)), name=covered_name)
def test_names_in_any_covered_script_come_out_as_typed(make_input, pages_of, kind, name):
    data = make_input(kind, results=2, grades=8, sessions=5)
    data = replace(data, driver=replace(data.driver, display_name=name))
    text = "".join(pages_of(build_dossier(data))[0].split())
    assert name in text
