"""The Content Security Policy of every response, and the client's address behind the district's proxy."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..errors import UsageError

# No script at all, the service's own stylesheet only, forms post only to the service, never framed.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


class ContentSecurityPolicy:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        return response


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the address the last of ``ACK_PROXY_COUNT`` trusted proxies saw."""
    count: int = settings.ACK_PROXY_COUNT
    header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return str(request.META.get("REMOTE_ADDR", ""))


class BadInput:
    """A request the service cannot carry out (``UsageError``): a 400 page that says why, not a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, UsageError):
            return render(request, "ack/error.html", {"message": str(exception)}, status=400)
        return None
