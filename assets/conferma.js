// A confirmation dialog that submits the page's form (`{% conferma … modulo="…" %}`) asks
// to confirm only what can be sent: when a required field is still empty (or a value is not
// what the field accepts, «abc» for a number), the dialog says which ones and its button stays disabled, instead
// of asking «Confermi?» for a send the server will refuse. Nothing is sent from here; the
// server still checks everything, and without JavaScript the dialog is the server's page.
// Also: the keyboard stays in an open dialog (Tab and Shift+Tab go round, see the end).

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

// a number typed in a text field (portale.forms.DecimaleInItaliano, InteroInItaliano: data-numero),
// read as the server reads it (portale.formato.da_testo): «abc» is no number
const NUMERI = {
  decimale: /^\s*-?[\d\s.,€]*\d[\d\s.,€]*$/,
  intero: /^\s*-?(\d+|\d{1,3}(\.\d{3})+)\s*$/
}

function nonUnNumero(campo) {
  const forma = NUMERI[campo.dataset.numero]
  return Boolean(forma) && campo.value.trim() !== '' && !forma.test(campo.value)
}

// the fields still to fill in and those whose value the server will refuse, by their label;
// form.elements, not the form's descendants: a field may be attached from elsewhere with
// form="…" (the reason asked inside the dialog to remove a line of the hours register)
function daSistemare(modulo, finestra) {
  const vuoti = []
  const sbagliati = []
  let fuori = false
  for (const campo of modulo.elements) {
    if (!(campo instanceof HTMLInputElement || campo instanceof HTMLTextAreaElement ||
          campo instanceof HTMLSelectElement)) continue
    if (!campo.matches(':invalid, [required], [data-numero]')) continue
    const vuoto = campo.validity.valueMissing || soloSpazi(campo)
    const sbagliato = !vuoto && (campo.matches(':invalid') || nonUnNumero(campo))
    if (!vuoto && !sbagliato) continue
    const nome = pulito(nomeDelCampo(campo))
    const elenco = vuoto ? vuoti : sbagliati
    if (nome && !vuoti.includes(nome) && !sbagliati.includes(nome)) elenco.push(nome)
    if (!finestra.contains(campo)) fuori = true
  }
  return { vuoti, sbagliati, fuori }
}

function campi(nomi) {
  const elenco = nomi.map((n) => `«${n}»`)
  const testo = elenco.length > 1
    ? `${elenco.slice(0, -1).join(', ')} e ${elenco.at(-1)}`
    : elenco[0]
  return `${nomi.length > 1 ? 'i campi' : 'il campo'} ${testo}`
}

function richiesta({ vuoti, sbagliati, fuori }) {
  const cose = []
  if (vuoti.length) cose.push(`compila ${campi(vuoti)}`)
  if (sbagliati.length) cose.push(`correggi ${campi(sbagliati)}`)
  // the fields are all in this dialog: written here, no need to close it
  if (!fuori) return `Prima di confermare ${cose.join(' e ')}.`
  const tanti = vuoti.length + sbagliati.length > 1
  const verbo = !sbagliati.length ? 'completal' : !vuoti.length ? 'correggil' : 'sistemal'
  return `Prima di confermare ${cose.join(' e ')}: chiudi questa finestra con «Annulla» e ` +
    `${verbo}${tanti ? 'i' : 'o'}.`
}

// the dialog's button usable only when the form can be sent; the notice says what is missing
// (replaced only when its text changes: a screen reader hears it once, not at every key)
function aggiorna(finestra, conferma, modulo) {
  const daFare = daSistemare(modulo, finestra)
  const bloccata = daFare.vuoti.length + daFare.sbagliati.length > 0
  conferma.disabled = bloccata
  const presente = finestra.querySelector('.conferma-da-completare')
  const testo = bloccata ? richiesta(daFare) : ''
  if (presente && presente.textContent === testo) return
  presente?.remove()
  if (!bloccata) return
  const avviso = document.createElement('div')
  avviso.className = 'alert alert-warning conferma-da-completare mt-3 mb-0'
  avviso.setAttribute('role', 'alert')
  avviso.textContent = testo
  finestra.querySelector('.modal-body').append(avviso)
}

function confermaDelModulo(finestra) {
  const conferma = finestra.querySelector('button[type="submit"][form]')
  const modulo = conferma && document.getElementById(conferma.getAttribute('form'))
  return modulo ? { conferma, modulo } : null
}

document.addEventListener('show.bs.modal', (evento) => {
  const trovata = confermaDelModulo(evento.target)
  if (trovata) aggiorna(evento.target, trovata.conferma, trovata.modulo)
})

// a field written inside the dialog itself (form="…"): checked again as it is typed
document.addEventListener('input', (evento) => {
  const finestra = evento.target.closest?.('.modal')
  const trovata = finestra && confermaDelModulo(finestra)
  if (trovata && evento.target.form === trovata.modulo) {
    aggiorna(finestra, trovata.conferma, trovata.modulo)
  }
})

// Tab and Shift+Tab go round inside an open dialog. Bootstrap Italia makes everything outside
// it `inert`: from the dialog's last control the focus found nothing else in the page and left
// the document (to <body>, or the browser's own bar), where its focus trap — which acts on a
// focus landing outside the dialog — never saw it, and Esc no longer reached the dialog.
const FOCALIZZABILI = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])'

document.addEventListener('keydown', (evento) => {
  if (evento.key !== 'Tab') return
  const finestra = document.querySelector('.modal.show')
  if (!finestra) return
  const controlli = [...finestra.querySelectorAll(FOCALIZZABILI)].filter((c) =>
    !c.disabled && c.type !== 'hidden' && c.getClientRects().length > 0)
  if (!controlli.length) return
  const primo = controlli[0]
  const ultimo = controlli.at(-1)
  const attivo = document.activeElement
  const dentro = finestra.contains(attivo)
  if (evento.shiftKey && (!dentro || attivo === primo || attivo === finestra)) {
    evento.preventDefault()
    ultimo.focus()
  } else if (!evento.shiftKey && (!dentro || attivo === ultimo)) {
    evento.preventDefault()
    primo.focus()
  }
})
