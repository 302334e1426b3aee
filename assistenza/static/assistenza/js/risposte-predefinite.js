// «Risposte predefinite»: choosing one fills the reply's text (the Supporto can still edit it).
(function () {
  var dati = document.getElementById("testi-risposte-predefinite");
  var scelta = document.getElementById("id_risposta_predefinita");
  var testo = document.getElementById("id_testo");
  if (!dati || !scelta || !testo) { return; }
  var testi = JSON.parse(dati.textContent);
  var conJavascript = document.getElementById("id_con_javascript");
  if (conJavascript) { conJavascript.value = "1"; }  // an emptied text stays empty
  scelta.addEventListener("change", function () {
    if (testi[scelta.value]) { testo.value = testi[scelta.value]; testo.focus(); }
  });
})();
