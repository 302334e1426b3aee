// Bootstrap Italia 2.18.3, only the plugins the portal's templates use (the full bundle is
// 1 MB: carousel, video player, autocomplete, icons in JavaScript…). Built by `make assets`
// (npm `esbuild`, pinned in package.json) into static/portale/dist/bootstrap-italia.min.js.
// Each plugin registers its data-api handlers (data-bs-toggle="…") when loaded; assigning them to
// window.bootstrap keeps them in the bundle and lets a page script open a modal by hand.
//
//   init                 TrackFocus (focus ring only for keyboard users), as the full bundle
//   NavBarCollapsible    the header menu on a phone (data-bs-toggle="navbarcollapsible")
//   Dropdown             the areas of the main menu (data-bs-toggle="dropdown"; Popper)
//   Modal                confirmation dialogs (data-bs-toggle="modal")
//   Collapse, Accordion  the FAQ of «Informazioni utili» (data-bs-toggle="collapse")
//   Input                labels of .form-group fields that move when the field has a value
// and the portal's own checks: the files chosen in any file input (file-scelti.js), the
// required fields still empty when a confirmation dialog would send its form (conferma.js),
// the question before leaving a page whose other forms hold typed data (modifiche.js), the
// room left in a long text (caratteri.js), the focus on what to correct (errori.js), the
// warning before the session ends for inactivity (sessione.js), the fields that only one kind
// of criterion or form field needs (secondo-il-tipo.js).
import 'bootstrap-italia/dist/plugins/init.js'
import NavBarCollapsible from 'bootstrap-italia/dist/plugins/navbar-collapsible.js'
import Dropdown from 'bootstrap-italia/dist/plugins/dropdown.js'
import Modal from 'bootstrap-italia/dist/plugins/modal.js'
import Collapse from 'bootstrap-italia/dist/plugins/collapse.js'
import Accordion from 'bootstrap-italia/dist/plugins/accordion.js'
import Input from 'bootstrap-italia/dist/plugins/input.js'
import './file-scelti.js'
import './conferma.js'
import './modifiche.js'
import './caratteri.js'
import './errori.js'
import './sessione.js'
import './secondo-il-tipo.js'

window.bootstrap = { NavBarCollapsible, Dropdown, Modal, Collapse, Accordion, Input }
