"""HTTP conditional requests (RFC 9110 §13): an ETag worked out from what an answer is made
of, before it is made, so that a client that already holds the answer gets `304 Not Modified`
without the statements and the work the answer costs.

Only for answers that carry no per-request token (no CSRF token, no verification code): the
same ETag must always stand for the same bytes."""

from __future__ import annotations

import hashlib

from flask import Response, request

# Bumped when an answer's shape changes for the same inputs (a new field, a renamed one), so a
# client holding an answer of the previous release does not keep it.
REPRESENTATION = "1"


def etag_for(*parts: object) -> str:
    """A strong ETag naming every input of an answer (`parts`, in a fixed order)."""
    text = "\x1f".join(str(part) for part in (REPRESENTATION, *parts))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def not_modified(etag: str) -> Response | None:
    """`304 Not Modified` (no body) when the request's If-None-Match names `etag`, else None."""
    if etag in request.if_none_match:
        response = Response(status=304)
        response.set_etag(etag)
        return response
    return None
