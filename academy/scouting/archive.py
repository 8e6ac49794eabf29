"""A ZIP of scouting dossiers, built chunk by chunk (by a job: academy/jobs/kinds.py).

`zipfile` writes to a stream it cannot seek (sizes and checksums then follow each file in a
data descriptor), so the archive goes into a sink that hands its bytes on as soon as each
dossier is in: the first PDF reaches the principal while the second is being built, and memory
holds one dossier at a time whatever the number of drivers.

Consent is asked of the database for each driver just before their dossier is built, so a
driver who withdraws it during a long download is left out of the rest. Drivers left out (no
consent, unknown id) or whose dossier failed are listed by the id the principal sent, in
CONTENTS.txt inside the archive; nothing else about them is said.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime

from academy.dossiers.generation import generate_dossier
from academy.enums import DossierKind
from academy.extensions import db
from academy.models import User
from academy.pathway.rules import RuleSet
from academy.scouting.queries import consenting

MAX_DRIVERS_PER_ZIP = 200
CONTENTS_NAME = "CONTENTS.txt"

logger = logging.getLogger("academy")


class _ChunkSink(io.RawIOBase):
    """A write-only, unseekable stream that keeps what was written until it is taken."""

    def __init__(self) -> None:
        super().__init__()
        self._chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # bytes-like
        self._chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        chunk = b"".join(self._chunks)
        self._chunks.clear()
        return chunk


def _member(name: str, moment: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=moment.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def scouting_zip(
    driver_ids: Sequence[int],
    user: User,
    rule_set: RuleSet,
    academy_name: str,
    on_driver: Callable[[int], None] | None = None,
) -> Iterator[bytes]:
    """The archive's bytes, chunk by chunk. Commits after each dossier it records, then calls
    `on_driver` with how many of the drivers are done (a job's progress bar)."""
    sink = _ChunkSink()
    included: list[tuple[str, str, str]] = []  # file name, verification code, sha256
    left_out: list[int] = []
    failed: list[int] = []
    started = datetime.now(UTC).replace(microsecond=0)
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, driver_id in enumerate(driver_ids, start=1):
            if on_driver is not None and number > 1:
                on_driver(number - 1)
            if not consenting(driver_id):
                left_out.append(driver_id)
                continue
            try:
                generated = generate_dossier(
                    driver_id, DossierKind.SCOUTING, user, rule_set=rule_set
                )
                db.session.commit()
            except Exception:
                # One driver's failure must not cost the principal the rest of the archive.
                db.session.rollback()
                logger.exception("scouting dossier failed in a batch", extra={"driver": driver_id})
                failed.append(driver_id)
                continue
            record = generated.record
            archive.writestr(_member(generated.filename, started), generated.pdf)
            included.append((generated.filename, record.verification_code, record.sha256))
            chunk = sink.take()
            if chunk:
                yield chunk
        archive.writestr(
            _member(CONTENTS_NAME, started),
            contents_text(academy_name, started, included, left_out, failed),
        )
    yield sink.take()


def contents_text(
    academy_name: str,
    started: datetime,
    included: list[tuple[str, str, str]],
    left_out: list[int],
    failed: list[int],
) -> str:
    lines = [
        f"Scouting dossiers from {academy_name}",
        f"Generated {started:%Y-%m-%d %H:%M} UTC. Each dossier's verification code is printed",
        "on its pages; check it, and the file's SHA-256, on the academy's /verify page.",
        "",
        f"{len(included)} dossier{'s' if len(included) != 1 else ''}:",
    ]
    lines += [f"  {name}  code {code}  sha256 {digest}" for name, code, digest in included]
    if left_out:
        lines += [
            "",
            f"Left out, not open to scouting (driver ids as selected): "
            f"{', '.join(str(i) for i in left_out)}",
        ]
    if failed:
        lines += [
            "",
            "Could not be built, please try these again (driver ids as selected): "
            f"{', '.join(str(i) for i in failed)}",
        ]
    return "\n".join(lines) + "\n"
