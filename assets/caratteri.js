// A text with a maximum length (a <textarea maxlength>, e.g. the 2,000 characters of a reason
// for exclusion, or a one-line text of at least 100, e.g. the 300 of the activity done in the
// register of hours; shorter limits are formats, a codice fiscale, not texts) says how much room is left once it is near the end, and says when the browser
// has cut a pasted text: the browser drops what does not fit without a word, and a reason
// published cut in the middle of a word was the first sign of it. The server checks the length
// anyway (and keeps the text with its message); this only makes the limit visible.

function migliaia(numero) {
  return String(numero).replace(/\B(?=(\d{3})+(?!\d))/g, '.')
}

function riga(campo) {
  let testo = campo.parentElement.querySelector(':scope > .caratteri-rimasti')
  if (!testo) {
    testo = document.createElement('p')
    testo.className = 'caratteri-rimasti form-text small mb-0'
    testo.id = `${campo.id || campo.name}-caratteri`
    testo.setAttribute('aria-live', 'polite')
    campo.insertAdjacentElement('afterend', testo)
  }
  return testo
}

function aggiorna(campo, tagliati = 0) {
  const massimo = campo.maxLength
  const scritti = campo.value.length
  if (!tagliati && scritti < massimo * 0.9 && !campo.parentElement.querySelector(':scope > .caratteri-rimasti')) return
  const testo = riga(campo)
  testo.classList.toggle('text-danger', tagliati > 0)
  if (tagliati > 0) {
    testo.textContent = `Il testo incollato non entra tutto: il massimo è di ${migliaia(massimo)} caratteri ` +
      `e ne sono rimasti fuori ${migliaia(tagliati)}. Accorcialo e incollalo di nuovo.`
  } else if (scritti >= massimo * 0.9) {
    testo.textContent = scritti >= massimo
      ? `Hai raggiunto il massimo di ${migliaia(massimo)} caratteri.`
      : `${migliaia(scritti)} caratteri su ${migliaia(massimo)}.`
  } else {
    testo.textContent = ''
  }
}

function testoConMassimo(campo) {
  if (campo instanceof HTMLTextAreaElement) return campo.maxLength >= 0
  return campo instanceof HTMLInputElement && campo.type === 'text' && campo.maxLength >= 100
}

const tagliatiDalPaste = new WeakMap()

document.addEventListener('paste', (evento) => {
  const campo = evento.target
  if (!testoConMassimo(campo)) return
  const incollato = (evento.clipboardData?.getData('text') || '').replace(/\r\n/g, '\n').length
  const spazio = campo.maxLength - campo.value.length + (campo.selectionEnd - campo.selectionStart)
  if (spazio <= 0 && incollato > 0) aggiorna(campo, incollato)  // full already: no input follows
  else tagliatiDalPaste.set(campo, Math.max(0, incollato - spazio))
})

document.addEventListener('input', (evento) => {
  const campo = evento.target
  if (!testoConMassimo(campo)) return
  aggiorna(campo, tagliatiDalPaste.get(campo) || 0)
  tagliatiDalPaste.delete(campo)
})
