"""SPID values fixed by the AgID technical rules."""

SPID_L1 = "https://www.spid.gov.it/SpidL1"
SPID_L2 = "https://www.spid.gov.it/SpidL2"
SPID_L3 = "https://www.spid.gov.it/SpidL3"
LIVELLI = {SPID_L1: 1, SPID_L2: 2, SPID_L3: 3}

ATTRIBUTI_RICHIESTI = ["fiscalNumber", "name", "familyName", "email", "dateOfBirth"]
ATTRIBUTE_CONSUMING_SERVICE_INDEX = "0"
PREFISSO_CODICE_FISCALE = "TINIT-"
