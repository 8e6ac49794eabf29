"""Uploaded timing files kept between the preview and the confirmation.

They live in the database (models.PendingUpload), not on one server's disk, so any app server
can confirm what another one previewed. A token is the server's own random hex, only good for
the user who uploaded it and for a limited time (UPLOAD_KEEP_SECONDS); each user keeps at most
USER_STORAGE_QUOTA bytes of uploads and finished downloads at once. Nothing here commits: the
request that saves, confirms or cancels an upload commits once.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import PurePosixPath, PureWindowsPath

from flask import current_app
from sqlalchemy import delete, func, select

from academy.extensions import db, rows_changed
from academy.models import PendingUpload as StoredUpload

TOKEN = re.compile(r"[0-9a-f]{32}")


class OverQuota(Exception):
    """The user already keeps as many bytes waiting as they may (UPLOAD_QUOTA_BYTES)."""


def max_age() -> timedelta:
    """How long an upload waits for its confirmation (UPLOAD_KEEP_SECONDS, default 1 hour)."""
    return timedelta(seconds=current_app.config.get("UPLOAD_KEEP_SECONDS", 3600))


def waiting_bytes(user_id: int, now: datetime) -> int:
    """Bytes of this user's uploads still waiting for confirmation."""
    total = db.session.execute(
        select(func.coalesce(func.sum(StoredUpload.size), 0)).where(
            StoredUpload.user_id == user_id, StoredUpload.uploaded_at >= now - max_age()
        )
    ).scalar_one()
    return int(total)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


@dataclass(frozen=True)
class PendingUpload:
    token: str
    user_id: int
    event_id: int
    file_name: str
    uploaded_at: datetime

    def read(self) -> bytes:
        data = db.session.execute(
            select(StoredUpload.data).where(StoredUpload.token == self.token)
        ).scalar_one_or_none()
        if data is None:
            raise LookupError("the upload is gone (confirmed, cancelled or expired)")
        return data


def display_name(file_name: str) -> str:
    """The file's own name, without any folder a browser sent along with it."""
    name = PureWindowsPath(PurePosixPath(file_name or "").name).name.strip()
    return name[:255] or "timing.csv"


def save(data: bytes, file_name: str, *, user_id: int, event_id: int, now: datetime) -> str:
    """Keep the file. OverQuota when the user's waiting uploads and this one would go over
    UPLOAD_QUOTA_BYTES (one user must not fill the database: security review, December 2026,
    finding 13); jobs.QuotaExceeded when all they keep (ZIPs too) would go over theirs."""
    from academy.jobs.service import check_quota

    purge_expired(now)
    quota = current_app.config.get("UPLOAD_QUOTA_BYTES", 60 * 1024 * 1024)
    waiting = waiting_bytes(user_id, now)
    if waiting + len(data) > quota:
        raise OverQuota(
            f"You have {_megabytes(waiting)} of timing files waiting for confirmation; with this "
            f"one that would be over the {_megabytes(quota)} one person may keep. Confirm or "
            "cancel the waiting imports (or wait an hour for them to expire), then upload again."
        )
    check_quota(user_id, len(data), now)
    token = secrets.token_hex(16)
    db.session.add(
        StoredUpload(
            token=token,
            user_id=user_id,
            event_id=event_id,
            file_name=display_name(file_name),
            data=data,
            size=len(data),
            uploaded_at=now,
        )
    )
    db.session.flush()
    return token


def _pending(row) -> PendingUpload:
    return PendingUpload(
        token=row.token,
        user_id=row.user_id,
        event_id=row.event_id,
        file_name=row.file_name,
        uploaded_at=row.uploaded_at,
    )


_COLUMNS = (
    StoredUpload.token,
    StoredUpload.user_id,
    StoredUpload.event_id,
    StoredUpload.file_name,
    StoredUpload.uploaded_at,
)


def load(token: str, *, user_id: int, now: datetime) -> PendingUpload | None:
    """The upload behind the token, if it is this user's and still fresh."""
    if TOKEN.fullmatch(token) is None:
        return None
    row = db.session.execute(
        select(*_COLUMNS).where(
            StoredUpload.token == token,
            StoredUpload.user_id == user_id,
            StoredUpload.uploaded_at >= now - max_age(),
        )
    ).first()
    return _pending(row) if row is not None else None


def pending_of(user_id: int, now: datetime) -> list[PendingUpload]:
    """This user's uploads still waiting for a confirmation, oldest first (their inbox)."""
    rows = db.session.execute(
        select(*_COLUMNS)
        .where(StoredUpload.user_id == user_id, StoredUpload.uploaded_at >= now - max_age())
        .order_by(StoredUpload.uploaded_at)
    ).all()
    return [_pending(row) for row in rows]


def discard(token: str) -> None:
    if TOKEN.fullmatch(token) is None:
        return
    db.session.execute(delete(StoredUpload).where(StoredUpload.token == token))


def purge_expired(now: datetime) -> int:
    """Remove uploads nobody confirmed or cancelled in time."""
    return rows_changed(delete(StoredUpload).where(StoredUpload.uploaded_at < now - max_age()))


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
