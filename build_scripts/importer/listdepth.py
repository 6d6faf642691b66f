"""The nesting of list items, from the kinds of markers seen so far (1. then a. then i. ...)."""

from __future__ import annotations

from dataclasses import dataclass, field

ROMAN = set("ivxlc")
BULLETS = set("\u2022\u25cf\u25aa\u25e6\u2023\u2219\u00b7*\u2013-")


def marker_style(value: str) -> str:
    if value.isdigit():
        return "decimal"
    if value in BULLETS:
        return "bullet"
    if len(value) > 1:
        return "lower-roman" if value.islower() else "upper-roman"
    return "lower" if value.islower() else "upper"


@dataclass
class ListStack:
    """Marker kinds from the outermost list inwards, with the last value seen at each depth."""

    kinds: list[tuple[str, bool, str]] = field(default_factory=list)  # (style, parenthesised, last value)
    indents: list[float] = field(default_factory=list)

    def reset(self) -> None:
        self.kinds.clear()
        self.indents.clear()

    def place(self, value: str, paren: bool, indent: float) -> tuple[int, str]:
        """(depth, style) of an item with marker ``value``."""
        style = self._resolve(value, paren)
        for depth, (kind, was_paren, _last) in enumerate(self.kinds):
            if kind == style and was_paren == paren:
                del self.kinds[depth:]
                del self.indents[depth:]
                break
        self.kinds.append((style, paren, value))
        self.indents.append(indent)
        return len(self.kinds) - 1, style

    def _resolve(self, value: str, paren: bool) -> str:
        """A single i, v or x is a letter after h, u or w, else a roman numeral."""
        style = marker_style(value)
        if style not in ("lower", "upper") or value.lower() not in ROMAN:
            return style
        roman = "lower-roman" if style == "lower" else "upper-roman"
        for kind, was_paren, last in reversed(self.kinds):
            if kind == style and was_paren == paren and len(last) == 1 and ord(value) == ord(last) + 1:
                return style
            if kind == roman and was_paren == paren:
                return roman
        return roman if value.lower() == "i" else style
