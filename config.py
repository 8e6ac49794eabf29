"""Configuration classes. Environment variables override the defaults."""

from __future__ import annotations

import os

DEFAULT_SECRET_KEY = "dev-only-not-secret"


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    # Unset: SQLite in the instance folder (create_app fills it in).
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    ACADEMY_NAME = os.environ.get("ACADEMY_NAME", "Asia Endurance Academy")
    # "Today" on every page, PDF, CSV and API answer is the date here (an IANA zone name).
    ACADEMY_TIMEZONE = os.environ.get("ACADEMY_TIMEZONE", "Asia/Singapore")
    MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 25 * 1024 * 1024)
    WTF_CSRF_TIME_LIMIT = None

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

    DEMO_SEED = _env_int("DEMO_SEED", 2026)
    # How many reverse proxies stand in front of the app: their X-Forwarded-For/-Proto/-Host
    # headers are then trusted (client address for rate limits, https for external links).
    TRUSTED_PROXIES = _env_int("TRUSTED_PROXIES", 0)
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

    # Links in e-mails (and PDFs) point here: the address people reach the academy at.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    # Jobs (ZIPs, board warm-ups, reminders) go to RQ on this Redis; empty: run in the process.
    REDIS_URL = os.environ.get("REDIS_URL", "")
    JOBS_QUEUE = os.environ.get("JOBS_QUEUE", "academy")
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

    @staticmethod
    def check(config: dict) -> None:
        secret = config.get("SECRET_KEY")
        if not secret or secret == DEFAULT_SECRET_KEY:
            raise RuntimeError(
                "Refusing to start in production: SECRET_KEY is missing or still the "
                "development default. Set the SECRET_KEY environment variable to a long "
                "random value, e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`."
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}
