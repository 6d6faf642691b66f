"""The build benchmark of issue 8 (``make bench``, ``python -m tools.bench``).

``manual.py`` (with ``policies.py`` and ``prose.py``) writes a synthetic manual with git history;
``scenarios.py`` runs each build scenario as a measured ``policy`` process (``measure.py``);
``pdfpaths.py`` times our PDF path and pandoc HTML + WeasyPrint; ``stages.py`` times the build's
stages from outside; ``report.py`` turns it all into JSON and a table.
"""
