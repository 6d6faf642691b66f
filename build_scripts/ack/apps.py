from django.apps import AppConfig


class AckConfig(AppConfig):
    name = "build_scripts.ack"
    label = "ack"
    verbose_name = "Staff acknowledgements"
    default_auto_field = "django.db.models.BigAutoField"
