"""Reports (HR: every school; a principal: their own) and HR's entries: proxy acknowledgements,
exemptions, due dates and voids. Nothing here edits or deletes an entry."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from ..errors import UsageError
from .access import is_hr, require_hr, require_reports, require_school, school_scope, visible_person
from .campaigns import acknowledge, exempt, set_due, void
from .chain import Entry
from .models import Campaign, Event, Kind, Person, Policy
from .reports import Scope, by_school, counts, report, to_csv
from .security import client_ip
from .status import Standing
from .views_staff import _context, today


@require_GET
@login_required
def reports(request: HttpRequest) -> HttpResponse:
    reader = require_reports(request)
    school = school_scope(reader)
    summaries = []
    for campaign in Campaign.objects.all():
        rows = report(Scope(campaign=campaign, school=school), today())
        summaries.append((campaign, counts(rows), by_school(rows)))
    return render(request, "ack/reports.html", _context(request, reader, summaries=summaries, school=school))


@require_GET
@login_required
def campaign_report(request: HttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    reader = require_reports(request)
    campaign = get_object_or_404(Campaign, pk=pk)
    rows = report(Scope(campaign=campaign, school=school_scope(reader)), today())
    if fmt == "csv":
        return _csv(rows, f"{campaign.name}.csv")
    values = {"campaign": campaign, "rows": rows, "totals": counts(rows), "schools": by_school(rows)}
    return render(request, "ack/campaign.html", _context(request, reader, **values))


@require_GET
@login_required
def school_report(request: HttpRequest, school: str, fmt: str = "html") -> HttpResponse:
    reader = require_school(request, school)
    if not Person.objects.filter(school=school).exists():
        raise Http404("No such school on the roster.")
    rows = report(Scope(school=school), today())
    if fmt == "csv":
        return _csv(rows, f"{school}.csv")
    values = {"school": school, "rows": rows, "totals": counts(rows)}
    return render(request, "ack/school.html", _context(request, reader, **values))


def _csv(rows: list[Standing], name: str) -> HttpResponse:
    response = HttpResponse(to_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@login_required
def person_page(request: HttpRequest, pk: int) -> HttpResponse:
    reader, person = visible_person(request, pk)
    rows = report(Scope(person=person), today()) if person.is_active else []
    events = Event.objects.filter(person=person).select_related("version__policy", "campaign").order_by("seq")
    values = {"person": person, "rows": rows, "events": events, "hr": is_hr(reader)}
    values.update(campaigns=Campaign.objects.all(), policies=Policy.objects.filter(status="adopted"))
    return render(request, "ack/person.html", _context(request, reader, **values))


def _by(request: HttpRequest, hr: Person, method: str = "") -> Entry:
    agent = request.META.get("HTTP_USER_AGENT", "")
    return Entry(Kind.ACK, hr.email, method or "hr", ip=client_ip(request), user_agent=agent)


def _hr_person(request: HttpRequest, pk: int) -> tuple[Person, Person]:
    hr = require_hr(request)
    return hr, get_object_or_404(Person, pk=pk)


@require_POST
@login_required
def proxy(request: HttpRequest, pk: int) -> HttpResponse:
    """A paper acknowledgement recorded by HR, "as proxy", with who recorded it."""
    hr, person = _hr_person(request, pk)
    policy = get_object_or_404(Policy, code=request.POST.get("policy", ""))
    version = policy.versions.order_by("date").last()
    if version is None:
        raise Http404("No published version.")
    signed = _date(request.POST.get("signed", ""))
    how = _by(request, hr, "proxy")
    note = " ".join(request.POST.get("note", "").split())[:500]
    entry = Entry(
        how.kind,
        how.actor,
        "proxy",
        ip=how.ip,
        user_agent=how.user_agent,
        data={"paper_signed": signed.isoformat(), "note": note},
    )
    acknowledge(person, version, entry)
    return HttpResponseRedirect(f"/people/{person.pk}/")


@require_POST
@login_required
def exemption(request: HttpRequest, pk: int) -> HttpResponse:
    hr, person = _hr_person(request, pk)
    campaign = get_object_or_404(Campaign, pk=_int(request.POST.get("campaign")))
    exempt(campaign, person, request.POST.get("reason", ""), _by(request, hr))
    return HttpResponseRedirect(f"/people/{person.pk}/")


@require_POST
@login_required
def due_date(request: HttpRequest, pk: int) -> HttpResponse:
    hr, person = _hr_person(request, pk)
    campaign = get_object_or_404(Campaign, pk=_int(request.POST.get("campaign")))
    set_due(campaign, person, _date(request.POST.get("due", "")), _by(request, hr))
    return HttpResponseRedirect(f"/people/{person.pk}/")


@require_POST
@login_required
def void_entry(request: HttpRequest, seq: int) -> HttpResponse:
    hr = require_hr(request)
    event = get_object_or_404(Event, seq=seq)
    void(event, request.POST.get("reason", ""), _by(request, hr))
    return HttpResponseRedirect(f"/people/{event.person_id}/" if event.person_id else "/reports/")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"not a date: {text!r} (YYYY-MM-DD)") from None


def _int(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 0
