"""The real thing for job tests: Redis (db 13, or the xdist worker's own: tests/parallel.py; a
queue of our own) and `rq worker` processes that share a database with the test. On SQLite that is a file (an in-memory database is not
shared between processes); on PostgreSQL a database of its own next to the suite's."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask_migrate import upgrade

from academy import create_app
from academy.extensions import db
from tests import parallel
from tests.processes import descendants

REDIS_URL = parallel.redis_url()
PROJECT = Path(__file__).resolve().parents[2]
RQ = Path(sys.executable).with_name("rq")


def _redis_or_skip():
    from redis import Redis
    from redis.exceptions import ConnectionError

    connection = Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis at {REDIS_URL} (CI starts one)")
    return connection


@contextmanager
def _database(tmp_path):
    """A database URL the test and its workers share, created for the test and dropped after."""
    base = os.environ.get("TEST_DATABASE_URL", "")
    if not base.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'jobs.sqlite'}"
        return
    import psycopg

    base = base.replace("+psycopg", "", 1)  # libpq's form, as SQLAlchemy's is accepted too
    name = f"academy_jobs_{uuid.uuid4().hex[:10]}"
    admin = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
        # As the suite's own database (tests/conftest.py): commits need not wait for the disk.
        connection.execute(f"ALTER DATABASE {name} SET synchronous_commit = off")
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def queued(tmp_path):
    """An app whose jobs go to a real Redis queue, on a database workers can reach; the
    test runs inside its application context."""
    redis = _redis_or_skip()
    queue_name = f"inbox-test-{uuid.uuid4().hex[:8]}"
    with _database(tmp_path) as url:
        app = create_app(
            {
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": url,
                "REDIS_URL": REDIS_URL,
                "JOBS_QUEUE": queue_name,
                "WTF_CSRF_ENABLED": False,
                "JOB_STALE_SECONDS": 3,
            }
        )
        from tests.conftest import IsolatedClient

        app.test_client_class = IsolatedClient
        with app.app_context():
            upgrade()
            app.workers = Workers(url, queue_name)
            try:
                yield app
            finally:
                app.workers.close()
                db.session.remove()
                db.engine.dispose()
                from rq import Queue

                Queue(queue_name, connection=redis).delete(delete_jobs=True)
                for key in redis.scan_iter(f"rq:*{queue_name}*"):
                    redis.delete(key)


class Workers:
    """`rq worker` processes on the test's queue, each in its own process group (its forked
    work horse is ended with it)."""

    def __init__(self, database_url: str, queue_name: str) -> None:
        self.database_url = database_url
        self.queue_name = queue_name
        self.processes: list[subprocess.Popen] = []
        self.logs: list = []

    def start(self, **env: str) -> subprocess.Popen:
        environment = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": REDIS_URL,
            "JOBS_QUEUE": self.queue_name,
            "ACADEMY_ENV": "development",
            "PYTHONPATH": str(PROJECT),
            **env,
        }
        # A file, not a pipe: a pipe nobody reads fills up and stops a busy worker.
        log = tempfile.TemporaryFile()  # noqa: SIM115 (closed with the worker, in stop_all)
        process = subprocess.Popen(
            [
                str(RQ),
                "worker",
                "--url",
                REDIS_URL,
                "--name",
                f"{self.queue_name}-{len(self.processes)}",
                self.queue_name,
            ],
            cwd=PROJECT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
        self.processes.append(process)
        self.logs.append(log)
        return process

    def output(self) -> str:
        """What the stopped workers wrote to stderr (for a failing test's message)."""
        self.stop_all()
        texts = []
        for log in self.logs:
            log.seek(0)
            texts.append(log.read().decode(errors="replace")[-3000:])
        return "\n".join(texts)

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL the worker and its work horse (RQ forks it into a session of its own): a
        machine that dies, no clean-up."""
        for pid in [*descendants(process.pid), process.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        self._stop_processes()

    def close(self) -> None:
        self._stop_processes()
        for log in self.logs:
            log.close()

    def _stop_processes(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                for pid in descendants(process.pid):  # a work horse still busy
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)


def wait_for(condition, timeout: float = 60, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"not within {timeout} s")
