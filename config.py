"""Configuration classes. Environment variables override the defaults."""

from __future__ import annotations

import math
import os
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
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
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'academy.sqlite'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    ACADEMY_NAME = os.environ.get("ACADEMY_NAME", "Asia Endurance Academy")
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


class DevelopmentConfig(Config):
    DEBUG = False
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    # Fast hashes keep the suite quick; production always uses scrypt.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"


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
