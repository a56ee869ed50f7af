"""SIP certificates: real RSA keys and X.509 certificates, as Unity Connection makes them.

Unity Connection signs the SIP certificates it creates with its own root certificate
(subject ``CN=CiscoUnity-<uuid>``); the SIP certificate's subject is
``O=Cisco Systems Inc., OU=ECSBU, CN=<SubjectName>``. One root per emulated server (backend),
made on first use. No HTTP, no state here.
"""

import datetime
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KEY_BITS = 2048
VALID_DAYS = 3650


def _pem_key(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode("ascii")


def _pem_cert(cert):
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


class SipCertificateAuthority:
    """The server's root (``CiscoUnity-<uuid>``) that signs SIP certificates."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
        self.name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"CiscoUnity-{uuid.uuid4()}")])

    def issue(self, subject_name, key_pem=None):
        """(certificate PEM, private key PEM) for ``subject_name``; with ``key_pem`` the key is
        kept (a new subject re-issues the certificate for the same key)."""
        if key_pem:
            key = serialization.load_pem_private_key(key_pem.encode("ascii"), password=None)
        else:
            key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
        now = datetime.datetime.now(datetime.timezone.utc)
        subject = x509.Name([
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Cisco Systems Inc."),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "ECSBU"),
            x509.NameAttribute(NameOID.COMMON_NAME, subject_name),
        ])
        builder = x509.CertificateBuilder()
        if subject_name.isascii() and " " not in subject_name:
            builder = builder.add_extension(x509.SubjectAlternativeName(
                [x509.UniformResourceIdentifier(subject_name)]), critical=False)
        cert = (
            builder
            .subject_name(subject)
            .issuer_name(self.name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False,
                                         key_encipherment=True, data_encipherment=False,
                                         key_agreement=True, key_cert_sign=False, crl_sign=False,
                                         encipher_only=False, decipher_only=False), critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH,
                                                  ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .sign(self.key, hashes.SHA256())
        )
        return _pem_cert(cert), (key_pem or _pem_key(key))
