"""Self-signed key pairs for development and tests (production keys come from SPID_KEY_FILE)."""

import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID


def assicura_coppia_di_chiavi(key_file: str, cert_file: str, *, nome: str, entity_id: str) -> bool:
    """Create the key and certificate if missing. True when they were created now."""
    key_path, cert_path = Path(key_file), Path(cert_file)
    if key_path.exists() and cert_path.exists():
        return False
    key_path.parent.mkdir(parents=True, exist_ok=True)
    chiave = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    soggetto = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "IT"),
        x509.NameAttribute(NameOID.LOCALITY_NAME, "Roma"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, nome),
        x509.NameAttribute(NameOID.COMMON_NAME, nome),
    ])
    adesso = datetime.datetime.now(datetime.UTC)
    certificato = (
        x509.CertificateBuilder()
        .subject_name(soggetto)
        .issuer_name(soggetto)
        .public_key(chiave.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(adesso - datetime.timedelta(days=1))
        .not_valid_after(adesso + datetime.timedelta(days=3650))
        .add_extension(
            x509.SubjectAlternativeName([x509.UniformResourceIdentifier(entity_id)]), critical=False
        )
        .add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=False,
                          crl_sign=False, encipher_only=False, decipher_only=False),
            critical=True,
        )
        .sign(chiave, hashes.SHA256())
    )
    key_path.write_bytes(chiave.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ))
    key_path.chmod(0o600)
    cert_path.write_bytes(certificato.public_bytes(serialization.Encoding.PEM))
    return True
