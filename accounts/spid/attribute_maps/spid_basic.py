"""SPID attribute names, mapped 1:1 (pysaml2 would otherwise drop the unknown ones)."""

from saml2.saml import NAME_FORMAT_BASIC

NOMI = [
    "spidCode", "name", "familyName", "placeOfBirth", "countyOfBirth", "dateOfBirth", "gender",
    "companyName", "registeredOffice", "fiscalNumber", "ivaCode", "idCard", "mobilePhone",
    "email", "address", "expirationDate", "digitalAddress", "domicileStreetAddress",
    "domicilePostalCode", "domicileMunicipality", "domicileProvince", "domicileNation",
]

MAP = {
    "identifier": NAME_FORMAT_BASIC,
    "fro": {nome: nome for nome in NOMI},
    "to": {nome: nome for nome in NOMI},
}
