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
MAX_AGE = timedelta(hours=6)


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
    purge_expired(now)
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
    if pending.user_id != user_id or now - pending.uploaded_at > MAX_AGE:
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
    limit = (now - MAX_AGE).timestamp()
    for path in folder().iterdir():
        if path.suffix in (".csv", ".json", ".part") and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
