"""Entry point of the PyInstaller bundle."""

import sys

from crm_desktop.__main__ import main

sys.exit(main())
