"""A scripted person using the service over HTTP: forms with their CSRF tokens, both ways to sign in."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

import requests

if TYPE_CHECKING:
    from .conftest import Mailbox

TIMEOUT = 60


class Forms(HTMLParser):
    """Every form of a page: its action and its fields' values; and each submit button's text."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._button: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": values.get("action", ""), "fields": {}, "button": ""})
        elif tag == "input" and self.forms and values.get("name"):
            self.forms[-1]["fields"][values["name"]] = values.get("value", "")
        elif tag == "button" and self.forms:
            self._button = []

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "button" and self._button is not None and self.forms:
            self.forms[-1]["button"] = " ".join("".join(self._button).split())
            self._button = None


def form(html: str, action: str) -> dict[str, Any]:
    parser = Forms()
    parser.feed(html)
    found = [f for f in parser.forms if f["action"] == action]
    assert found, f"no form posting to {action}"
    return found[0]


class Browser:
    """One person's cookies against the service (and the identity provider, on another port)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.session = requests.Session()

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        url = path if path.startswith("http") else self.base + path
        return self.session.get(url, timeout=TIMEOUT, **kwargs)

    def submit(self, page: requests.Response | str, action: str, **values: str) -> requests.Response:
        """Post the form of ``page`` that posts to ``action``, with its hidden fields and ``values``."""
        found = form(page if isinstance(page, str) else page.text, action)
        target = action if action.startswith("http") else self.base + action
        return self.session.post(target, data={**found["fields"], **values}, timeout=TIMEOUT)

    def post(self, path: str, **values: str) -> requests.Response:
        """A POST with the CSRF token of this session (as a form of the service would send it)."""
        token = self.session.cookies.get("ack_csrftoken") or self._token()
        data = {"csrfmiddlewaretoken": token, **values}
        return self.session.post(self.base + path, data=data, timeout=TIMEOUT, allow_redirects=False)

    def _token(self) -> str:
        self.get("/signin/")
        return str(self.session.cookies.get("ack_csrftoken"))

    def sign_in_by_email(self, address: str, mailbox: Mailbox) -> requests.Response:
        page = self.get("/signin/")
        sent = self.submit(page, "/signin/email/", email=address)
        assert sent.status_code == 200 and "Check your e-mail" in sent.text, sent.text
        link = mailbox.last_link(address)
        assert link.startswith(self.base + "/signin/link/")
        confirm = self.get(link)
        landed = self.submit(confirm, confirm.url.removeprefix(self.base).split("?")[0])
        assert landed.status_code == 200, landed.text
        return landed

    def sign_in_by_oidc(self, username: str, password: str) -> requests.Response:
        """The district account: the service sends us to the provider, we sign in there, and back."""
        login = self.get("/oidc/authenticate/")
        assert "District sign-in" in login.text, login.text
        action = login.url.split("?")[0]
        page = self.session.post(action, data={**form(login.text, "")["fields"], "username": username,
                                               "password": password}, timeout=TIMEOUT)  # fmt: skip
        assert page.url.startswith(self.base + "/"), page.url
        return page


def acknowledge_form(page: str, code: str) -> dict[str, Any]:
    return form(page, f"/policies/{code}/acknowledge/")


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
