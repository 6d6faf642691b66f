"""The staff member's pages: what is due (text or redline, one button each), history, receipts."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET, require_POST

from .access import may_see, reads_reports, viewer
from .campaigns import acknowledge
from .chain import Entry
from .items import item_for, open_items, shown
from .models import Campaign, Event, Kind, Person, Policy, SiteInfo, Version
from .receipts import receipt_pdf
from .security import client_ip
from .signin import method_of
from .status import standings


def today() -> date:
    return timezone.localdate()


def _context(request: HttpRequest, me: Person, /, **values: object) -> dict[str, object]:
    names = SimpleLazyObject(SiteInfo.school_names)  # read once, and only by a page that names a school
    return {"me": me, "reports": reads_reports(me), "school_names": names, **values}


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    person = viewer(request)
    rows = standings(list(Campaign.objects.all()), [person], today())
    items = open_items(person, rows, today())
    done = request.GET.get("done", "")
    recorded = Event.objects.filter(seq=int(done), person=person).first() if done.isdigit() else None
    return render(request, "ack/home.html", _context(request, person, items=items, recorded=recorded))


@require_GET
@login_required
def policy(request: HttpRequest, code: str) -> HttpResponse:
    """One policy (the site's "Acknowledge this policy" link), assigned or not."""
    person = viewer(request)
    found = get_object_or_404(Policy, code=code.upper())
    item = item_for(person, found)
    if item is None:
        raise Http404("This policy has no published version yet.")
    return render(request, "ack/policy.html", _context(request, person, items=[item], policy=found))


@require_POST
@login_required
def acknowledge_view(request: HttpRequest, code: str) -> HttpResponse:
    """Record the acknowledgement of exactly what the page showed (its sha256 is checked again)."""
    person = viewer(request)
    found = get_object_or_404(Policy, code=code.upper())
    version = _posted_version(request, "version", found)
    since = _posted_version(request, "since", found) if request.POST.get("since") else None
    if version is None:
        raise Http404("No such version.")
    _html, sha = shown(version, since)
    if sha != request.POST.get("shown"):
        return render(request, "ack/changed.html", _context(request, person, policy=found), status=409)
    data = {"shown_sha256": sha, "shown": f"redline since {since.date.isoformat()}" if since else "text"}
    how = Entry(
        Kind.ACK,
        person.email,
        method_of(request),
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        data=data,
    )
    event = acknowledge(person, version, how)
    return HttpResponseRedirect(f"/?done={event.seq}")


def _posted_version(request: HttpRequest, field: str, policy: Policy) -> Version | None:
    value = request.POST.get(field, "")
    return Version.objects.filter(pk=int(value), policy=policy).first() if value.isdigit() else None


@require_GET
@login_required
def history(request: HttpRequest) -> HttpResponse:
    person = viewer(request)
    voided = set(Event.objects.filter(kind=Kind.VOID, person=person).values_list("data__voids", flat=True))
    acks = Event.objects.filter(kind=Kind.ACK, person=person).select_related("version__policy").order_by("-seq")
    entries = [(event, event.seq in voided) for event in acks]
    return render(request, "ack/history.html", _context(request, person, entries=entries))


@require_GET
@login_required
def receipt(request: HttpRequest, seq: int) -> HttpResponse:
    """A receipt: the person's own, or one HR or their principal may see; anyone else's is 404."""
    reader = viewer(request)
    event = Event.objects.filter(seq=seq, kind=Kind.ACK).select_related("person", "version__policy").first()
    if event is None or event.person is None or not may_see(reader, event.person):
        raise Http404("No such receipt.")
    response = HttpResponse(receipt_pdf(event), content_type="application/pdf")
    name = f"receipt-{event.version.policy.code if event.version else 'policy'}-{event.seq}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
