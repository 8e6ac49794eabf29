"""What each pytest-xdist worker keeps to itself, so that `make test` can run the suite on every
core: its own PostgreSQL database, its own Redis database, its own temporary files (pytest's
`tmp_path` is already per worker) and free ports asked of the kernel (browser and SMTP tests).

Without xdist (a plain `pytest tests/area`) everything is as named in the environment.
"""

from __future__ import annotations

import os
import re

from sqlalchemy.engine import make_url

# "gw0", "gw1", ... under pytest-xdist; empty in a plain run.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
REDIS_BASE_URL = os.environ.get("INBOX_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
REDIS_DATABASES = 16  # Redis's default `databases`


def worker_index() -> int:
    match = re.fullmatch(r"gw(\d+)", WORKER)
    return int(match.group(1)) if match else 0


def worker_database_url(base: str) -> str:
    """The worker's own database beside the base one: `academy_ci` becomes `academy_ci_gw1`."""
    if not WORKER or not base.startswith("postgres"):
        return base
    url = make_url(base)
    return url.set(database=f"{url.database}_{WORKER}").render_as_string(hide_password=False)


def redis_url() -> str:
    """The worker's own Redis database: the base one (INBOX_TEST_REDIS_URL, db 13 by default)
    plus the worker's number, so that one worker's FLUSHDB never empties another's queue."""
    base, _, number = REDIS_BASE_URL.rpartition("/")
    if not number.isdigit():
        base, number = REDIS_BASE_URL.rstrip("/"), "0"
    database = int(number) + worker_index()
    if database >= REDIS_DATABASES:
        raise RuntimeError(
            f"xdist worker {WORKER} would need Redis db {database}: set INBOX_TEST_REDIS_URL to "
            f"a lower database or run fewer workers (-n)"
        )
    return f"{base}/{database}"
