"""Key pairs for development and tests (production keys come from SPID_KEY_FILE/SPID_CERT_FILE).

The service provider's certificate follows the AgID rules for SPID certificates (Avviso SPID
n. 29 v3, as checked by spid-compliant-certificates): RSA 3072, SHA-256, self-signed, a
SubjectDN with organizationIdentifier "PA:IT-<codice IPA>", the entityID as `uri`, country,
locality; keyUsage digitalSignature + nonRepudiation (critical), basicConstraints CA:false,
the AgID certificate policies for a public-sector SP. The test identity provider's pair is a
plain self-signed one.
"""

import datetime
import fcntl
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID, ObjectIdentifier

OID_URI = ObjectIdentifier("2.5.4.83")
OID_ORGANIZATION_IDENTIFIER = ObjectIdentifier("2.5.4.97")
POLICY_AGID_ROOT = "1.3.76.16"
POLICY_AGID_CERT = "1.3.76.16.6"
POLICY_SP_PUBBLICO = "1.3.76.16.4.2.1"
DIMENSIONE_CHIAVE_SP = 3072


def _scrivi_atomicamente(percorso: Path, contenuto: bytes, mode: int = 0o644) -> None:
    temporaneo = percorso.with_name(f".{percorso.name}.{os.getpid()}.tmp")
    temporaneo.write_bytes(contenuto)
    temporaneo.chmod(mode)
    temporaneo.replace(percorso)


def _chiave_pem(chiave) -> bytes:
    return chiave.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption())


def _sotto_lock(key_path: Path):
    key_path.parent.mkdir(parents=True, exist_ok=True)
    lock = open(key_path.parent / f".{key_path.name}.lock", "w")  # noqa: SIM115 - closed by caller
    fcntl.flock(lock, fcntl.LOCK_EX)
    return lock


def assicura_coppia_di_chiavi(key_file: str, cert_file: str, *, nome: str, entity_id: str) -> bool:
    """A plain self-signed pair (the test identity provider's). True when created now."""
    key_path, cert_path = Path(key_file), Path(cert_file)
    if key_path.exists() and cert_path.exists():
        return False
    with _sotto_lock(key_path):
        if key_path.exists() and cert_path.exists():
            return False
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
            .subject_name(soggetto).issuer_name(soggetto)
            .public_key(chiave.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(adesso - datetime.timedelta(days=1))
            .not_valid_after(adesso + datetime.timedelta(days=3650))
            .add_extension(x509.SubjectAlternativeName([x509.UniformResourceIdentifier(entity_id)]),
                           critical=False)
            .sign(chiave, hashes.SHA256())
        )
        _scrivi_atomicamente(key_path, _chiave_pem(chiave), 0o600)
        _scrivi_atomicamente(cert_path, certificato.public_bytes(serialization.Encoding.PEM))
        return True


def certificato_sp_conforme(cert_file: str, *, entity_id: str, codice_ipa: str) -> bool:
    """Whether the certificate in `cert_file` meets the AgID rules for this entityID."""
    try:
        certificato = x509.load_pem_x509_certificate(Path(cert_file).read_bytes())
    except (OSError, ValueError):
        return False
    soggetto = certificato.subject
    valori = {attr.oid.dotted_string: attr.value for attr in soggetto}
    try:
        politiche = {p.policy_identifier.dotted_string
                     for p in certificato.extensions.get_extension_for_class(x509.CertificatePolicies).value}
        uso = certificato.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return False
    return (
        valori.get(OID_URI.dotted_string) == entity_id
        and valori.get(OID_ORGANIZATION_IDENTIFIER.dotted_string) == f"PA:IT-{codice_ipa}"
        and {POLICY_AGID_CERT, POLICY_SP_PUBBLICO} <= politiche
        and uso.digital_signature and uso.content_commitment
        and certificato.public_key().key_size >= 2048
        and isinstance(certificato.signature_hash_algorithm, hashes.SHA256)
        and certificato.not_valid_after_utc > datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)
    )


def assicura_certificato_sp(key_file: str, cert_file: str, *, organizzazione: str, entity_id: str,
                            codice_ipa: str, localita: str = "Roma") -> bool:
    """Create (or replace, if not conformant) the SP's development key and certificate."""
    if Path(key_file).exists() and certificato_sp_conforme(cert_file, entity_id=entity_id,
                                                          codice_ipa=codice_ipa):
        return False
    key_path, cert_path = Path(key_file), Path(cert_file)
    with _sotto_lock(key_path):
        if key_path.exists() and certificato_sp_conforme(cert_file, entity_id=entity_id,
                                                        codice_ipa=codice_ipa):
            return False
        chiave = rsa.generate_private_key(public_exponent=65537, key_size=DIMENSIONE_CHIAVE_SP)
        soggetto = x509.Name([
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organizzazione),
            x509.NameAttribute(NameOID.COMMON_NAME, organizzazione),
            x509.NameAttribute(OID_URI, entity_id),
            x509.NameAttribute(OID_ORGANIZATION_IDENTIFIER, f"PA:IT-{codice_ipa}"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "IT"),
            x509.NameAttribute(NameOID.LOCALITY_NAME, localita),
        ])
        politiche = x509.CertificatePolicies([
            x509.PolicyInformation(ObjectIdentifier(POLICY_AGID_ROOT), [x509.UserNotice(None, "AgIDroot")]),
            x509.PolicyInformation(ObjectIdentifier(POLICY_AGID_CERT), [x509.UserNotice(None, "agIDcert")]),
            x509.PolicyInformation(ObjectIdentifier(POLICY_SP_PUBBLICO), [x509.UserNotice(None, "cert_SP_Pub")]),
        ])
        adesso = datetime.datetime.now(datetime.UTC)
        certificato = (
            x509.CertificateBuilder()
            .subject_name(soggetto).issuer_name(soggetto)
            .public_key(chiave.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(adesso - datetime.timedelta(minutes=5))
            .not_valid_after(adesso + datetime.timedelta(days=730))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=False)
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                encipher_only=False, decipher_only=False), critical=True)
            .add_extension(politiche, critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(chiave.public_key()), critical=False)
            .sign(chiave, hashes.SHA256())
        )
        _scrivi_atomicamente(key_path, _chiave_pem(chiave), 0o600)
        _scrivi_atomicamente(cert_path, certificato.public_bytes(serialization.Encoding.PEM))
        return True
