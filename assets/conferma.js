// A confirmation dialog that submits the page's form (`{% conferma … modulo="…" %}`) asks
// to confirm only what can be sent: when a required field is still empty (or a value is not
// what the field accepts), the dialog says which ones and its button stays disabled, instead
// of asking «Confermi?» for a send the server will refuse. Nothing is sent from here; the
// server still checks everything, and without JavaScript the dialog is the server's page.

function nomeDelCampo(campo) {
  if (campo.type === 'radio' || campo.type === 'checkbox') {
    const legenda = campo.closest('fieldset')?.querySelector('legend')
    if (legenda) return legenda.textContent
  }
  return campo.labels?.[0]?.textContent || campo.name
}

function pulito(testo) {
  return testo.replace(/\*/g, '').replace(/\s+/g, ' ').trim()
}

// a required text made only of spaces is valid for the browser, empty for the server
function soloSpazi(campo) {
  const testo = campo instanceof HTMLTextAreaElement ||
    (campo instanceof HTMLInputElement && ['text', 'email', 'search', 'tel', 'url'].includes(campo.type))
  return testo && campo.required && campo.value !== '' && campo.value.trim() === ''
}

function daCompletare(modulo) {
  const nomi = []
  for (const campo of modulo.querySelectorAll(':invalid, [required]')) {
    if (!(campo instanceof HTMLInputElement || campo instanceof HTMLTextAreaElement ||
          campo instanceof HTMLSelectElement)) continue
    if (!campo.matches(':invalid') && !soloSpazi(campo)) continue
    const nome = pulito(nomeDelCampo(campo))
    if (nome && !nomi.includes(nome)) nomi.push(nome)
  }
  return nomi
}

document.addEventListener('show.bs.modal', (evento) => {
  const finestra = evento.target
  const conferma = finestra.querySelector('button[type="submit"][form]')
  const modulo = conferma && document.getElementById(conferma.getAttribute('form'))
  if (!modulo) return
  finestra.querySelector('.conferma-da-completare')?.remove()
  const nomi = daCompletare(modulo)
  conferma.disabled = nomi.length > 0
  if (!nomi.length) return
  const avviso = document.createElement('div')
  avviso.className = 'alert alert-warning conferma-da-completare mt-3 mb-0'
  avviso.setAttribute('role', 'alert')
  const elenco = nomi.map((n) => `«${n}»`)
  const campi = elenco.length > 1
    ? `${elenco.slice(0, -1).join(', ')} e ${elenco.at(-1)}`
    : elenco[0]
  avviso.textContent = nomi.length > 1
    ? `Prima di confermare compila i campi ${campi}: chiudi questa finestra con «Annulla» e completali.`
    : `Prima di confermare compila il campo ${campi}: chiudi questa finestra con «Annulla» e completalo.`
  finestra.querySelector('.modal-body').append(avviso)
})
