"""RTP codec definitions: the fixed list the codecs of a port group are chosen from."""

from cupi_emulator.fields import Str
from cupi_emulator.models.base import ResourceSpec, resource

# (ObjectId, DisplayName) as in the reference, in its order
RTP_CODECS = (
    ("5623a48c-255d-a121-a4b4-5788238a8123", "G.711 mu-law"),
    ("672e247c-33de-b232-b5b4-12eb238a8234", "G.711 a-law"),
    ("7823a48c-105d-b232-07b4-635a20810345", "G.722"),
    ("8923aabc-3650-b232-1b00-0788b04a84c6", "G.729"),
    ("9a23b48c-060d-b267-2589-5701238ab567", "iLBC"),
)
CODEC_G711_ULAW = RTP_CODECS[0][0]
CODEC_G729 = RTP_CODECS[3][0]


@resource
class RtpCodecDefSpec(ResourceSpec):
    type_name = "RtpCodecDef"
    list_name = "RtpCodecDefs"
    path = "rtpcodecdefs"
    path_aliases = ("rtpcodecsdefs",)    # the reference's spelling
    operations = frozenset({"list", "get"})
    persisted = False
    fields = (
        Str("URI", computed=True),
        Str("ObjectId", readonly=True),
        Str("DisplayName", "", readonly=True),
    )

    def seed(self, backend):
        return [{"ObjectId": oid, "DisplayName": name} for oid, name in RTP_CODECS]
