"""Prepare the provider: tables, a signing key, one client, and people with passwords.

``python -m tests.ack.idp.bootstrap CLIENT_ID SECRET REDIRECT_URIS EMAIL...`` (IDP_* set in the environment).
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.ack.idp.settings")

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from oidc_provider.models import Client, ResponseType, RSAKey  # noqa: E402

PASSWORD = "correct horse battery staple"


def main(client_id: str, secret: str, redirects: str, emails: list[str]) -> None:
    call_command("migrate", verbosity=0, interactive=False)
    if not RSAKey.objects.exists():
        call_command("creatersakey")
    client, _ = Client.objects.update_or_create(
        client_id=client_id,
        defaults={
            "name": "ack",
            "client_type": "confidential",
            "client_secret": secret,
            "jwt_alg": "RS256",
            "require_consent": False,
            "reuse_consent": True,
        },
    )
    client.redirect_uris = redirects.split(",")
    client.scope = ["openid", "email", "profile"]
    client.save()
    client.response_types.set([ResponseType.objects.get(value="code")])
    for email in emails:
        user, _ = User.objects.get_or_create(username=email, defaults={"email": email})
        user.set_password(PASSWORD)
        user.save()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:])
