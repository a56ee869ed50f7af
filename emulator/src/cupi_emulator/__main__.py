import sys

from cupi_emulator.cli import main

sys.exit(main())
