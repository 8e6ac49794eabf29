"""Links that leave the site (printed in dossiers, sent in e-mails): always from the configured
public address, never from the Host header of the request that happened to make them, which
anyone can set (security review, December 2026, finding 9)."""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for


def public_url(endpoint: str, **values: Any) -> str:
    """`PUBLIC_BASE_URL` + the endpoint's path, e.g. https://academy.example/verify/7KQ2M-XW4PD."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return base + url_for(endpoint, **values)
