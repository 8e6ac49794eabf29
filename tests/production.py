"""The environment `ACADEMY_ENV=production` needs, for tests that start the production app."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from tests import parallel

STRONG_KEY = "9f1c4e7a2b8d6053e1f4a9c7b2d8e6f0a3c5b7d9e1f2a4c6b8d0e2f4a6c8b0d2"


def production_settings(tmp_path) -> dict[str, str]:
    return {
        "ACADEMY_ENV": "production",
        "SECRET_KEY": STRONG_KEY,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite'}",
        # Emptied before each use: the xdist worker's own Redis database (tests/parallel.py).
        "RATELIMIT_STORAGE_URI": parallel.redis_url(),
        "PUBLIC_BASE_URL": "https://academy.example",
    }


@contextmanager
def environment(monkeypatch, settings: dict[str, str | None]) -> Iterator[None]:
    """These environment variables (None: unset) while `config` is re-read, then the old ones."""
    import config

    for name, value in settings.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    _empty_limit_counters(settings.get("RATELIMIT_STORAGE_URI"))
    importlib.reload(config)
    try:
        yield
    finally:
        monkeypatch.undo()
        importlib.reload(config)


def _empty_limit_counters(uri: str | None) -> None:
    if not uri or not uri.startswith("redis://"):
        return
    import redis

    # Without Redis the app fails on its first limited request, which the test then shows.
    with suppress(redis.exceptions.ConnectionError):
        redis.Redis.from_url(uri).flushdb()
