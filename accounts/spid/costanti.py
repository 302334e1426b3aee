"""SPID and CIE values fixed by the AgID technical rules and the CIE technical manual."""

SPID_L1 = "https://www.spid.gov.it/SpidL1"
SPID_L2 = "https://www.spid.gov.it/SpidL2"
SPID_L3 = "https://www.spid.gov.it/SpidL3"
LIVELLI = {SPID_L1: 1, SPID_L2: 2, SPID_L3: 3}
LIVELLI_PER_NUMERO = {numero: uri for uri, numero in LIVELLI.items()}

# Requested in the metadata's AttributeConsumingService (index 0) of each federation.
ATTRIBUTI_RICHIESTI = ["fiscalNumber", "name", "familyName", "email", "dateOfBirth"]
ATTRIBUTI_CIE = ["fiscalNumber", "name", "familyName", "dateOfBirth"]
ATTRIBUTE_CONSUMING_SERVICE_INDEX = "0"
# eIDAS through the Italian node (FICEP): index 99 asks for the minimum attribute set.
INDICE_EIDAS = "99"
NOME_SERVIZIO_EIDAS = "eIDAS Natural Person Minimum Attribute Set"
ATTRIBUTI_EIDAS = ["fiscalNumber", "spidCode", "name", "familyName", "dateOfBirth"]
PREFISSO_CODICE_FISCALE = "TINIT-"

# Kinds of identity provider the portal can trust; the login page has a button for each
# kind that has at least one active identity provider.
TIPI = {
    "spid": "SPID",
    "cie": "CIE",
    "eidas": "eIDAS (identità digitale europea)",
    "ministero": "Credenziali del Ministero",
}
