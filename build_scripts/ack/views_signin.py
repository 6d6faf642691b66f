"""Sign-in pages: the district account (OIDC) and the one-time e-mail link; sign-out.

Opening a link only shows a button: mail scanners that fetch every link cannot use it up. The
button's POST signs in.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .signin import EMAIL_BACKEND, blocked, failed, send_link

ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")


def _next(request: HttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}):
        return value
    return "/"


@require_GET
def signin(request: HttpRequest) -> HttpResponse:
    values = {
        "sso": bool(settings.OIDC_RP_CLIENT_ID),
        "sso_label": settings.ACK_OIDC_LABEL,
        "failed": "failed" in request.GET,
        "next": _next(request, request.GET.get("next")),
    }
    return render(request, "ack/signin.html", values)


@require_POST
def email_link(request: HttpRequest) -> HttpResponse:
    address = " ".join(request.POST.get("email", "").split()).lower()
    nxt = _next(request, request.POST.get("next"))
    if not ADDRESS.match(address):
        values = {"sso": bool(settings.OIDC_RP_CLIENT_ID), "sso_label": settings.ACK_OIDC_LABEL, "next": nxt}
        values["error"] = "Enter your district e-mail address, for example name@district.org."
        return render(request, "ack/signin.html", values, status=400)
    if not send_link(address, nxt):
        return render(request, "ack/limited.html", status=429)
    return render(request, "ack/link_sent.html", {"address": address})


@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, token: str) -> HttpResponse:
    nxt = _next(request, request.GET.get("next") or request.POST.get("next"))
    if request.method == "GET":
        return render(request, "ack/link.html", {"token": token, "next": nxt})
    if blocked(request):
        return render(request, "ack/limited.html", status=429)
    person = authenticate(request, token=token) if TOKEN.match(token) else None
    if person is None:
        failed(request)
        return render(request, "ack/link_invalid.html", status=400)
    login(request, person, backend=EMAIL_BACKEND)
    return HttpResponseRedirect(nxt)


@require_POST
def signout(request: HttpRequest) -> HttpResponse:
    logout(request)
    return HttpResponseRedirect("/signin/")
