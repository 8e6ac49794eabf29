"""The main content of the most read pages (the driver page, the progress page, the driver's
dashboard), stored once per version of what it is made of.

A page's content is rendered from a handful of rows and the rule engine's verdicts; working it
out again on every request cost five to twenty times the server's bare request. The content is
stored under a key naming every input it reads: the page, the driver's own row (every column,
read by the one statement the access check needs anyway), drivers.facts_version (database
triggers bump it on every change the engine reads: results, sessions, grades, licences,
medicals, events...), the rule set's ref, the day, the query arguments, the viewer (id and
role) and whatever else a page names in `parts`. Keys are versioned, so an entry is never
invalidated by hand: a change makes a new key, and the old entry expires (PAGE_CACHE_SECONDS).

The layout around the content (navigation, flash messages, CSRF tokens) is rendered on every
request. Stored content must therefore hold no per-request token: the pages stored here have
no POST form in their content.

Flask-Caching holds the entries: Redis in production (PAGE_CACHE_REDIS_URL, shared by the
workers), one dictionary per process otherwise (SimpleCache), nothing at all with NullCache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar, cast

from flask import g
from flask_caching import Cache
from flask_login import current_user
from markupsafe import Markup

from academy import shipped_path

cache = Cache()

T = TypeVar("T")

# A release that draws a page otherwise (its code, templates, rule or sporting files) must not
# meet content stored by an older one in a shared Redis: the key names the release's files.
_PACKAGE = Path(__file__).resolve().parent
_RELEASE_FILES = sorted(
    [*_PACKAGE.rglob("*.py"), *_PACKAGE.rglob("*.toml"), *shipped_path("templates").rglob("*.html")]
)
CONTENT_GENERATION = hashlib.sha256(
    b"".join(path.read_bytes() for path in _RELEASE_FILES)
).hexdigest()[:16]


def _key(page: str, parts: tuple[Hashable, ...]) -> str:
    viewer = (current_user.id, current_user.role.value) if current_user.is_authenticated else None
    text = repr((CONTENT_GENERATION, page, viewer, parts))
    return f"{page}:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


def page_content(page: str, parts: tuple[Hashable, ...], render: Callable[[], T]) -> T:
    """The page's stored content for these inputs, or `render()`'s, then stored (rendered
    HTML, or HTML with what the layout needs of it, e.g. the inbox count).

    `parts` must name every input of the content beside the viewer (added here): a part left
    out is a stale page served to someone. Whether it was a hit is told in `g.page_cache`
    (and the X-Page-Cache header) for tests and the load benchmark."""
    key = _key(page, parts)
    stored = cache.get(key)
    if stored is not None:
        g.page_cache = "hit"
        return cast(T, stored)
    g.page_cache = "miss"
    content = render()
    cache.set(key, content)
    return content


def stored_html(page: str, parts: tuple[Hashable, ...], render: Callable[[], str]) -> Markup:
    """page_content for content that is HTML only."""
    return Markup(page_content(page, parts, render))


def mark_response(response: Any) -> Any:
    """after_request: say whether the content was stored (hit) or rendered (miss)."""
    state = g.get("page_cache")
    if state:
        response.headers["X-Page-Cache"] = state
    return response
