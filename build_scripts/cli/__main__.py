"""``python -m build_scripts.cli``: the ``policy`` command."""

import sys

from . import main

sys.exit(main())
