// A form the server sent back with errors (the page reloads with them, Django marks each wrong
// field aria-invalid and links its message with aria-describedby): the keyboard and a screen
// reader start where the correction is — the error summary of the page if it has one, else the
// first wrong field — instead of the top of a long page, with the field scrolled into view.
// A rule across two fields (points per unit above the maximum) has no field to mark: its alert
// at the top of the form (crispy's non-field errors) is where the correction starts.
// Hidden fields (a dialog not open) are left alone; the candidate's steps do the same in passi.js.
function visibile(elemento) {
  return elemento.getClientRects().length > 0
}

function fuocoSugliErrori() {
  const principale = document.getElementById('contenuto')
  if (!principale) return
  const riepilogo = principale.querySelector('#errori-modulo') ||
    [...principale.querySelectorAll('form .alert-danger')].find(visibile)
  const campo = [...principale.querySelectorAll('[aria-invalid="true"]')].find(visibile)
  const destinazione = riepilogo && visibile(riepilogo) ? riepilogo : campo
  if (destinazione) {
    if (destinazione === riepilogo) destinazione.setAttribute('tabindex', '-1')
    destinazione.focus({ preventScroll: true })
    destinazione.scrollIntoView({ block: 'center' })
  }
}

// After the load: a form sent to an address with a fragment (the register returns at
// #registro-ore) has the browser scroll to it and reset the focus at load time.
window.addEventListener('load', () => setTimeout(fuocoSugliErrori, 0))
