"""Uploaded timing files kept between the preview and the confirmation.

The bytes go to `<IMPORT_UPLOAD_FOLDER>/<random token>.csv` (default `instance/uploads/`), with
who uploaded them, for which event and under which name in `<token>.json`. The path is
always built from the server's own random token, never from anything the user sent; a token
is only good for the user who uploaded it, and for a limited time. Several app servers need
the folder on a shared volume.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath, PureWindowsPath

from flask import current_app

TOKEN = re.compile(r"[0-9a-f]{32}")


class OverQuota(Exception):
    """The user already keeps as many bytes waiting as they may (UPLOAD_QUOTA_BYTES)."""


def max_age() -> timedelta:
    """How long an upload waits for its confirmation (UPLOAD_KEEP_SECONDS, default 1 hour)."""
    return timedelta(seconds=current_app.config.get("UPLOAD_KEEP_SECONDS", 3600))


@dataclass(frozen=True)
class PendingUpload:
    token: str
    user_id: int
    event_id: int
    file_name: str
    uploaded_at: datetime

    def read(self) -> bytes:
        return _data_path(self.token).read_bytes()


def folder() -> Path:
    configured = current_app.config.get("IMPORT_UPLOAD_FOLDER")
    path = Path(configured) if configured else Path(current_app.instance_path) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _data_path(token: str) -> Path:
    return folder() / f"{token}.csv"


def _meta_path(token: str) -> Path:
    return folder() / f"{token}.json"


def display_name(file_name: str) -> str:
    """The file's own name, without any folder a browser sent along with it."""
    name = PureWindowsPath(PurePosixPath(file_name or "").name).name.strip()
    return name[:255] or "timing.csv"


def save(data: bytes, file_name: str, *, user_id: int, event_id: int, now: datetime) -> str:
    """Keep the bytes under a new token; OverQuota when the user's waiting uploads and these
    would go over UPLOAD_QUOTA_BYTES (one user must not fill the disk: security review,
    December 2026, finding 13)."""
    purge_expired(now)
    quota = current_app.config.get("UPLOAD_QUOTA_BYTES", 60 * 1024 * 1024)
    waiting = waiting_bytes(user_id)
    if waiting + len(data) > quota:
        raise OverQuota(
            f"You have {_megabytes(waiting)} of timing files waiting for confirmation; with this "
            f"one that would be over the {_megabytes(quota)} one person may keep. Confirm or "
            "cancel the waiting imports (or wait an hour for them to expire), then upload again."
        )
    token = secrets.token_hex(16)
    _write(_data_path(token), data)
    meta = {
        "user_id": user_id,
        "event_id": event_id,
        "file_name": display_name(file_name),
        "uploaded_at": now.isoformat(),
    }
    _write(_meta_path(token), json.dumps(meta).encode())
    return token


def waiting_bytes(user_id: int) -> int:
    """Bytes of this user's uploads still waiting for confirmation."""
    total = 0
    for meta_path in folder().glob("*.json"):
        try:
            owner = int(json.loads(meta_path.read_text())["user_id"])
            if owner == user_id:
                total += meta_path.with_suffix(".csv").stat().st_size
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return total


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _write(path: Path, data: bytes) -> None:
    partial = path.with_suffix(path.suffix + ".part")
    partial.write_bytes(data)
    os.replace(partial, path)


def load(token: str, *, user_id: int, now: datetime) -> PendingUpload | None:
    """The upload behind the token, if it is this user's and still fresh."""
    if TOKEN.fullmatch(token) is None:
        return None
    try:
        meta = json.loads(_meta_path(token).read_text())
    except (OSError, ValueError):
        return None
    pending = PendingUpload(
        token=token,
        user_id=int(meta["user_id"]),
        event_id=int(meta["event_id"]),
        file_name=str(meta["file_name"]),
        uploaded_at=datetime.fromisoformat(meta["uploaded_at"]),
    )
    if pending.user_id != user_id or now - pending.uploaded_at > max_age():
        return None
    if not _data_path(token).exists():
        return None
    return pending


def discard(token: str) -> None:
    if TOKEN.fullmatch(token) is None:
        return
    for path in (_data_path(token), _meta_path(token)):
        path.unlink(missing_ok=True)


def purge_expired(now: datetime) -> None:
    """Remove uploads nobody confirmed or cancelled in time."""
    limit = (now - max_age()).timestamp()
    for path in folder().iterdir():
        if path.suffix in (".csv", ".json", ".part") and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
