"""Verification codes and checksums for dossiers.

The code is drawn before the PDF is built so it can be printed on every page;
the SHA-256 is taken of the finished bytes. Codes use Crockford's base32
alphabet (no I, L, O, U) so a code read off paper is hard to mistype; ten
characters are 50 random bits, printed as two groups of five (``7K2QD-M9TXA``).
"""

from __future__ import annotations

import hashlib
import re
import secrets

CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
_CODE_PATTERN = re.compile(r"^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$")
_READ_AS = {"O": "0", "I": "1", "L": "1"}


def new_verification_code() -> str:
    raw = "".join(secrets.choice(CROCKFORD_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_code(typed: str) -> str | None:
    """The canonical form of a code a person typed, or None if it cannot be one.

    Accepts lower case, missing or extra dashes and spaces, and the letters
    people confuse with digits (O for 0, I and L for 1).
    """
    compact = re.sub(r"[\s\-]", "", typed.upper())
    compact = "".join(_READ_AS.get(c, c) for c in compact)
    if len(compact) != CODE_LENGTH:
        return None
    code = f"{compact[:5]}-{compact[5:]}"
    return code if _CODE_PATTERN.match(code) else None


def sha256_hex(pdf_bytes: bytes) -> str:
    return hashlib.sha256(pdf_bytes).hexdigest()
