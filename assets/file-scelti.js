// Files checked as soon as they are chosen, before any upload: a file of a type the field does
// not accept (its `accept`), larger than the portal's limit (data-massimo-byte) or beyond the
// number allowed (data-massimo-file) is dropped from the choice and the page says why, while the
// other files stay chosen. Without this, the server refused the whole send and the browser
// forgot every file chosen. The server still checks everything, by content
// (portale.documenti.verifica_file); the attributes are written by CampoDocumento.

function dimensione(byte) {
  // as portale.documenti.descrivi_dimensione: «10 MB», «1,5 MB», «2 KB», «609 byte»
  for (const [unita, fattore] of [['MB', 1024 * 1024], ['KB', 1024]]) {
    if (byte >= fattore) {
      const valore = (byte / fattore).toFixed(1).replace(/\.0$/, '').replace('.', ',')
      return `${valore} ${unita}`
    }
  }
  return `${byte} byte`
}

function elenco(parole) {
  return parole.length > 1 ? `${parole.slice(0, -1).join(', ')} o ${parole.at(-1)}` : parole[0]
}

function scarti(campo) {
  const estensioni = (campo.getAttribute('accept') || '').split(',')
    .map((e) => e.trim().toLowerCase()).filter((e) => e.startsWith('.'))
  const massimo = Number(campo.dataset.massimoByte || 0)
  const massimoFile = Number(campo.dataset.massimoFile || (campo.multiple ? 0 : 1))
  const tenuti = []
  const motivi = []
  for (const file of campo.files) {
    const nome = file.name.toLowerCase()
    let motivo = ''
    if (estensioni.length && !estensioni.some((e) => nome.endsWith(e))) {
      const tipi = [...new Set(estensioni.map((e) => (e === '.jpg' ? 'JPEG' : e.slice(1).toUpperCase())))]
      motivo = `non è di un tipo ammesso (${elenco(tipi)})`
    } else if (file.size === 0) {
      motivo = 'è vuoto'
    } else if (massimo && file.size > massimo) {
      motivo = `pesa ${dimensione(file.size)}, oltre il massimo di ${dimensione(massimo)}`
    } else if (massimoFile && tenuti.length >= massimoFile) {
      motivo = `supera il numero massimo di file (${massimoFile})`
    }
    if (motivo) motivi.push(`«${file.name}» ${motivo}.`)
    else tenuti.push(file)
  }
  return { tenuti, motivi }
}

function descrittori(campo) {
  return (campo.getAttribute('aria-describedby') || '').split(' ').filter(Boolean)
}

// The box of the dropped files, after the field's help text; in the field's description only
// while it is shown (a hidden one would still be read).
function avviso(campo, id) {
  let riquadro = document.getElementById(id)
  if (!riquadro) {
    riquadro = document.createElement('div')
    riquadro.id = id
    riquadro.className = 'alert alert-warning mt-2 mb-0'
    riquadro.setAttribute('role', 'alert')
    const aiuto = descrittori(campo).map((d) => document.getElementById(d))
      .find((e) => e && e.parentElement === campo.parentElement)
    ;(aiuto || campo).insertAdjacentElement('afterend', riquadro)
  }
  if (!descrittori(campo).includes(id)) {
    campo.setAttribute('aria-describedby', [...descrittori(campo), id].join(' '))
  }
  return riquadro
}

function nascondi(campo, id) {
  const riquadro = document.getElementById(id)
  if (!riquadro) return
  riquadro.hidden = true
  riquadro.replaceChildren()
  const rimasti = descrittori(campo).filter((d) => d !== id)
  if (rimasti.length) campo.setAttribute('aria-describedby', rimasti.join(' '))
  else campo.removeAttribute('aria-describedby')
}

document.addEventListener('change', (evento) => {
  const campo = evento.target
  if (!(campo instanceof HTMLInputElement) || campo.type !== 'file') return
  const { tenuti, motivi } = scarti(campo)
  const id = `${campo.id || campo.name}-file-scartati`
  if (!motivi.length) {
    nascondi(campo, id)
    return
  }
  try {
    const scelti = new DataTransfer()
    tenuti.forEach((file) => scelti.items.add(file))
    campo.files = scelti.files
  } catch {
    campo.value = '' // a browser without DataTransfer: nothing chosen rather than a refused send
    tenuti.length = 0
  }
  const riquadro = avviso(campo, id)
  const restano = tenuti.length
    ? `Restano scelti: ${tenuti.map((f) => `«${f.name}»`).join(', ')}.`
    : `Nessun file scelto: scegline ${campo.multiple ? 'altri' : 'un altro'}.`
  let titolo = `${motivi.length} file non sono stati aggiunti:`
  if (!campo.multiple) titolo = 'Il file scelto non è stato accettato:'
  else if (motivi.length === 1) titolo = 'Un file non è stato aggiunto:'
  riquadro.replaceChildren(
    Object.assign(document.createElement('p'), { className: 'mb-1', textContent: titolo }),
    Object.assign(document.createElement('ul'), { className: 'mb-1' }),
    Object.assign(document.createElement('p'), { className: 'mb-0', textContent: restano }),
  )
  const lista = riquadro.querySelector('ul')
  motivi.forEach((m) => lista.append(Object.assign(document.createElement('li'), { textContent: m })))
  riquadro.hidden = false
})
