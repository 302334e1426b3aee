// Live importo of a scheda: ore × tariffa (lordo dipendente, or omnicomprensivo with a rate
// typed in) and × (1 + the CCNL rate's own aliquota), e.g. × 1,327 (lordo stato). In integer cents, as the server's Decimal: in floating
// point 385 × 132,7 is 51089,4999… and gave 510,89 € where the server writes 510,90 €. Only
// values the server accepts give an amount: the bounds are the form's, read from the page
// (data-ore-massime, data-compenso-massimo, data-decimali), not written here a second time.
(function () {
  var form = document.getElementById("form-scheda");
  if (!form) { return; }
  var tariffe = JSON.parse(form.dataset.tariffe || "{}");
  // "always": Italian leaves four-digit numbers ungrouped by default (1021,79 €), the
  // portal's pages write 1.021,79 € (portale's formato filters)
  var euro = new Intl.NumberFormat("it-IT", { style: "currency", currency: "EUR", useGrouping: "always" });
  var intero = new Intl.NumberFormat("it-IT", { useGrouping: "always" });
  var decimali = parseInt(form.dataset.decimali || "2", 10);
  // read as the server reads it (portale.formato.da_testo): «1.250,50» (the points group
  // thousands when a comma follows), «1.250» (thousands), «70.5»; "" nothing typed, null
  // not a number
  function testo(nome) {
    var campo = form.elements[nome];
    var scritto = campo ? String(campo.value).replace(/\s|€/g, "") : "";
    if (scritto.indexOf(",") >= 0 && scritto.lastIndexOf(".") > scritto.lastIndexOf(",")) { return null; }
    if (scritto.indexOf(",") >= 0) { scritto = scritto.replace(/\./g, "").replace(",", "."); }
    else if (/^[1-9]\d{0,2}(\.\d{3})+$/.test(scritto)) { scritto = scritto.replace(/\./g, ""); }
    if (scritto === "") { return ""; }
    return /^-?(\d+\.?\d*|\.\d+)$/.test(scritto) ? scritto : null;
  }
  // a plain decimal string as integer cents; null when it has more decimals than the column
  function centesimi(numero) {
    var parti = /^(-?)(\d*)\.?(\d*)$/.exec(numero);
    if (!parti || parti[3].replace(/0+$/, "").length > decimali) { return null; }
    var valore = parseInt(parti[2] || "0", 10) * 100 + parseInt((parti[3] + "00").slice(0, 2), 10);
    return parti[1] ? -valore : valore;
  }
  function inEuro(cent) { return euro.format(cent / 100); }  // exact below 2^53 cents
  // an aliquota («0.3270», four decimals in the table) as an integer of ten-thousandths
  function diecimillesimi(aliquota) {
    var parti = /^(\d*)\.?(\d*)$/.exec(aliquota);
    return parseInt(parti[1] || "0", 10) * 10000 + parseInt((parti[2] + "0000").slice(0, 4), 10);
  }
  var moltiplicatore = new Intl.NumberFormat("it-IT", { maximumFractionDigits: 4 });
  var oreMassime = parseInt(form.dataset.oreMassime, 10);
  var compensoMassimo = centesimi(form.dataset.compensoMassimo);
  var daControllare = centesimi(form.dataset.tariffaDaControllare);
  var fuori = {
    ore: "— (ore previste: un numero intero da 1 a " + intero.format(oreMassime) + ")",
    tariffa: "— (compenso orario: da 0,01 a " + inEuro(compensoMassimo) +
      ", al massimo due cifre dopo la virgola)"
  };
  function aggiorna() {
    var dipendente = document.getElementById("importo-lordo-dipendente");
    var stato = document.getElementById("importo-lordo-stato");
    var avvertenza = document.getElementById("importo-avvertenza");
    var ore = testo("ore_previste");
    var manuale = testo("tariffa_manuale");
    var ccnl = form.elements.tariffa && tariffe[form.elements.tariffa.value];
    // the factor said beside «Lordo Stato» is the chosen rate's: «× 1,327»
    var fattore = ccnl && manuale === "" ? diecimillesimi(ccnl.aliquota) : null;
    document.getElementById("importo-fattore").textContent =
      fattore === null ? "" : " (× " + moltiplicatore.format((10000 + fattore) / 10000) + ")";
    // an hourly rate typed in is an external expert's: the amount is omnicomprensivo
    document.getElementById("importo-etichetta").textContent =
      manuale !== "" ? "Lordo omnicomprensivo" : "Lordo dipendente";
    var oreValide = ore !== null && ore !== "" && /^\d+$/.test(ore) &&
      parseInt(ore, 10) >= 1 && parseInt(ore, 10) <= oreMassime;
    var tariffa = manuale !== "" ? (manuale === null ? null : centesimi(manuale))
      : (ccnl ? centesimi(ccnl.orario) : "");
    var tariffaValida = tariffa !== null && tariffa !== "" && tariffa > 0 && tariffa <= compensoMassimo;
    // the same second look the server asks for after «Salva», for a rate it accepts
    avvertenza.hidden = !(manuale !== "" && tariffaValida && tariffa > daControllare);
    avvertenza.textContent = avvertenza.hidden ? "" : "Il compenso orario inserito è " +
      inEuro(tariffa) + " l'ora, oltre " + inEuro(daControllare) +
      ": controlla la cifra (i centesimi si scrivono dopo la virgola, per esempio 70,50).";
    stato.textContent = "—";
    if (ore === "" || tariffa === "") { dipendente.textContent = "—"; return; }
    // a value the server refuses gives no amount, never a number
    if (!oreValide) { dipendente.textContent = fuori.ore; return; }
    if (!tariffaValida) { dipendente.textContent = fuori.tariffa; return; }
    var importo = parseInt(ore, 10) * tariffa;
    dipendente.textContent = inEuro(importo);
    // × (1 + aliquota) rounded half up, as the server's Decimal (TariffaOraria.lordo_stato);
    // at most 2.000 h × 99.999.999 cents × 20.000: below 2^53, exact
    stato.textContent = manuale !== "" ? "non applicabile (compenso omnicomprensivo)"
      : inEuro(Math.floor((importo * (10000 + fattore) + 5000) / 10000));
  }
  form.addEventListener("input", aggiorna);
  form.addEventListener("change", aggiorna);
  aggiorna();
})();
