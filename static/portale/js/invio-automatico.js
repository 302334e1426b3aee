// Submit the SAML form as soon as the page loads; the visible button works without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-invio-automatico]");
  if (form) { form.submit(); }
});
