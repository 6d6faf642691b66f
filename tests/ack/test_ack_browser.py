"""The service in Debian's Chromium: axe-core finds no WCAG 2.1 A/AA violation on any page, a staff
member acknowledges by keyboard alone, and pages read at 375 px without sideways scrolling.

Screenshots of the staff member's page (text and redline) and of HR's reports, at 1280 and 375 px,
go to ``$ACK_SCREENSHOTS`` when it is set (``screenshots/ack/``), else to the test's folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright

from tests.browser.conftest import axe_source, describe, run_axe
from tools.chromium import CHROMIUM, CHROMIUM_ARGS

from .conftest import Mailbox, Service, Sites

STATEMENT = "I have read and understood Policy G-170, version of March 20, 2019."


@pytest.fixture(scope="module")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    """One Chromium for the service's browser tests; a context (cookies) per person."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ["ACK_SCREENSHOTS"]) if os.environ.get("ACK_SCREENSHOTS") else tmp_path_factory.mktemp("s")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def signed_in(browser: Browser, service: Service, address: str, mailbox: Mailbox) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    page.goto(service.url + "/signin/")
    assert_accessible(page)
    page.get_by_label("Your district e-mail address").fill(address)
    page.get_by_label("Your district e-mail address").press("Enter")
    page.get_by_text("Check your e-mail").wait_for()
    page.goto(mailbox.last_link(address))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(service.url + "/")
    return page


def assert_accessible(page: Page) -> None:
    assert describe(run_axe(page, axe_source())) == []


def narrow(page: Page, shot: Path, tables_fit: bool = False) -> None:
    """At 375 px: nothing wider than the screen, no violation, and a screenshot; with ``tables_fit``,
    no table needs its sideways scrolling either (the report's counts by school read at a glance)."""
    page.set_viewport_size({"width": 375, "height": 800})
    if tables_fit:
        scrolled = page.evaluate(
            "() => [...document.querySelectorAll('.scroll')].map(e => e.scrollWidth - e.clientWidth)"
        )
        assert scrolled and max(scrolled) <= 0, scrolled
    wide = page.evaluate(
        "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 376"
        " && !e.closest('.scroll')).map(e => e.tagName + '.' + e.className)"
    )
    assert (page.evaluate("document.documentElement.scrollWidth"), wide) == (375, [])
    assert_accessible(page)
    page.screenshot(path=str(shot), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_staff_page_by_keyboard_then_the_redline(
    chromium: Browser, shared_service: Service, mailbox: tuple[Mailbox, int], sites: Sites, shots: Path
) -> None:
    page = signed_in(chromium, shared_service, "tom.tran@nsboro.example", mailbox[0])
    assert page.get_by_role("heading", name="Policy G-170: Employee Social Media Policy").is_visible()
    assert_accessible(page)
    page.screenshot(path=str(shots / "staff-1280.png"), full_page=True)
    narrow(page, shots / "staff-375.png")
    for _ in range(300):  # Tab through the page to the button, as a keyboard user would
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == STATEMENT:
            break
    else:
        pytest.fail("the acknowledgement button cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.get_by_text("Recorded.").wait_for()
    assert page.get_by_role("link", name="Download your receipt (PDF)").is_visible()
    assert_accessible(page)
    page.goto(shared_service.url + "/history/")
    assert_accessible(page)

    shared_service.ok("sync", "--site", str(sites.material.out))  # a material revision: Tom reads what changed
    page.goto(shared_service.url + "/")
    assert page.locator(".redline del", has_text="should").is_visible()
    assert_accessible(page)
    page.screenshot(path=str(shots / "staff-redline-1280.png"), full_page=True)
    narrow(page, shots / "staff-redline-375.png")


def record(page: Page, service: Service, person: str, form: str, values: dict[str, str]) -> None:
    """HR records an entry for ``person`` with the person page's form (labels, as a screen reader finds them)."""
    page.goto(service.url + "/reports/campaign/1/")
    page.get_by_role("link", name=person).first.click()
    assert_accessible(page)
    for label, value in values.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name=form).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=person, exact=True).is_visible(), page.content()[-2000:]


def test_hr_reports(chromium: Browser, shared_service: Service, mailbox: tuple[Mailbox, int], shots: Path) -> None:
    page = signed_in(chromium, shared_service, "hana.hill@nsboro.example", mailbox[0])
    record(
        page, shared_service, "Pat Price", "Record the paper acknowledgement", {"Date signed on paper": "2026-09-01"}
    )
    record(page, shared_service, "Mia Moss", "Record the exemption", {"Reason (e.g. on leave)": "On leave until May"})
    record(page, shared_service, "Hana Hill", "Set the due date", {"Due": "2026-01-15"})
    page.goto(shared_service.url + "/")
    page.get_by_role("link", name="Reports").click()
    assert page.get_by_role("heading", name="Start of year").is_visible(), page.content()[-3000:]
    counts = " ".join(page.locator(".counts").inner_text().split())
    assert counts == "1 done 3 due 1 overdue 1 exempt"
    assert_accessible(page)
    page.screenshot(path=str(shots / "hr-report-1280.png"), full_page=True)
    assert page.get_by_role("link", name="Algonquin Regional High School").is_visible()  # the site's name
    narrow(page, shots / "hr-report-375.png", tables_fit=True)
    page.get_by_role("link", name="Start of year").click()
    assert_accessible(page)
    page.screenshot(path=str(shots / "hr-campaign-1280.png"), full_page=True)
    narrow(page, shots / "hr-campaign-375.png")
    page.get_by_role("link", name="Tom Tran").first.click()
    assert_accessible(page)
    narrow(page, shots / "hr-person-375.png")
