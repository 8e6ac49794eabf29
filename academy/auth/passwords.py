"""Password rules: long enough, and not made of the user's own data."""

from __future__ import annotations

from academy.text import search_key

MIN_LENGTH = 10


def password_problems(password: str, email: str, display_name: str) -> list[str]:
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Use at least {MIN_LENGTH} characters.")
    folded = search_key(password).replace(" ", "")
    personal = [email.split("@")[0], *display_name.split()]
    for part in personal:
        part_key = search_key(part).replace(" ", "")
        if len(part_key) >= 3 and part_key in folded:
            problems.append("Do not use your name or email address in the password.")
            break
    if len(set(password)) < 4:
        problems.append("Use more different characters.")
    return problems
