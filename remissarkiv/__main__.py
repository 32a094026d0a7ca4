"""`python -m remissarkiv`: the staff commands."""
import sys

from remissarkiv.tools.cli import main

sys.exit(main())
