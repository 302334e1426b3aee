"""The provinces of Italy by their two-letter sigla, each with its region (as in `REGIONI`).

Sardinia keeps both the sigle of the provinces abolished in 2016 (CI, OG, OT, VS) and that of
Sud Sardegna (SU): codici meccanografici and addresses still use them, and the regional law of
2021 restores some of those provinces.
"""

PROVINCE_PER_REGIONE = {
    "Abruzzo": "AQ CH PE TE",
    "Basilicata": "MT PZ",
    "Calabria": "CS CZ KR RC VV",
    "Campania": "AV BN CE NA SA",
    "Emilia-Romagna": "BO FC FE MO PC PR RA RE RN",
    "Friuli-Venezia Giulia": "GO PN TS UD",
    "Lazio": "FR LT RI RM VT",
    "Liguria": "GE IM SP SV",
    "Lombardia": "BG BS CO CR LC LO MB MI MN PV SO VA",
    "Marche": "AN AP FM MC PU",
    "Molise": "CB IS",
    "Piemonte": "AL AT BI CN NO TO VB VC",
    "Puglia": "BA BR BT FG LE TA",
    "Sardegna": "CA CI NU OG OR OT SS SU VS",
    "Sicilia": "AG CL CT EN ME PA RG SR TP",
    "Toscana": "AR FI GR LI LU MS PI PO PT SI",
    "Trentino-Alto Adige": "BZ TN",
    "Umbria": "PG TR",
    "Valle d'Aosta": "AO",
    "Veneto": "BL PD RO TV VE VI VR",
}

REGIONE_DELLA_PROVINCIA = {sigla: regione for regione, sigle in PROVINCE_PER_REGIONE.items()
                           for sigla in sigle.split()}
