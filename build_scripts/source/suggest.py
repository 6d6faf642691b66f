""" "Did you mean …?" for the closed sets a clerk writes from: statuses, audiences, sections, codes, field names.

A value that differs from a choice only in capitals, hyphens, dots, spaces or underscores (``Draft``,
``first reading``, ``G170``, ``g-170``) is that choice; otherwise the closest spelling, when one is close.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

NOT_LETTERS = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """``text`` without capitals or punctuation: ``G-170``, ``g170`` and ``G 170`` fold alike."""
    return NOT_LETTERS.sub("", text.lower())


def same_but_spelling(value: str, choices: Iterable[str]) -> str | None:
    """The choice ``value`` is, but for capitals and punctuation; None if none (or it is one exactly)."""
    folded = fold(value)
    options = list(choices)
    if value in options or not folded:
        return None
    return next((choice for choice in options if fold(choice) == folded), None)


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The choice ``value`` most likely means: the same but for spelling, else a close match."""
    options = list(dict.fromkeys(choices))
    same = same_but_spelling(value, options)
    if same is not None or value in options:
        return same
    lowered = {choice.lower(): choice for choice in options}
    near = difflib.get_close_matches(value.lower(), list(lowered), n=1)
    return lowered[near[0]] if near else None


def did_you_mean(suggestion: str | None) -> str:
    """`` (did you mean 'X'?)`` to end a message with, or nothing."""
    return f" (did you mean '{suggestion}'?)" if suggestion else ""
