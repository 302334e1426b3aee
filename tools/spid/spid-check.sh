#!/usr/bin/env bash
# spid-sp-test (AgID's SP validation tool) against the portal, offline, as `make spid-check`:
#   1. SP metadata, profiles spid-sp-public and cie-sp-public (with --extra);
#   2. a real AuthnRequest of the portal (--authn-url);
#   3. the response suite (-tr): 111 signed responses, valid and invalid, played by
#      spid-sp-test as the identity provider.
# The portal runs for the check only, on a free loopback port with its own VAR_DIR and
# SQLite database; its trusted identity providers are the test one plus spid-sp-test's,
# whose metadata goes into SPID_IDP_METADATA_DIR for this run only.
# Prints the counts and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
RADICE=$PWD
STRUMENTI="$RADICE/var/spid-tools-venv"
PY="$RADICE/.venv/bin/python"
REQUISITI="$RADICE/tools/spid/requirements.txt"

if [ ! -x "$STRUMENTI/bin/spid_sp_test" ] || [ "$REQUISITI" -nt "$STRUMENTI/.installato" ]; then
  python3 -m venv "$STRUMENTI"
  "$STRUMENTI/bin/pip" install -q --disable-pip-version-check --require-hashes --no-deps -r "$REQUISITI"
  touch "$STRUMENTI/.installato"
fi
command -v xmlsec1 >/dev/null || { echo "xmlsec1 non installato (apt-get install xmlsec1)"; exit 1; }

LAVORO=$(mktemp -d)
SERVER_PID=""
termina() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ -n "${SPID_CHECK_CONSERVA:-}" ]; then echo "rapporti e log in $LAVORO"; else rm -rf "$LAVORO"; fi
}
trap termina EXIT

PORTA=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORTA"
IDP_TEST="https://localhost:8443"  # spid-sp-test's identity provider (its default entityID)
mkdir -p "$LAVORO/var" "$LAVORO/idp" "$LAVORO/report"
"$STRUMENTI/bin/spid_sp_test" --idp-metadata 2>/dev/null > "$LAVORO/idp/spid-spid_sp_test.xml"
cp "$LAVORO/idp/spid-spid_sp_test.xml" "$LAVORO/idp/cie-spid_sp_test.xml"

unset DATABASE_URL CELERY_BROKER_URL DJANGO_SETTINGS_MODULE
export VAR_DIR="$LAVORO/var" PORTALE_BASE_URL="$BASE" SPID_KEY_FILE="$LAVORO/var/saml/sp.key" SPID_CERT_FILE="$LAVORO/var/saml/sp.crt" SPID_IDP_METADATA_DIR="$LAVORO/idp" \
  DJANGO_ENV=development EMAIL_URL=console:// LOG_LEVEL=INFO \
  LIMITE_ACCESSI_AL_MINUTO=100000  # the suite sends 111 responses in a few seconds from one address
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py runserver --noreload "127.0.0.1:$PORTA" > "$LAVORO/server.log" 2>&1 &
SERVER_PID=$!
pronto() { "$PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$BASE/healthz" 2>/dev/null; }
for _ in $(seq 150); do pronto && break; sleep 0.2; done
pronto || { echo "Il portale non è partito:"; cat "$LAVORO/server.log"; exit 1; }

esegui() {  # esegui NOME PROFILO METADATA_URL AUTHN_URL
  "$STRUMENTI/bin/spid_sp_test" --metadata-url "$3" --authn-url "$4" --extra -tr -pr "$2" \
    -d CRITICAL -rf json -o "$LAVORO/report/$1.json" --response-html-dumps "$LAVORO/html/$1" \
    > "$LAVORO/report/$1.log" 2>&1 || true
}
esegui spid spid-sp-public "$BASE/accounts/spid/metadata/" "$BASE/accounts/spid/login/?tipo=spid&idp=$IDP_TEST"
esegui cie cie-sp-public "$BASE/accounts/cie/metadata/" "$BASE/accounts/spid/login/?tipo=cie&idp=$IDP_TEST"

# The validator exits 0 whatever it finds: its error lines ("[E]") are what count.
"$STRUMENTI/bin/spid-compliant-certificates" validator --crt-file "$VAR_DIR/saml/sp.crt" --sector public 2>&1 \
  | sed 's/\x1b\[[0-9;]*m//g' > "$LAVORO/report/certificato.log" || true
if grep -q '^\[I\]' "$LAVORO/report/certificato.log" && ! grep -q '^\[E\]' "$LAVORO/report/certificato.log"; then
  CERT=ok
else
  CERT=ko
fi

"$PY" - "$LAVORO" "$CERT" "${SPID_CHECK_DETTAGLI:-}" <<'PYTHON'
import json
import re
import sys
from pathlib import Path

lavoro, certificato, dettagli = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
cartella = lavoro / "report"
NOMI = {"metadata_extra": "metadata", "metadata_strict": "metadata",
        "authnrequest_extra": "authn", "authnrequest_strict": "authn", "response": "-tr"}
fallimenti = 0
for profilo in ("spid", "cie"):
    file = cartella / f"{profilo}.json"
    if not file.exists():
        print(f"{profilo}: nessun rapporto; output di spid_sp_test:")
        print((cartella / f"{profilo}.log").read_text()[-3000:])
        fallimenti += 1
        continue
    rapporto = json.loads(file.read_text())["test"]["sp"]
    for categoria in ("metadata_extra", "metadata_strict", "authnrequest_extra",
                      "authnrequest_strict", "response"):
        if categoria not in rapporto:
            continue
        risultati = [r for gruppo in rapporto[categoria].values() for r in gruppo]
        falliti = [r for r in risultati if r.get("result") == "failure"]
        riusciti = [r for r in risultati if r.get("result") == "success"]
        avvisi = [r for r in risultati if r.get("result") == "warning"]
        fallimenti += len(falliti)
        print(f"{profilo}-sp-public {NOMI[categoria]:>8}: {len(riusciti)} superati, "
              f"{len(falliti)} falliti, {len(avvisi)} avvisi")
        for r in falliti:
            print(f"    FALLITO {r.get('test_id') or ''} {r.get('test')}: {str(r.get('value'))[:200]}")
        if dettagli:
            for r in avvisi:
                print(f"    avviso {r.get('test')}: {str(r.get('value'))[:200]}")
    if "response" not in rapporto:
        print(f"{profilo}: il test delle risposte (-tr) non è stato eseguito; output di spid_sp_test:")
        print((cartella / f"{profilo}.log").read_text()[-3000:])
        fallimenti += 1
# Cross-check from the portal's side: the page each response ended on (dumped by
# spid-sp-test) is either the reserved area (a session was opened) or the Italian refusal
# page, whose rule is in the log; nothing else, and as many logins and refusals as pages.
log = (lavoro / "server.log").read_text()
accessi = len(re.findall(r"Accesso SPID/CIE: utente=", log))
rifiuti = len(re.findall(r"Accesso SPID/CIE rifiutato: regola=", log))
pagine = {"entrato": 0, "rifiutato": 0}
for pagina in sorted((lavoro / "html").glob("*/*.html")):
    titolo = re.search(r"<title>([^<&]*)", pagina.read_text(errors="replace"))
    titolo = titolo.group(1).strip() if titolo else ""
    if titolo == "Cruscotto":
        pagine["entrato"] += 1
    elif titolo == "Accesso non riuscito":
        pagine["rifiutato"] += 1
    else:
        print(f"    FALLITO {pagina.parent.name} {pagina.name}: pagina inattesa «{titolo}»")
        fallimenti += 1
if (accessi, rifiuti) != (pagine["entrato"], pagine["rifiutato"]):
    print(f"    FALLITO: il log non corrisponde alle pagine ({accessi} accessi, {rifiuti} rifiuti)")
    fallimenti += 1
print(f"lato portale: {pagine['entrato']} risposte valide hanno aperto una sessione, "
      f"{pagine['rifiutato']} sono state rifiutate con il messaggio in italiano e la regola nel log")
print(f"certificato del service provider (spid-compliant-certificates, settore pubblico): {certificato}")
if certificato != "ok":
    print((cartella / "certificato.log").read_text()[-3000:])
    fallimenti += 1
print(f"spid-check: {'nessun fallimento' if not fallimenti else f'{fallimenti} fallimenti'}")
sys.exit(1 if fallimenti else 0)
PYTHON
