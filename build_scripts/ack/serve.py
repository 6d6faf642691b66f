"""``policy ack serve``: gunicorn on 127.0.0.1 (the same server as production, behind no proxy)."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from gunicorn.app.base import BaseApplication


class Server(BaseApplication):  # type: ignore[misc]
    def __init__(self, application: WSGIHandler, options: dict[str, Any]) -> None:
        self.application, self.options = application, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> WSGIHandler:
        return self.application


def serve(port: int) -> None:
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    connections.close_all()  # never share the parent's connection with the forked workers
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"policy ack serve: http://127.0.0.1:{port}/ ({engine}); Ctrl-C stops it", flush=True)
    options = {
        "bind": f"127.0.0.1:{port}",
        "workers": int(os.environ.get("ACK_WORKERS", "2")),
        "worker_class": "gthread",
        "threads": int(os.environ.get("ACK_THREADS", "4")),
        "timeout": 60,
        "graceful_timeout": 10,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
    }
    Server(application, options).run()
    sys.exit(0)
