"""Column helpers shared by the model modules."""

from __future__ import annotations

import enum

from sqlalchemy import Enum as SAEnum

from academy.clock import utcnow

__all__ = ["enum_column", "utcnow"]


def enum_column(enum_class: type[enum.Enum], name: str) -> SAEnum:
    """Store an enum by its value, with a CHECK constraint (no native PG type)."""
    return SAEnum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
