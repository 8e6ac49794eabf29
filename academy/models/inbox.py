"""What waits for whom beyond the pages: e-mail notifications (the outbox, and the record that
a reminder was sent, so it is never sent twice), each user's e-mail opt-outs, and the jobs that
do long work outside the request."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from academy.extensions import Model
from academy.models._types import utcnow

if TYPE_CHECKING:
    from academy.models.users import User


class Notification(Model):
    """One e-mail to one user. `key` names what it is about (a document and a reminder day, a
    transition, a week): with `kind` and the user it is unique, so the same reminder is
    never queued, let alone sent, twice."""

    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("user_id", "kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set by the one sender that claimed it; a second sender finds it taken.
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
    error: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User] = relationship("User")


class EmailOptOut(Model):
    """A kind of e-mail this user does not want."""

    __tablename__ = "email_opt_outs"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)


class Job(Model):
    """Long work done outside the request, by an RQ worker or (without Redis) in the process.

    The row is the truth about a job: its progress while it runs, its result (the bytes of a
    ZIP, kept until `expires_at`) or its error. A job whose worker died leaves `running` with a
    heartbeat that stops; it is then shown as failed and can be retried."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    params: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    message: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(default=0)
    result: Mapped[bytes | None] = mapped_column(LargeBinary)
    result_name: Mapped[str] = mapped_column(String(200), default="")
    result_size: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]

    user: Mapped[User] = relationship("User")


class PendingUpload(Model):
    """A timing file between its preview and its confirmation, in the database so that any app
    server can confirm what another one previewed."""

    __tablename__ = "pending_uploads"

    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    file_name: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(index=True)
