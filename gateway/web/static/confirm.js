// Forms with data-confirm ask before submitting (no inline handlers: the CSP forbids them).
// data-confirm-when names a radio or checkbox of the form: ask only when it is checked (the bulk
// handout asks before «Отказ», not before «Выдан»).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var message = form.getAttribute("data-confirm");
  var when = form.getAttribute("data-confirm-when");
  if (when) {
    var option = form.querySelector(when);
    if (!option || !option.checked) { return; }
  }
  if (message && !window.confirm(message)) { event.preventDefault(); }
});
