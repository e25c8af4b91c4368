// The chat posts the question and renders the answer while it streams in.
(function () {
  var form = document.getElementById("ask-form");
  if (!form) return;
  var thread = document.getElementById("qa-thread");
  var button = document.getElementById("ask-button");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var box = document.createElement("div");
    box.className = "qa";
    box.innerHTML = '<div class="muted">正在检索……</div>';
    thread.appendChild(box);
    button.disabled = true;
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) { return read(response, box); })
      .catch(function () { box.innerHTML = '<div class="alert-box">网络错误，请稍后重试</div>'; })
      .finally(function () {
        button.disabled = false;
        form.reset();
        if (window.htmx) window.htmx.process(box);
        box.scrollIntoView({ block: "nearest" });
      });
  });
  function read(response, box) {
    if (!response.body) return response.text().then(function (t) { box.innerHTML = t; });
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var html = "";
    function pump() {
      return reader.read().then(function (part) {
        if (part.done) { box.innerHTML = html; return; }
        html += decoder.decode(part.value, { stream: true });
        box.innerHTML = html;
        return pump();
      });
    }
    return pump();
  }
  var question = form.querySelector("textarea");
  question.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });
})();
