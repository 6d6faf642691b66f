"""The chain's head row exists from the start: every append locks it (``chain.append``)."""

from typing import Any

from django.db import migrations

GENESIS = "0" * 64


def create_head(apps: Any, schema_editor: Any) -> None:
    apps.get_model("ack", "ChainHead").objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS})


class Migration(migrations.Migration):
    dependencies = [("ack", "0001_initial")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
