"""The schools' names, synced from the published API: reports show "Algonquin Regional High School",
not the roster's id "algonquin"."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("ack", "0002_chain_head")]
    operations = [
        migrations.AddField(model_name="siteinfo", name="schools", field=models.JSONField(default=dict)),
    ]
