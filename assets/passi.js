// The application form in steps, one request per step (issue 19): with JavaScript, a step's
// buttons send the form with htmx (pinned in package.json) and the answer — the next step, the
// same step with its errors, the summary — replaces <main>; the server says which address the
// page now has (HX-Push-Url), so Back, reload and bookmarks work as without JavaScript.
// Without JavaScript the same form posts and follows the redirect (two requests a step).
// Built by `make assets` into static/portale/dist/passi.min.js.
import htmx from 'htmx.org'

Object.assign(htmx.config, {
  allowEval: false,            // CSP without 'unsafe-eval'; no hx-on attributes here
  includeIndicatorStyles: false,
  historyCacheSize: 0,         // no copy of the candidate's data in localStorage
  refreshOnHistoryMiss: true,  // Back reloads the step from the server
  selfRequestsOnly: true,
  // every answer replaces <main>: a refusal (429, 403) or an error page tells why
  responseHandling: [{ code: '204', swap: false }, { code: '...', swap: true }],
})

const ESCLUSI = ['select', 'input[type="radio"]', 'input[type="checkbox"]', 'input[type="hidden"]']

// Bootstrap Italia's Input plugin sets its labels up at DOMContentLoaded: do it for new fields.
function preparaCampi(radice) {
  const Input = window.bootstrap && window.bootstrap.Input
  if (!Input) return
  radice.querySelectorAll('input, textarea').forEach((campo) => {
    if (!ESCLUSI.some((s) => campo.matches(s))) Input.getOrCreateInstance(campo)
  })
}

document.addEventListener('htmx:afterSwap', () => {
  const principale = document.getElementById('contenuto')
  if (!principale) return
  // where a screen reader and the keyboard continue: the errors, else the step's title
  const destinazione = ['.alert-danger:not([hidden])', '.alert-warning', '#titolo-passo', 'h1']
    .map((selettore) => principale.querySelector(selettore)).find(Boolean)
  if (destinazione) {
    destinazione.setAttribute('tabindex', '-1')
    destinazione.focus({ preventScroll: true })
  }
  window.scrollTo(0, 0)
  preparaCampi(principale)
})

document.addEventListener('htmx:sendError', () => {
  const avviso = document.getElementById('passi-avviso-rete')
  if (avviso) avviso.hidden = false
})
document.addEventListener('htmx:beforeRequest', () => {
  const avviso = document.getElementById('passi-avviso-rete')
  if (avviso) avviso.hidden = true
})

// Leaving a step with changes not yet sent (a link, the stepper, closing the tab): the browser
// asks first. Every button of the step saves, so sending the form is never a loss; a swapped
// step starts clean.
let modificato = false
document.addEventListener('input', (evento) => {
  if (evento.target.closest && evento.target.closest('#modulo-passo')) modificato = true
})
document.addEventListener('change', (evento) => {
  if (evento.target.closest && evento.target.closest('#modulo-passo')) modificato = true
})
document.addEventListener('submit', () => { modificato = false })
document.addEventListener('htmx:beforeRequest', () => { modificato = false })
document.addEventListener('htmx:sendError', () => { modificato = true }) // nothing was saved
window.addEventListener('beforeunload', (evento) => {
  if (!modificato) return
  evento.preventDefault()
  evento.returnValue = '' // older browsers show their own message only with this set
})
