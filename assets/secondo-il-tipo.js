// Fields that only some kinds of element need: a criterion's «Fasce di voto» only for a degree
// mark, its «Punti» only for a fixed or per-unit score, a field's «Opzioni» only for a list.
// The form marks each with data-mostra-se="tipo:fisso per_unita" (the field that decides, a
// colon, the values that show it); the others are hidden until that field takes one of those
// values. A value typed stays in the hidden field, and a field the server marked wrong is never
// hidden. Without JavaScript every field shows, as before.
function guida(form, nome) {
  return [...form.elements].find((e) => e.name === nome || e.name.endsWith('-' + nome))
}

function aggiorna(form) {
  for (const campo of form.querySelectorAll('[data-mostra-se]')) {
    const [nome, valori] = campo.dataset.mostraSe.split(':')
    const scelta = guida(form, nome)
    const contenitore = campo.closest('[id^="div_id_"]')
    if (!scelta || !contenitore) continue
    const errato = contenitore.querySelector('[aria-invalid="true"], .is-invalid')
    contenitore.hidden = !errato && !valori.split(' ').includes(scelta.value)
  }
}

for (const form of document.querySelectorAll('form')) {
  if (form.querySelector('[data-mostra-se]')) {
    aggiorna(form)
    form.addEventListener('change', () => aggiorna(form))
  }
}
