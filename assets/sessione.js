// The session ends after some minutes without requests (accounts/spid/sessione.py): what a
// person is typing and has not saved would be lost at the next click. While the person types,
// the page keeps the session alive (someone typing is not away); otherwise, five minutes before
// (a fifth of the time when shorter) a warning says when it ends and offers «Resta collegato»,
// one action that extends it (WCAG 2.2.1); at the end it says so, before a click loses the text.
// The last activity is shared by the tabs of the portal (localStorage): a page used in another
// tab keeps this one's session alive as well, and its warning goes away.
const corpo = document.body
const durata = Number(corpo.dataset.sessioneInattivita || 0) * 1000
const CHIAVE = 'portale-sessione-attivita'

function ultimaAttivita () {
  const condivisa = Number(window.localStorage?.getItem(CHIAVE) || 0)
  return Math.max(condivisa, attivitaQui)
}

function registraAttivita () {
  attivitaQui = Date.now()
  try { window.localStorage.setItem(CHIAVE, String(attivitaQui)) } catch { /* private mode */ }
  aggiorna()
}

function ora (istante) {
  return new Date(istante).toLocaleTimeString('it-IT', { hour: '2-digit', minute: '2-digit' })
}

let attivitaQui = Date.now()
let avviso = null
let timer = null

function mostra (testo, { pulsante }) {
  if (!avviso) {
    avviso = document.createElement('div')
    avviso.className = 'avviso-sessione alert alert-warning shadow mb-0'
    avviso.setAttribute('role', 'alert')
    document.body.append(avviso)
  }
  avviso.replaceChildren()
  const paragrafo = document.createElement('p')
  paragrafo.className = 'mb-2'
  paragrafo.textContent = testo
  avviso.append(paragrafo)
  if (pulsante === 'rinnova') {
    const bottone = document.createElement('button')
    bottone.type = 'button'
    bottone.className = 'btn btn-primary btn-sm'
    bottone.textContent = 'Resta collegato'
    bottone.addEventListener('click', () => rinnova())
    avviso.append(bottone)
  } else {
    const link = document.createElement('a')
    link.className = 'btn btn-primary btn-sm'
    link.href = corpo.dataset.sessioneAccesso
    link.textContent = 'Accedi di nuovo'
    avviso.append(link)
  }
}

function nascondi () {
  avviso?.remove()
  avviso = null
}

function aggiorna () {
  clearTimeout(timer)
  const fine = ultimaAttivita() + durata
  const preavviso = Math.min(5 * 60 * 1000, durata / 5)
  const adesso = Date.now()
  if (adesso >= fine) {
    mostra('La sessione è scaduta per inattività: quello che hai scritto in questa pagina e ' +
      'non hai salvato non può più essere inviato. Copialo prima di accedere di nuovo.',
    { pulsante: 'accedi' })
    return
  }
  if (adesso >= fine - preavviso) {
    if (!avviso || !avviso.querySelector('button')) {
      mostra(`Per inattività la sessione scade alle ${ora(fine)}: quello che hai scritto e non ` +
        'hai salvato andrebbe perso.', { pulsante: 'rinnova' })
    }
    timer = setTimeout(aggiorna, fine - adesso)
    return
  }
  nascondi()
  timer = setTimeout(aggiorna, fine - preavviso - adesso)
}

async function rinnova ({ silenzioso = false } = {}) {
  try {
    const risposta = await fetch(corpo.dataset.sessioneRinnovo, {
      method: 'POST',
      headers: { 'X-CSRFToken': corpo.dataset.sessioneCsrf },
      credentials: 'same-origin',
      redirect: 'manual'
    })
    if (risposta.status === 204) {
      registraAttivita()
      return
    }
  } catch { /* the network: said below */ }
  if (silenzioso) return // the warning comes in its time
  attivitaQui = 0
  try { window.localStorage.removeItem(CHIAVE) } catch { /* private mode */ }
  clearTimeout(timer)
  mostra('Non è stato possibile prolungare la sessione: è già scaduta o la rete non risponde. ' +
    'Copia quello che hai scritto e non hai salvato prima di accedere di nuovo.',
  { pulsante: 'accedi' })
}

// typing, after a while without requests: the session goes on without asking
let inCorso = false
function scrive () {
  if (inCorso || Date.now() - ultimaAttivita() < Math.min(5 * 60 * 1000, durata / 5)) return
  if (Date.now() >= ultimaAttivita() + durata) return // already over: the warning says so
  inCorso = true
  rinnova({ silenzioso: true }).finally(() => { inCorso = false })
}

if (durata > 0) {
  registraAttivita()
  // a step answered by htmx is a request: the session went on
  document.addEventListener('htmx:afterRequest', registraAttivita)
  document.addEventListener('input', scrive)
  window.addEventListener('storage', (evento) => { if (evento.key === CHIAVE) aggiorna() })
  // a laptop woken from sleep: timers were frozen, the clock was not
  document.addEventListener('visibilitychange', () => { if (!document.hidden) aggiorna() })
}
