"""Structured logs: one JSON object per line, each request's lines carrying its request id."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, g, has_request_context, request

_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
LOGGER_NAME = "academy"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context():
            entry["request_id"] = g.get("request_id", "")
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def request_id_from(header_value: str | None) -> str:
    """The caller's X-Request-ID when it is a plain token (a proxy's), else a new one."""
    if header_value and _SAFE_REQUEST_ID.fullmatch(header_value):
        return header_value
    return uuid.uuid4().hex


def configure_logging(app: Flask) -> None:
    logger = logging.getLogger(LOGGER_NAME)
    if not any(getattr(handler, "academy_json", False) for handler in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        handler.academy_json = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    logger.propagate = bool(app.testing)  # pytest's caplog listens on the root logger

    @app.before_request
    def start_timer() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response: Any) -> Any:
        # Nothing is built for a line that would not be written (production runs at WARNING
        # behind a proxy that logs requests itself): the fields below cost as much as /healthz.
        if request.endpoint == "static" or not logger.isEnabledFor(logging.INFO):
            return response
        from flask_login import current_user

        started = g.get("request_started")
        logger.info(
            "request",
            extra={
                "fields": {
                    "method": request.method,
                    "path": request.path,
                    "endpoint": request.endpoint,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1)
                    if started
                    else None,
                    "user_id": current_user.id if current_user.is_authenticated else None,
                    "remote_addr": request.remote_addr,
                }
            },
        )
        return response
