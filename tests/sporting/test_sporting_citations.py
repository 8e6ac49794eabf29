"""What a season page, the crew finder and a dossier show of the sporting rules is a citation a
reader can look up, marked "(value to confirm)" where the governing text was not read; the rule
files' notes about the academy's research (what was read, what was not) and its own working
files never reach them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from academy.pathway.loader import is_internal_note
from academy.sporting import load_all_sporting_rules
from academy.sporting.rules import Citation
from academy.sporting.wording import citation_words

WORKING_FILES = ("regulations.md", "facts-found", "shared/domain")


def _citations(value: object) -> Iterator[Citation]:
    if isinstance(value, Citation):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _citations(getattr(value, field.name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _citations(item)
    elif isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from _citations(item)


def test_every_shipped_citation_shows_a_source_a_reader_can_look_up_and_no_research_note():
    shown = []
    for rules in load_all_sporting_rules().values():
        for citation in _citations(rules):
            words = citation_words(citation)
            shown.append(words)
            assert citation.source and citation.source in words
            assert not is_internal_note(words), words
            assert not any(name in words for name in WORKING_FILES), words
            if citation.note:
                assert citation.note not in words
    assert len(shown) > 50  # every file, every table


def test_an_unconfirmed_value_says_so_in_words_without_the_files_note():
    citation = Citation("WEC sporting regulations 2017", True, "the 2026 text was not read")
    assert citation_words(citation) == "WEC sporting regulations 2017 (value to confirm)"
    assert citation_words(Citation("ACO press release", False, "kept for reference")) == (
        "ACO press release"
    )
