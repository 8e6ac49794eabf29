"""Configuration classes. Environment variables override the defaults."""

from __future__ import annotations

import math
import os
from collections import Counter
from urllib.parse import urlsplit

# Published with the code: good only for `ACADEMY_ENV=development` and the tests, which name
# their configuration explicitly. Production refuses it (and every other weak key).
DEFAULT_SECRET_KEY = "dev-only-not-secret"
MIN_SECRET_LENGTH = 32
MIN_SECRET_BITS = 128


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def secret_key_bits(secret: str) -> float:
    """How many bits the key carries, judged by its length and its mix of characters
    (Shannon entropy of its characters times its length): `x` * 64 carries none,
    `secrets.token_hex(32)` about 250."""
    counts = Counter(secret)
    per_char = -sum(n / len(secret) * math.log2(n / len(secret)) for n in counts.values())
    return per_char * len(secret)


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    # Unset: SQLite in the instance folder (create_app fills it in).
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    # A pooled connection idle this long is tried before use (a restarted PostgreSQL): one
    # round trip per quiet spell rather than SQLAlchemy's pool_pre_ping on every request.
    DATABASE_PING_AFTER_IDLE_SECONDS = _env_int("DATABASE_PING_AFTER_IDLE_SECONDS", 2)
    ACADEMY_NAME = os.environ.get("ACADEMY_NAME", "Asia Endurance Academy")
    # "Today" on every page, PDF, CSV and API answer is the date here (an IANA zone name).
    ACADEMY_TIMEZONE = os.environ.get("ACADEMY_TIMEZONE", "Asia/Singapore")
    MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 25 * 1024 * 1024)
    # A form's token lasts as long as a session may (the session itself is renewed at sign-in).
    WTF_CSRF_TIME_LIMIT = _env_int("SESSION_LIFETIME_SECONDS", 8 * 3600)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = _env_int("SESSION_LIFETIME_SECONDS", 8 * 3600)

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute; 50 per hour")
    # Lock an account after this many failed logins in a row, for this long.
    LOGIN_MAX_FAILURES = _env_int("LOGIN_MAX_FAILURES", 5)
    LOGIN_LOCKOUT_SECONDS = _env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60)
    # Wrong current passwords on the password-change form, per account.
    PASSWORD_CHANGE_RATE_LIMIT = os.environ.get("PASSWORD_CHANGE_RATE_LIMIT", "5 per 15 minutes")
    # Forgotten passwords: how long an e-mailed link works; how often one client address may
    # ask for links, and how many links one e-mail address is sent.
    PASSWORD_RESET_SECONDS = _env_int("PASSWORD_RESET_SECONDS", 3600)
    PASSWORD_RESET_RATE_LIMIT = os.environ.get("PASSWORD_RESET_RATE_LIMIT", "5 per 15 minutes")
    PASSWORD_RESET_PER_EMAIL = os.environ.get("PASSWORD_RESET_PER_EMAIL", "3 per hour")
    # Where people reach the site: links printed in dossiers and sent in e-mails start with it,
    # never with the Host header of the request that made them.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    # Host names the app answers (besides PUBLIC_BASE_URL's); others get 400. Empty: any.
    TRUSTED_HOSTS: list[str] | None = _env_list("TRUSTED_HOSTS") or None
    # Pending timing-file uploads: how long they wait for confirmation, how much one user may
    # keep waiting at once.
    UPLOAD_KEEP_SECONDS = _env_int("UPLOAD_KEEP_SECONDS", 3600)
    UPLOAD_QUOTA_BYTES = _env_int("UPLOAD_QUOTA_BYTES", 60 * 1024 * 1024)

    DEMO_SEED = _env_int("DEMO_SEED", 2026)
    # How many reverse proxies stand in front of the app: their X-Forwarded-For/-Proto/-Host
    # headers are then trusted (client address for rate limits, https for external links).
    TRUSTED_PROXIES = _env_int("TRUSTED_PROXIES", 0)
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

    # Jobs (ZIPs, board warm-ups, reminders) go to RQ on this Redis; empty: run in the process.
    REDIS_URL = os.environ.get("REDIS_URL", "")
    JOBS_QUEUE = os.environ.get("JOBS_QUEUE", "academy")
    # The stored content of the most read pages (academy/page_cache.py): on this Redis in
    # production, shared by the workers; without one, each process keeps its own.
    PAGE_CACHE_REDIS_URL = os.environ.get("PAGE_CACHE_REDIS_URL", "")
    PAGE_CACHE_KEY_PREFIX = os.environ.get("PAGE_CACHE_KEY_PREFIX", "academy-page:")
    PAGE_CACHE_SECONDS = _env_int("PAGE_CACHE_SECONDS", 6 * 3600)
    PAGE_CACHE_ENTRIES = _env_int("PAGE_CACHE_ENTRIES", 2000)  # per process, without Redis
    # A running job whose worker has not reported for this long is shown as failed.
    JOB_STALE_SECONDS = _env_int("JOB_STALE_SECONDS", 120)
    JOB_RESULT_HOURS = _env_int("JOB_RESULT_HOURS", 24)
    # Finished ZIPs and pending uploads one user may keep at once, in bytes.
    USER_STORAGE_QUOTA = _env_int("USER_STORAGE_QUOTA", 500 * 1024 * 1024)

    # E-mail (Flask-Mailman): SMTP from jobs, never from a request.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = _env_int("MAIL_PORT", 25)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") == "1"
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "academy@localhost")
    MAIL_TIMEOUT = _env_int("MAIL_TIMEOUT", 30)
    # Reminders before a licence or medical runs out, this many days before; weekly digest day
    # (0 = Monday).
    REMINDER_DAYS = os.environ.get("REMINDER_DAYS", "60,30,7")
    DIGEST_WEEKDAY = _env_int("DIGEST_WEEKDAY", 0)


class DevelopmentConfig(Config):
    DEBUG = False
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    # Without a mail server configured, development prints e-mails to the console.
    MAIL_BACKEND = os.environ.get(
        "MAIL_BACKEND", "smtp" if "MAIL_SERVER" in os.environ else "console"
    )


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    # Fast hashes keep the suite quick; production always uses scrypt.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    REDIS_URL = ""  # jobs in the process; the job tests start a real worker on Redis db 13
    MAIL_BACKEND = "locmem"  # the e-mail tests send to a real SMTP server on loopback


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")

    @staticmethod
    def check(config: dict) -> None:
        """Every reason not to start, in one message (the README lists the same settings)."""
        problems = [*secret_key_problems(config.get("SECRET_KEY") or "")]
        if config.get("RATELIMIT_STORAGE_URI", "memory://").startswith("memory://"):
            problems.append(
                "RATELIMIT_STORAGE_URI is memory://: each worker would count sign-in attempts "
                "on its own. Set it to shared storage, e.g. redis://127.0.0.1:6379/0."
            )
        base = urlsplit(config.get("PUBLIC_BASE_URL") or "")
        if base.scheme != "https" or not base.hostname:
            problems.append(
                "PUBLIC_BASE_URL is missing or not https: set it to the address people use, "
                "e.g. https://academy.example.com (links in dossiers and e-mails start with it)."
            )
        if problems:
            raise RuntimeError("Refusing to start in production:\n- " + "\n- ".join(problems))


def secret_key_problems(secret: str) -> list[str]:
    hint = "e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`"
    if not secret or secret in (DEFAULT_SECRET_KEY, TestConfig.SECRET_KEY):
        return [
            "SECRET_KEY is missing or still the development default, which is published with "
            f"the code. Set the SECRET_KEY environment variable to a long random value, {hint}."
        ]
    if len(secret) < MIN_SECRET_LENGTH or secret_key_bits(secret) < MIN_SECRET_BITS:
        return [
            f"SECRET_KEY is too weak ({len(secret)} characters, about "
            f"{secret_key_bits(secret):.0f} bits): use at least {MIN_SECRET_LENGTH} random "
            f"characters carrying {MIN_SECRET_BITS} bits, {hint}."
        ]
    return []


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}
