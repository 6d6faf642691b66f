"""One owner of paths: the site's output paths and links (``site``), the project's inputs and output
folders (``project``), and the tool's own files that a project may override (``theme``).

Nothing else in the package joins a path by hand (``tests/test_architecture.py`` checks it).
"""

from .site import *  # noqa: F403  (``paths.policy_folder(code)`` reads as what it is)
from .site import __all__ as _site_names

__all__ = list(_site_names)
