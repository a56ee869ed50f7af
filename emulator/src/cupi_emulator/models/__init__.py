"""State and rules of the emulated Unity Connection: no HTTP, no XML/JSON in here.

One module per resource family, each resource a ``ResourceSpec`` subclass registered with
``@resource`` (base.py): phone_systems.py (phone systems, AXL servers, associations),
sip.py (SIP security profiles and certificates), rtp_codecs.py (codec definitions),
port_groups.py (templates, port groups, their servers and codecs) and ports.py (VMS servers,
ports). backend.py holds ``CupiBackend``, the stored objects and the generic operations.

Adding a resource: write a ``ResourceSpec`` subclass with ``@resource`` in its family's
module (a new family: a new module, imported below); urls.py routes every registered spec
automatically. Extra actions (such as a port group reset) are a backend method plus one
route in urls.py.
"""

from cupi_emulator.fields import Bool, Choice, Field, Int, IntChoice, Ref, Str
# Importing the families registers their resources in RESOURCES (in import order).
from cupi_emulator.models import phone_systems, port_groups, ports, rtp_codecs, sip  # noqa: F401
from cupi_emulator.models.backend import CupiBackend
from cupi_emulator.models.base import (LENIENCIES, RESOURCES, VMREST, ResourceSpec, new_id, parse_lenient,
                                       resource, vms_server_id)

__all__ = [
    "LENIENCIES", "RESOURCES", "VMREST", "Bool", "Choice", "CupiBackend", "Field", "Int", "IntChoice", "Ref",
    "ResourceSpec", "Str",
    "new_id", "parse_lenient", "resource", "vms_server_id",
]
