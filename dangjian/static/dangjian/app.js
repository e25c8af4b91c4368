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
