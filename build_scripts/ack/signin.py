"""Who may sign in, and how: OpenID Connect (mozilla-django-oidc) or a one-time link by e-mail.

The roster decides: a token's address must be an active person's, and roles and schools are never
read from a token. A link's token is random (256 bits), kept only as its sha256, good once and for
``ACK_LINK_MINUTES``. Rate limits, shared by every worker through the database: ``ACK_LINKS_PER_ADDRESS``
links per address and ``ACK_FAILURES_PER_IP`` failed sign-ins per client address, per ``ACK_RATE_WINDOW``
seconds (successful sign-ins from a school's shared address are never limited).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.backends import BaseBackend
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from .models import Attempt, Person, SignInToken
from .security import client_ip

OIDC_BACKEND = "build_scripts.ack.signin.RosterOIDCBackend"
EMAIL_BACKEND = "build_scripts.ack.signin.EmailLinkBackend"
ADDRESS_CLAIMS = ("email", "preferred_username", "upn")  # Entra ID may give only the latter two


def claimed_address(claims: dict[str, Any]) -> str:
    if claims.get("email_verified") is False:
        return ""
    for name in ADDRESS_CLAIMS:
        value = claims.get(name)
        if isinstance(value, str) and "@" in value:
            return value.strip().lower()
    return ""


class RosterOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """OpenID Connect for Google Workspace or Entra ID: only active people on the roster."""

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claimed_address(claims))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[Person]:
        return Person.objects.filter(email=claimed_address(claims), is_active=True)


class EmailLinkBackend(BaseBackend):
    """Signs in the person a valid, unused, fresh link token names."""

    def authenticate(self, request: HttpRequest | None, token: str = "", **kwargs: Any) -> Person | None:
        if not token:
            return None
        oldest = timezone.now() - timedelta(minutes=settings.ACK_LINK_MINUTES)
        digest = hashlib.sha256(token.encode()).hexdigest()
        with transaction.atomic():
            found = SignInToken.objects.select_for_update().select_related("person").filter(token_sha256=digest)
            link = found.filter(used_at__isnull=True, created_at__gte=oldest, person__is_active=True).first()
            if link is None:
                return None
            link.used_at = timezone.now()
            link.save(update_fields=["used_at"])
        return link.person

    def get_user(self, user_id: int) -> Person | None:
        return Person.objects.filter(pk=user_id, is_active=True).first()


def method_of(request: HttpRequest) -> str:
    """How the signed-in person signed in: ``sso`` or ``email``."""
    return "sso" if request.session.get(BACKEND_SESSION_KEY) == OIDC_BACKEND else "email"


def too_many(key: str, limit: int) -> bool:
    since = timezone.now() - timedelta(seconds=settings.ACK_RATE_WINDOW)
    Attempt.objects.filter(at__lt=since - timedelta(days=1)).delete()  # old rows go, now and then
    return Attempt.objects.filter(key=key, at__gte=since).count() >= limit


def count(key: str) -> None:
    Attempt.objects.create(key=key, at=timezone.now())


def failed(request: HttpRequest) -> None:
    count(f"fail:{client_ip(request)}")


def blocked(request: HttpRequest) -> bool:
    return too_many(f"fail:{client_ip(request)}", settings.ACK_FAILURES_PER_IP)


def send_link(address: str, after: str = "/") -> bool:
    """Mail a link if ``address`` is an active person's; False when its limit is reached."""
    key = f"link:{address}"
    if too_many(key, settings.ACK_LINKS_PER_ADDRESS):
        return False
    count(key)
    person = Person.objects.filter(email=address, is_active=True).first()
    if person is None:
        return True  # the page says the same either way: the roster is not revealed
    token = secrets.token_urlsafe(32)
    SignInToken.objects.create(
        person=person, token_sha256=hashlib.sha256(token.encode()).hexdigest(), created_at=timezone.now()
    )
    link = f"{settings.BASE_URL}signin/link/{token}/" + (f"?next={quote(after)}" if after != "/" else "")
    body = (
        f"Dear {person.name},\n\nOpen this link to sign in to the policy acknowledgements "
        f"(it works once, for {settings.ACK_LINK_MINUTES} minutes):\n\n{link}\n\n"
        "If you did not ask for it, ignore this message.\n"
    )
    send_mail("Your sign-in link", body, None, [person.email])
    return True


class LimitedCallback(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """The OIDC callback, refused while the client has too many failed sign-ins; failures count."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if blocked(request):
            return HttpResponse("Too many failed sign-ins from your address; try again later.", status=429)
        response: HttpResponse = super().get(request)
        return response

    def login_failure(self) -> HttpResponse:
        failed(self.request)
        return HttpResponseRedirect("/signin/?failed=1")
