// Live importo of a scheda: ore × tariffa (lordo dipendente, or omnicomprensivo with a rate
// typed in) and × 1,327 (lordo stato).
(function () {
  var form = document.getElementById("form-scheda");
  if (!form) { return; }
  var tariffe = JSON.parse(form.dataset.tariffe || "{}");
  // "always": Italian leaves four-digit numbers ungrouped by default (1021,79 €), the
  // portal's pages write 1.021,79 € (portale's formato filters)
  var euro = new Intl.NumberFormat("it-IT", { style: "currency", currency: "EUR", useGrouping: "always" });
  function numero(nome) {
    var campo = form.elements[nome];
    var valore = campo ? parseFloat(String(campo.value).replace(",", ".")) : NaN;
    return isNaN(valore) ? null : valore;
  }
  function aggiorna() {
    var ore = numero("ore_previste");
    var ccnl = form.elements.tariffa && tariffe[form.elements.tariffa.value];
    var manuale = numero("tariffa_manuale");
    var tariffa = manuale !== null ? manuale : (ccnl ? parseFloat(ccnl) : null);
    var dipendente = document.getElementById("importo-lordo-dipendente");
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
