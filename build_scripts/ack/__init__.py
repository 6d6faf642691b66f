"""The staff acknowledgement service: a Django project and app beside the static site.

It holds the only personal data (the roster, sign-ins, acknowledgements); the site stays static and
public. Importing this package imports nothing of Django: ``commands`` (the ``policy ack`` parser) is
safe for ``policy --help``; everything else runs after ``setup()`` in ``run.py``.
"""
