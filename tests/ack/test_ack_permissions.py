"""Object-level permissions of every view, for every kind of person (and nobody signed in).

Staff see only themselves, a principal their own school, HR everyone. A role that may never use a
view gets 403; an object outside the viewer's reach (another person's receipt, another school's
person) gets 404.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from .conftest import Mailbox, Service
from .web import Browser

PEOPLE = {
    "ann": "ann.adams@nsboro.example",  # staff, algonquin: has a receipt
    "carl": "carl.cruz@nsboro.example",  # staff, melican
    "pat": "pat.price@nsboro.example",  # principal, algonquin
    "mia": "mia.moss@nsboro.example",  # principal, melican
    "hana": "hana.hill@nsboro.example",  # hr
}


@pytest.fixture(scope="module")
def people(shared_service: Service, mailbox: tuple[Mailbox, int]) -> Iterator[dict[str, Browser]]:
    browsers = {"nobody": shared_service.browser()}
    for name, address in PEOPLE.items():
        browsers[name] = shared_service.browser()
        browsers[name].sign_in_by_email(address, mailbox[0])
    page = browsers["ann"].get("/").text
    if "Recorded." not in page and "nothing to acknowledge" not in page:
        browsers["ann"].submit(page, "/policies/G-170/acknowledge/")
    yield browsers


@pytest.fixture(scope="module")
def ids(people: dict[str, Browser]) -> dict[str, int]:
    """Person ids and Ann's receipt, as HR's pages show them."""
    school = people["hana"].get("/reports/school/algonquin/").text
    melican = people["hana"].get("/reports/school/melican/").text
    ann = int(re.search(r'href="/people/(\d+)/">Ann Adams', school).group(1))  # type: ignore[union-attr]
    carl = int(re.search(r'href="/people/(\d+)/">Carl Cruz', melican).group(1))  # type: ignore[union-attr]
    receipt = int(re.search(r'href="/receipts/(\d+)\.pdf"', people["ann"].get("/history/").text).group(1))  # type: ignore[union-attr]
    return {"ann": ann, "carl": carl, "receipt": receipt}


GETS = [  # path, then the status for: nobody, ann, carl, pat, mia, hana
    ("/", [302, 200, 200, 200, 200, 200]),
    ("/policies/G-170/", [302, 200, 200, 200, 200, 200]),
    ("/history/", [302, 200, 200, 200, 200, 200]),
    ("/receipts/{receipt}.pdf", [302, 200, 404, 200, 404, 200]),
    ("/reports/", [302, 403, 403, 200, 200, 200]),
    ("/reports/campaign/1/", [302, 403, 403, 200, 200, 200]),
    ("/reports/campaign/1.csv", [302, 403, 403, 200, 200, 200]),
    ("/reports/school/algonquin/", [302, 403, 403, 200, 403, 200]),
    ("/reports/school/algonquin.csv", [302, 403, 403, 200, 403, 200]),
    ("/reports/school/melican/", [302, 403, 403, 403, 200, 200]),
    ("/people/{ann}/", [302, 403, 403, 200, 404, 200]),
    ("/people/{carl}/", [302, 403, 403, 404, 200, 200]),
]
WHO = ["nobody", "ann", "carl", "pat", "mia", "hana"]


@pytest.mark.parametrize(("path", "statuses"), GETS, ids=[g[0] for g in GETS])
def test_every_page_for_every_role(
    path: str, statuses: list[int], people: dict[str, Browser], ids: dict[str, int]
) -> None:
    url = path.format(**ids)
    got = [people[who].get(url, allow_redirects=False).status_code for who in WHO]
    assert got == statuses


def test_hr_entries_are_hr_only_and_never_edit_the_log(people: dict[str, Browser], ids: dict[str, int]) -> None:
    posts = [
        (f"/people/{ids['carl']}/proxy/", {"policy": "G-170", "signed": "2026-09-01", "note": "paper form"}),
        (f"/people/{ids['carl']}/exempt/", {"campaign": "1", "reason": "on leave"}),
        (f"/people/{ids['carl']}/due/", {"campaign": "1", "due": "2026-12-01"}),
    ]
    for path, values in posts:
        assert [people[who].post(path, **values).status_code for who in ("nobody", "ann", "pat", "mia")] == [
            302, 403, 403, 403,
        ]  # fmt: skip
        assert people["nobody"].post(path, **values).headers["Location"].startswith("/signin/")
    before = people["hana"].get(f"/people/{ids['carl']}/").text
    assert people["hana"].post(posts[0][0], **posts[0][1]).status_code == 302
    page = people["hana"].get(f"/people/{ids['carl']}/").text
    [seq] = re.findall(r"#(\d+)</span> [^<]*: ack G-170", page)
    assert f"#{seq}" not in before
    assert people["pat"].post(f"/entries/{seq}/void/", reason="wrong person").status_code == 403
    assert people["hana"].post(f"/entries/{seq}/void/", reason="wrong person").status_code == 302
    after = people["hana"].get(f"/people/{ids['carl']}/").text
    assert f"#{seq}</span>" in after  # the withdrawn entry stays in the log
    assert f"(withdraws #{seq})" in after
    assert people["hana"].post(f"/entries/{seq}/void/", reason="again").status_code == 400  # void already


def test_no_way_to_edit_or_delete_an_acknowledgement(people: dict[str, Browser], ids: dict[str, int]) -> None:
    hana = people["hana"]
    token = {"X-CSRFToken": str(hana.session.cookies.get("ack_csrftoken"))}  # past CSRF, to the view itself
    for path in (f"/receipts/{ids['receipt']}.pdf", "/policies/G-170/acknowledge/", f"/people/{ids['ann']}/"):
        for method in ("put", "patch", "delete"):
            assert getattr(hana.session, method)(hana.base + path, headers=token).status_code == 405


def test_security_headers_and_cookies(people: dict[str, Browser]) -> None:
    page = people["ann"].get("/")
    assert page.headers["Content-Security-Policy"] == (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
        "base-uri 'none'"
    )
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script" not in page.text
    forged = people["ann"].session.post(f"{people['ann'].base}/policies/G-170/acknowledge/", data={"version": "1"})
    assert forged.status_code == 403  # no CSRF token


def test_reports_name_each_school_as_people_read_it(people: dict[str, Browser]) -> None:
    """The roster's ids ('algonquin') are shown by the names the published site gives them."""
    page = people["hana"].get("/reports/").text
    assert '<a href="/reports/school/algonquin/">Algonquin Regional High School</a>' in page
    assert '<a href="/reports/school/melican/">Robert E. Melican Middle School</a>' in page
    assert '<a href="/reports/school/district/">district</a>' in page  # the central office: no school of the site
    school = people["pat"].get("/reports/school/algonquin/").text
    assert "<h1>Algonquin Regional High School</h1>" in school and 'href="/reports/school/algonquin.csv"' in school


def headers(page: str) -> list[str]:
    head = re.search(r"<thead>(.*?)</thead>", page, re.DOTALL)
    assert head is not None
    return re.findall(r'<th scope="col">([^<]+)</th>', head.group(1))


def test_a_persons_and_a_schools_tables_leave_out_what_the_page_already_says(
    people: dict[str, Browser], ids: dict[str, int]
) -> None:
    """Fewer columns to scroll on a phone: a person's page has no person or school column, a school's
    page no school column."""
    person = people["hana"].get(f"/people/{ids['ann']}/").text
    assert headers(person) == ["Campaign", "Policy", "Status", "Due", "Acknowledged"]
    assert '<th scope="row">G-170</th>' in person
    school = people["hana"].get("/reports/school/algonquin/").text
    assert headers(school) == ["Person", "Campaign", "Policy", "Status", "Due", "Acknowledged"]
    campaign = people["hana"].get("/reports/campaign/1/").text
    assert headers(campaign) == ["Person", "School", "Policy", "Status", "Due", "Acknowledged"]
