"""Pooled connections checked only after a quiet spell.

SQLAlchemy's ``pool_pre_ping`` sends a round trip to PostgreSQL before every request, which
under load is one statement in six of a small page. A connection that was in use a moment ago
is alive; one idle for longer than the setting is tried first, and one that fails the try is
replaced before the request sees it (SQLAlchemy retries the checkout on DisconnectionError).
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine

CHECKED_IN = "academy_checked_in"


def ping_after_idle(engine: Engine, idle_seconds: float) -> None:
    """Try a pooled connection before handing it out when it has been idle ``idle_seconds``."""

    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkin")
    def remember_use(dbapi_connection: Any, record: Any) -> None:
        record.info[CHECKED_IN] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def ping_if_idle(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        checked_in = record.info.get(CHECKED_IN)
        if checked_in is not None and time.monotonic() - checked_in < idle_seconds:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise exc.DisconnectionError(f"pooled connection failed its ping: {error}") from error
        if not alive:
            raise exc.DisconnectionError("pooled connection failed its ping")
