"""The WSGI application for gunicorn: ``gunicorn build_scripts.ack.wsgi`` (see the README's systemd unit)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "build_scripts.ack.settings")
application = get_wsgi_application()
