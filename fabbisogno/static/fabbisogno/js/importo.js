// Live importo of a scheda: ore × tariffa (lordo dipendente, or omnicomprensivo with a rate
// typed in) and × 1,327 (lordo stato).
(function () {
  var form = document.getElementById("form-scheda");
  if (!form) { return; }
  var tariffe = JSON.parse(form.dataset.tariffe || "{}");
  // "always": Italian leaves four-digit numbers ungrouped by default (1021,79 €), the
  // portal's pages write 1.021,79 € (portale's formato filters)
  var euro = new Intl.NumberFormat("it-IT", { style: "currency", currency: "EUR", useGrouping: "always" });
  var daControllare = parseFloat(form.dataset.tariffaDaControllare);
  // read as the server reads it: «1.250,50» (the points group thousands when a comma
  // follows), «1.250» (thousands), «70.5»
  function numero(nome) {
    var campo = form.elements[nome];
    var testo = campo ? String(campo.value).replace(/\s|€/g, "") : "";
    if (testo.indexOf(",") >= 0 && testo.lastIndexOf(".") > testo.lastIndexOf(",")) { return null; }
    if (testo.indexOf(",") >= 0) { testo = testo.replace(/\./g, "").replace(",", "."); }
    else if (/^[1-9]\d{0,2}(\.\d{3})+$/.test(testo)) { testo = testo.replace(/\./g, ""); }
    var valore = testo === "" || !/^-?\d*\.?\d*$/.test(testo) ? NaN : parseFloat(testo);
    return isNaN(valore) ? null : valore;
  }
  function aggiorna() {
    var ore = numero("ore_previste");
    var ccnl = form.elements.tariffa && tariffe[form.elements.tariffa.value];
    var manuale = numero("tariffa_manuale");
    var tariffa = manuale !== null ? manuale : (ccnl ? parseFloat(ccnl) : null);
    var dipendente = document.getElementById("importo-lordo-dipendente");
    var avvertenza = document.getElementById("importo-avvertenza");
    // the same second look the server asks for after «Salva»
    avvertenza.hidden = !(manuale !== null && manuale > daControllare);
    avvertenza.textContent = avvertenza.hidden ? "" : "Il compenso orario inserito è " +
      euro.format(manuale) + " l'ora, oltre " + euro.format(daControllare) +
      ": controlla la cifra (i centesimi si scrivono dopo la virgola, per esempio 70,50).";
    var stato = document.getElementById("importo-lordo-stato");
    // an hourly rate typed in is an external expert's: the amount is omnicomprensivo
    document.getElementById("importo-etichetta").textContent =
      manuale !== null ? "Lordo omnicomprensivo" : "Lordo dipendente";
    if (ore === null || tariffa === null) { dipendente.textContent = "—"; stato.textContent = "—"; return; }
    if (ore < 1 || tariffa <= 0) {  // never a negative amount: the server refuses these values
      dipendente.textContent = "— (ore e tariffa devono essere maggiori di zero)"; stato.textContent = "—"; return;
    }
    var importo = Math.round(ore * tariffa * 100) / 100;
    dipendente.textContent = euro.format(importo);
    stato.textContent = manuale !== null ? "non applicabile (compenso omnicomprensivo)" : euro.format(Math.round(importo * 132.7) / 100);
  }
  form.addEventListener("input", aggiorna);
  form.addEventListener("change", aggiorna);
  aggiorna();
})();
