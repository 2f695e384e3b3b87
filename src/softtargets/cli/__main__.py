"""``python -m softtargets.cli``: the command line (as ``python -m softtargets``)."""

import sys

from . import main

sys.exit(main())
