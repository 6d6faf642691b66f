"""The service's tables.

``Event`` is the record: every acknowledgement, proxy acknowledgement, campaign, exemption, due date
and correction is one row of an append-only, hash-chained log (``chain.py``). Nothing reads an
acknowledgement from anywhere else, so nothing else can be edited to change the evidence. The other
tables hold who (the roster), what (policies and versions, from the published site), and sign-in
bookkeeping.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models


class PersonManager(BaseUserManager["Person"]):
    def get_by_natural_key(self, username: str | None) -> Person:
        return self.get(email=(username or "").lower())


class Person(AbstractBaseUser):
    """A member of staff from the roster; also the signed-in user (no password: OIDC or an e-mail link)."""

    email = models.EmailField(unique=True)  # lower case; a new address is a new person
    name = models.CharField(max_length=200)
    school = models.CharField(max_length=100, db_index=True)
    role = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)  # False once the roster no longer lists them
    left_on = models.DateField(null=True, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["name"]
    objects = PersonManager()

    class Meta:
        ordering: ClassVar[list[str]] = ["school", "name", "email"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class SiteInfo(models.Model):
    """The published site the service syncs from (one row)."""

    district = models.CharField(max_length=300)
    site = models.CharField(max_length=500)  # the folder or address given to ``policy ack sync``
    schools = models.JSONField(default=dict)  # the roster's school id -> the school's name, from the API

    @staticmethod
    def school_names() -> dict[str, str]:
        """Each school's name by the roster's id, as the last sync took them (none before a sync)."""
        site = SiteInfo.objects.filter(pk=1).first()
        return dict(site.schools) if site else {}


class Policy(models.Model):
    code = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=20)  # adopted | retired
    audience = models.JSONField(default=list)
    page = models.URLField(max_length=500)

    class Meta:
        ordering: ClassVar[list[str]] = ["code"]

    def __str__(self) -> str:
        return self.code


class Version(models.Model):
    """One published version: the exact text of its policy file, checked against the site's sha256."""

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="versions")
    date = models.DateField()
    kind = models.CharField(max_length=20)  # adopted | revised | retired
    change = models.CharField(max_length=20)  # material | editorial
    text = models.TextField()
    text_sha256 = models.CharField(max_length=64)
    html = models.TextField()  # the body, as shown (sanitised)
    ast = models.JSONField()  # pandoc's AST of the body, for redlines between any two versions
    page = models.URLField(max_length=500)

    class Meta:
        ordering: ClassVar[list[str]] = ["policy__code", "date"]
        constraints: ClassVar[list[Any]] = [models.UniqueConstraint(fields=["policy", "date"], name="one_per_date")]

    def __str__(self) -> str:
        return f"{self.policy.code} {self.date.isoformat()}"


class Redline(models.Model):
    """What changed from one version to a later one (computed once, on first view)."""

    old = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="+")
    new = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="+")
    html = models.TextField()

    class Meta:
        constraints: ClassVar[list[Any]] = [models.UniqueConstraint(fields=["old", "new"], name="one_per_pair")]


class Campaign(models.Model):
    """Policies assigned to people: a list of codes, or every adopted policy for an audience."""

    name = models.CharField(max_length=200, unique=True)
    due = models.DateField()
    policies = models.ManyToManyField(Policy, blank=True)
    audience = models.CharField(max_length=20, blank=True)  # "staff": every adopted staff policy
    schools = models.JSONField(default=list)  # empty: every school
    roles = models.JSONField(default=list)  # empty: every role
    fresh = models.BooleanField(default=False)  # only acknowledgements made during the campaign count
    created_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar[list[str]] = ["due", "name"]

    def __str__(self) -> str:
        return self.name


class Kind(models.TextChoices):
    CAMPAIGN = "campaign"
    ACK = "ack"
    EXEMPT = "exempt"
    DUE = "due"
    VOID = "void"


class Event(models.Model):
    """One entry of the evidence log. Rows are only ever added (``chain.append``)."""

    seq = models.PositiveBigIntegerField(primary_key=True)
    at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.CharField(max_length=254)  # who did it: the person, HR's address, or "cli:<user>"
    method = models.CharField(max_length=10, blank=True)  # sso | email | proxy | cli
    person = models.ForeignKey(Person, null=True, on_delete=models.PROTECT, related_name="events")
    campaign = models.ForeignKey(Campaign, null=True, on_delete=models.PROTECT, related_name="events")
    version = models.ForeignKey(Version, null=True, on_delete=models.PROTECT, related_name="events")
    ip = models.CharField(max_length=45, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    text_sha256 = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict)
    prev = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["seq"]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["kind", "person"])]


class ChainHead(models.Model):
    """The last entry's number and hash (one row): appends lock it, and a deleted last entry shows."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)


class SignInToken(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE)
    token_sha256 = models.CharField(max_length=64, unique=True)  # the link's token is never stored
    created_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True)


class Attempt(models.Model):
    """A sign-in attempt, for rate limits shared by every worker process."""

    key = models.CharField(max_length=300, db_index=True)  # "link:<address>" | "fail:<ip>"
    at = models.DateTimeField(db_index=True)


class ReminderSent(models.Model):
    """One row per recipient, day and kind: ``policy ack remind`` sends nothing twice on a day."""

    recipient = models.EmailField()
    day = models.DateField()
    kind = models.CharField(max_length=20)  # staff | principal

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["recipient", "day", "kind"], name="one_reminder_a_day")
        ]
