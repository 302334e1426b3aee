#!/usr/bin/env bash
# Builds the portal's Bootstrap Italia (only the components and plugins the templates use) from
# the npm package's sources, with the npm `sass` and `esbuild` pinned in package.json:
#   assets/bootstrap-italia-portale.scss → <dir>/bootstrap-italia.min.css
#   assets/bootstrap-italia-portale.js   → <dir>/bootstrap-italia.min.js
#   assets/passi.js                      → <dir>/passi.min.js (htmx and the form in steps)
# <dir> is static/portale/dist (committed: `make assets`) or a temporary folder (`make
# assets-check`, in `make lint`: the committed files must be the build of the sources).
set -euo pipefail
cd "$(dirname "$0")/.."
uscita="${1:-static/portale/dist}"
bin=node_modules/.bin
for programma in sass esbuild; do
  [ -x "$bin/$programma" ] || { echo "manca $bin/$programma: esegui npm ci (make setup)" >&2; exit 2; }
done
versione=$(node -p 'require("./node_modules/bootstrap-italia/package.json").version')
mkdir -p "$uscita"
"$bin/sass" --no-source-map --style=compressed --quiet \
  --load-path=node_modules/bootstrap-italia/src/scss \
  assets/bootstrap-italia-portale.scss "$uscita/bootstrap-italia.min.css"
"$bin/esbuild" assets/bootstrap-italia-portale.js --bundle --minify --format=iife --target=es2020 \
  --log-level=warning --charset=utf8 \
  --banner:js="/*! Bootstrap Italia $versione (BSD-3-Clause, https://github.com/italia/bootstrap-italia) with plugins of Bootstrap 5 (MIT) and Popper 2 (MIT): only what assets/bootstrap-italia-portale.js imports */" \
  --outfile="$uscita/bootstrap-italia.min.js"
"$bin/esbuild" assets/passi.js --bundle --minify --format=iife --target=es2020 \
  --log-level=warning --charset=utf8 \
  --banner:js="/*! htmx $(node -p 'require("./node_modules/htmx.org/package.json").version') (0BSD, https://htmx.org) and the form in steps of the portal */" \
  --outfile="$uscita/passi.min.js"
