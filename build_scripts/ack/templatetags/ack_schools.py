"""``{{ id|school_name:school_names }}``: a school as people read it ("Algonquin Regional High School"),
from the names ``policy ack sync`` took from the published API; the roster's id when the site has none
(a central office, or a school the site does not list)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def school_name(school: str, names: dict[str, str] | None) -> str:
    return (names or {}).get(school, school)
