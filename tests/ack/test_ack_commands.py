"""``policy ack`` commands on their own (in this process, on an emptied SQLite database each):
roster, sync, campaign, report, remind, verify, and the receipt."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pikepdf

from tests.conftest import ROOT, copy_project

from .conftest import DUE, ROSTER, Ack, Mailbox, Sites


def _ready(ack: Ack, sites: Sites) -> None:
    Path("roster.csv").write_text(ROSTER, encoding="utf-8")
    ack.ok("roster", "roster.csv")
    ack.ok("sync", "--site", str(sites.adopted.out))


def test_roster_reports_every_bad_row_at_its_line_and_applies_nothing(ack: Ack) -> None:
    Path("bad.csv").write_text(
        "Email,Name,School,Role,Extension\n"
        "ann@nsboro.example,Ann Adams,algonquin,teacher,101\n"
        "not-an-address,Bo,melican,teacher,\n"
        "cy@nsboro.example,Cy,,teacher,\n"
        "ANN@nsboro.example,Ann Again,melican,teacher,\n",
        encoding="utf-8",
    )
    code, _out, err = ack.run("roster", "bad.csv")
    assert code == 1
    assert err.splitlines() == [
        "bad.csv:3: email: not an e-mail address ('not-an-address')",
        "bad.csv:4: school: empty",
        "bad.csv:5: email: ann@nsboro.example is also on line 2",
        "policy ack: 3 errors",
    ]
    assert ack.sql("SELECT COUNT(*) FROM ack_person") == [(0,)]
    Path("bad.csv").write_text("email,name\nann@nsboro.example,Ann\n", encoding="utf-8")
    assert ack.run("roster", "bad.csv")[2].splitlines()[0] == (
        "bad.csv:1: missing columns school, role (need email, name, school, role)"
    )
    assert (
        ack.run("roster", "missing.csv")[2].splitlines()[0]
        == "missing.csv:1: cannot read the roster: No such file or directory"
    )


def test_roster_changes_and_leavers_are_kept_inactive(ack: Ack) -> None:
    Path("roster.csv").write_text(ROSTER, encoding="utf-8")
    assert ack.ok("roster", "roster.csv")[0] == "policy ack roster: 6 added, 0 changed, 0 left"
    lines = ROSTER.splitlines()
    moved = lines[1].replace("algonquin,teacher", "melican,teacher")
    Path("roster.csv").write_text("\n".join([lines[0], moved, *lines[3:]]) + "\n", encoding="utf-8")
    assert ack.ok("roster", "roster.csv") == [
        "policy ack roster: 0 added, 1 changed, 1 left (marked inactive, kept)",
        "  changed Ann Adams <ann.adams@nsboro.example>: school algonquin -> melican",
        "  left    Carl Cruz <carl.cruz@nsboro.example> (melican, teacher)",
    ]
    assert ack.sql("SELECT is_active, left_on IS NOT NULL FROM ack_person WHERE email LIKE 'carl%'") == [(0, 1)]
    Path("roster.csv").write_text(ROSTER, encoding="utf-8")
    assert ack.ok("roster", "roster.csv")[2] == "  changed Carl Cruz <carl.cruz@nsboro.example>: returned"


def test_sync_refuses_a_text_that_is_not_the_published_one(ack: Ack, sites: Sites, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(sites.adopted.out, site)
    text = site / "policies/g-170/versions/2019-03-20/G-170-2019-03-20.md"
    text.write_text(text.read_text(encoding="utf-8").replace("should always", "may sometimes"), encoding="utf-8")
    code, _out, err = ack.run("sync", "--site", str(site))
    assert code == 1
    assert err.splitlines()[0].startswith(
        "policies/g-170/versions/2019-03-20/G-170-2019-03-20.md:1: sha256 is not the published "
    )
    assert ack.sql("SELECT COUNT(*) FROM ack_version") == [(0,)]
    missing = tmp_path / "nowhere" / "manifest.json"
    assert ack.run("sync", "--site", str(tmp_path / "nowhere")) == (
        2, "", f"error: {missing}: not found (is --site a built site? run 'policy build' first)\n"
    )  # fmt: skip
    ack.ok("sync", "--site", str(sites.adopted.out))
    assert ack.ok("sync", "--site", str(sites.adopted.out)) == [
        "policy ack sync: 1 policy, 0 new versions, 1 unchanged"
    ]
    ack.sql("UPDATE ack_version SET text_sha256 = 'x' || substr(text_sha256, 2)")  # as if the site had changed it
    code, _out, err = ack.run("sync", "--site", str(sites.adopted.out))
    assert code == 1 and "G-170 version of 2019-03-20: the published text changed" in err


def test_campaign_by_audience_and_unknown_codes(ack: Ack, sites: Sites) -> None:
    _ready(ack, sites)
    assert ack.run("campaign", "X", "--policies", "G-170,JICFB", "--due", "2026-09-30")[1:] == (
        "",
        "error: no such policy: JICFB (run 'policy ack sync' after building the site)\n",
    )
    assert ack.ok(
        "campaign", "Every staff policy", "--audience", "staff", "--due", "2026-09-30", "--roles", "teacher"
    ) == ["policy ack campaign: 'Every staff policy': every adopted staff policy, due 2026-09-30"]
    assert ack.run("campaign", "Every staff policy", "--audience", "staff", "--due", "2026-09-30")[2] == (
        "error: a campaign named 'Every staff policy' exists already\n"
    )
    ack.ok("report", "--csv", "r.csv")
    people = [line.split(",")[3] for line in Path("r.csv").read_text().splitlines()[1:]]
    assert people == ["ann.adams@nsboro.example", "carl.cruz@nsboro.example", "tom.tran@nsboro.example"]
    assert ack.run("report", "--campaign", "Nope", "--csv", "r.csv")[2] == (
        "error: no campaign named 'Nope' (campaigns: Every staff policy)\n"
    )


def test_reminders_on_schedule_once_a_day_with_escalation(ack: Ack, sites: Sites, mailbox: tuple[Mailbox, int]) -> None:
    box = mailbox[0]
    _ready(ack, sites)
    ack.ok("campaign", "Start of year", "--policies", "G-170", "--due", DUE.isoformat(), "--schools", "melican")
    seen = len(box.messages)

    def remind(days: int) -> str:
        return ack.ok("remind", "--today", (DUE + timedelta(days=days)).isoformat())[0]

    assert remind(-3).startswith("policy ack remind: 0 reminders to staff, 0 escalations")
    week_before = (DUE - timedelta(days=7)).isoformat()
    assert remind(-7) == f"policy ack remind: 2 reminders to staff, 0 escalations to principals ({week_before})"
    assert remind(-7).startswith("policy ack remind: 0 reminders to staff")  # the same day again: nothing
    new = box.messages[seen:]
    assert sorted(str(m["To"]) for m in new) == ["carl.cruz@nsboro.example", "mia.moss@nsboro.example"]
    body = next(m for m in new if "carl" in str(m["To"])).get_content()
    assert f"- Policy G-170, Employee Social Media Policy (due {DUE:%B} {DUE.day}, {DUE.year})" in body
    assert [remind(-1)[:39], remind(0)[:39]] == ["policy ack remind: 2 reminders to staff"] * 2
    assert remind(1).startswith("policy ack remind: 0 reminders") and remind(6).startswith("policy ack remind: 0 rem")
    late = (DUE + timedelta(days=7)).isoformat()
    assert remind(7) == f"policy ack remind: 2 reminders to staff, 1 escalation to principals ({late})"
    subject = "Overdue policy acknowledgements at Robert E. Melican Middle School"  # the site's name for 'melican'
    escalation = [m for m in box.messages[seen:] if " ".join(str(m["Subject"]).split()) == subject]
    assert [str(m["To"]) for m in escalation] == ["mia.moss@nsboro.example"]
    body = escalation[0].get_content()
    assert "These staff of Robert E. Melican Middle School have overdue" in body
    assert "- Carl Cruz <carl.cruz@nsboro.example>: G-170" in body and "/reports/school/melican/" in body
    assert remind(14).startswith("policy ack remind: 2 reminders to staff, 1 escalation")


def test_verify_catches_a_deleted_entry_and_an_altered_version(ack: Ack, sites: Sites) -> None:
    _ready(ack, sites)
    for name in ("A", "B", "C"):
        ack.ok("campaign", name, "--policies", "G-170", "--due", "2026-09-30")
    assert ack.ok("verify")[0].startswith("policy ack verify: 3 entries, chain intact")
    ack.sql("DELETE FROM ack_event WHERE seq = 3")
    assert ack.run("verify")[2].splitlines() == [
        "error: the log ends at entry 2, but entry 3 was the last one written",
        "policy ack verify: the log is NOT intact (1 problem)",
    ]
    ack.sql("DELETE FROM ack_event WHERE seq = 1")
    assert ack.run("verify")[2].splitlines()[:2] == [
        "error: entry 1: missing (the next entry is 2)",
        "error: entry 2: does not follow entry 1 (its previous hash differs)",
    ]
    ack.sql("UPDATE ack_version SET text = text || ' '")
    assert "error: G-170 version of 2019-03-20: its text no longer has its sha256" in ack.run("verify")[2]


def test_policy_check_never_imports_django(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    for template in (project / "templates" / "documents").glob("*.md.j2"):
        template.unlink()  # the documents take time and import nothing more
    probe = (
        "import sys\nfrom build_scripts.cli import main\ncode = main(['check', '--project', sys.argv[1]])\n"
        "assert not [m for m in sys.modules if m.startswith('django')], 'django imported'\nprint('checked', code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(project)], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert done.stdout.strip().endswith("checked 0"), done.stderr


def test_receipt_is_pdf_ua(ack: Ack, sites: Sites, tmp_path: Path) -> None:
    from build_scripts.ack.campaigns import acknowledge
    from build_scripts.ack.chain import Entry
    from build_scripts.ack.models import Person, Version
    from build_scripts.ack.receipts import receipt_pdf

    _ready(ack, sites)
    person, version = Person.objects.get(email="tom.tran@nsboro.example"), Version.objects.get()
    event = acknowledge(person, version, Entry("ack", person.email, "email", ip="127.0.0.1", user_agent="test"))
    out = tmp_path / "receipt.pdf"
    out.write_bytes(receipt_pdf(event))
    with pikepdf.open(out) as pdf:
        assert str(pdf.open_metadata().get("pdfuaid:part")) == "1"
        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.open_metadata().get("dc:title")) == "Acknowledgement receipt: Policy G-170"
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    for expected in (
        "Name: Tom Tran",
        "Statement: I have read and understood Policy G-170, version of March 20, 2019.",
        f"Text SHA-256: {version.text_sha256}",
        "How: signed in with a one-time e-mail link",
        f"Log entry: {event.seq}, hash {event.hash}",
    ):
        assert expected in text


def test_fresh_campaign_counts_only_acknowledgements_made_during_it(ack: Ack, sites: Sites) -> None:
    from build_scripts.ack.campaigns import acknowledge
    from build_scripts.ack.chain import Entry
    from build_scripts.ack.models import Person, Version

    _ready(ack, sites)
    tom = Person.objects.get(email="tom.tran@nsboro.example")
    acknowledge(tom, Version.objects.get(), Entry("ack", tom.email, "email"))  # last year's acknowledgement
    ack.ok("campaign", "Standing", "--policies", "G-170", "--due", DUE.isoformat(), "--schools", "trottier")
    ack.ok(
        "campaign", "Yearly notice", "--policies", "G-170", "--due", DUE.isoformat(), "--schools", "trottier", "--fresh"
    )
    ack.ok("report", "--csv", "r.csv")
    statuses = [line.split(",")[:7:6] for line in Path("r.csv").read_text().splitlines()[1:]]
    assert statuses == [["Standing", "done"], ["Yearly notice", "due"]]


def test_every_ack_action_is_documented() -> None:
    from build_scripts.cli import _parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = next(a for a in _parser()._actions if a.dest == "command").choices
    ack = commands["ack"]
    actions = next(a for a in ack._actions if a.dest == "ack_command").choices
    assert sorted(actions) == ["campaign", "migrate", "remind", "report", "roster", "serve", "sync", "verify"]
    for name in actions:
        assert f"`policy ack {name}" in readme, name


def test_cookies_are_secure_behind_https(tmp_path: Path) -> None:
    """With an https address (behind the district's proxy) session and CSRF cookies are Secure, with HSTS."""
    probe = """
import django
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
response = Client().get("/signin/", secure=True, HTTP_HOST="ack.nsboro.example")
print(response.status_code, response.cookies["ack_csrftoken"]["secure"], response.headers["Strict-Transport-Security"])
"""
    env = {
        **os.environ,
        "ACK_BASE_URL": "https://ack.nsboro.example/",
        "ACK_STATE_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'a.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "build_scripts.ack.settings",
    }
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.stdout.split() == ["200", "True", "max-age=31536000"], done.stderr


def test_the_migrations_make_the_models(ack: Ack) -> None:
    """Every model change has its migration: ``makemigrations --check`` finds nothing to write."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "ack", "--check", "--dry-run", stdout=out)
    assert out.getvalue() == "No changes detected in app 'ack'\n"
