"""Who sees what: staff see only themselves, a principal their own school, HR everyone.

Roles come from the roster's ``role`` column (``ACK_HR_ROLES``, ``ACK_PRINCIPAL_ROLES``). A view asks
here before it reads anything: a role that may never use a view gets 403; an object outside the
viewer's reach (another person's receipt, another school's person) gets 404, so its existence is not
confirmed either.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from .models import Person


def viewer(request: HttpRequest) -> Person:
    user = request.user
    if not isinstance(user, Person):
        raise PermissionDenied
    return user


def is_hr(person: Person) -> bool:
    return person.role in settings.ACK_HR_ROLES


def is_principal(person: Person) -> bool:
    return person.role in settings.ACK_PRINCIPAL_ROLES


def reads_reports(person: Person) -> bool:
    return is_hr(person) or is_principal(person)


def require_hr(request: HttpRequest) -> Person:
    person = viewer(request)
    if not is_hr(person):
        raise PermissionDenied
    return person


def require_reports(request: HttpRequest) -> Person:
    person = viewer(request)
    if not reads_reports(person):
        raise PermissionDenied
    return person


def school_scope(person: Person) -> str | None:
    """The one school a report reader may see, or None for every school (HR)."""
    return None if is_hr(person) else person.school


def require_school(request: HttpRequest, school: str) -> Person:
    person = require_reports(request)
    if not is_hr(person) and person.school != school:
        raise PermissionDenied
    return person


def may_see(reader: Person, person: Person) -> bool:
    return reader.pk == person.pk or is_hr(reader) or (is_principal(reader) and reader.school == person.school)


def visible_person(request: HttpRequest, pk: int) -> tuple[Person, Person]:
    """(viewer, person) when the viewer may see that person's record; else 404."""
    reader = require_reports(request)
    person = Person.objects.filter(pk=pk).first()
    if person is None or not may_see(reader, person):
        raise Http404("No such person.")
    return reader, person
