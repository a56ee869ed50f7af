"""cupi-emulator: a stateful emulator of Cisco Unity Connection's CUPI (/vmrest) API."""

from cupi_emulator.exceptions import CupiError, DataException, InvalidParameter, NotFound
from cupi_emulator.models import CupiBackend
from cupi_emulator.server import EmulatorServer

__version__ = "0.1.0"

__all__ = [
    "CupiBackend",
    "CupiError",
    "DataException",
    "EmulatorServer",
    "InvalidParameter",
    "NotFound",
    "__version__",
]
