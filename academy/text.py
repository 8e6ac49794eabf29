"""Text helpers shared by search, import matching and display. Pure Python."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def search_key(text: str) -> str:
    """Lower-case, accents removed, punctuation to spaces: 'Ødegård, M.' -> 'odegard m'.

    Scripts without case or accents (Chinese, Japanese, Korean, Thai) pass through unchanged,
    so a native-script name still matches itself.
    """
    text = unicodedata.normalize("NFKD", text.casefold())
    text = text.translate(_TRANSLITERATIONS)
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Mn":  # accents, and Thai vowel and tone marks: dropped on both sides
            continue
        kept.append(char if category[0] in "LN" else " ")
    return unicodedata.normalize("NFC", _SPACES.sub(" ", "".join(kept)).strip())


_TRANSLITERATIONS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d"})
