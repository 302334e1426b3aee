// A page with several forms (`data-avvisa-uscita` on each): sending one reloads the page, and
// what was typed in the others would be lost; the browser asks first. The form being sent
// keeps its data (the server answers with it), so only the others count.
let inviato = null
document.addEventListener('submit', (evento) => { inviato = evento.target })

function modificato(modulo) {
  return [...modulo.elements].some((campo) => {
    if (['hidden', 'submit', 'button', 'reset'].includes(campo.type)) return false
    if (campo.type === 'checkbox' || campo.type === 'radio') return campo.checked !== campo.defaultChecked
    if (campo.type === 'file') return campo.files.length > 0
    if (campo instanceof HTMLSelectElement) {
      if (campo.multiple) return [...campo.options].some((o) => o.selected !== o.defaultSelected)
      return campo.selectedIndex !== Math.max(0, [...campo.options].findIndex((o) => o.defaultSelected))
    }
    return 'defaultValue' in campo && campo.value !== campo.defaultValue
  })
}

window.addEventListener('beforeunload', (evento) => {
  const moduli = [...document.querySelectorAll('form[data-avvisa-uscita]')]
  const escluso = inviato
  // if the person stays (the question answered «Annulla»), the form sent counts again: what is
  // typed in it afterwards must be protected like the rest
  setTimeout(() => { inviato = null }, 0)
  if (!moduli.some((modulo) => modulo !== escluso && modificato(modulo))) return
  evento.preventDefault()
  evento.returnValue = '' // older browsers show their own message only with this set
})
// back to the page from the browser's cache: nothing is being sent
window.addEventListener('pageshow', () => { inviato = null })
