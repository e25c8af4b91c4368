// Small behaviours that need no framework. The tree loads a node's children once (HTMX) and
// then only shows or hides them.
document.addEventListener("click", function (event) {
  var button = event.target.closest(".tree .toggle");
  if (!button) return;
  var list = document.getElementById(button.getAttribute("aria-controls"));
  var open = button.getAttribute("aria-expanded") === "true";
  button.setAttribute("aria-expanded", open ? "false" : "true");
  button.textContent = open ? "+" : "−";
  list.hidden = open;
});

// Behaviours the templates ask for by data attribute: the pages carry no inline script, so the
// Content-Security-Policy can forbid it (script-src 'self').
document.addEventListener("click", function (event) {
  if (event.target.closest(".menu-toggle")) {
    document.querySelector(".sidebar").classList.toggle("open");
  }
  var back = event.target.closest("[data-back]");
  if (back) {
    event.preventDefault();
    history.back();
  }
  var all = event.target.closest("[data-check-all]");
  if (all) {
    document.querySelectorAll(all.getAttribute("data-check-all")).forEach(function (box) {
      if (!box.disabled) box.checked = all.checked;
    });
  }
});

// A form (or its submit button) with data-confirm asks before it is sent.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var text = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
  if (text && !window.confirm(text)) event.preventDefault();
});

// A select with data-autosubmit sends its form when changed.
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.requestSubmit();
});

// A document page opened at #c-N marks that passage.
document.addEventListener("DOMContentLoaded", function () {
  if (!location.hash) return;
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.classList.contains("doc-chunk")) target.classList.add("target");
});
