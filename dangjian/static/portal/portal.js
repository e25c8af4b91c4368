/* 党员服务: register the service worker that shows the offline page when the intranet is down.
   It caches the offline page and static files only, never member data (see portal/pwa.py). */
(function () {
  if (!("serviceWorker" in navigator)) return;
  var script = document.querySelector("script[data-sw]");
  if (!script) return;
  navigator.serviceWorker.register(script.getAttribute("data-sw"), { scope: script.getAttribute("data-scope") })
    .then(function () { document.documentElement.setAttribute("data-sw", "registered"); })
    .catch(function () { document.documentElement.setAttribute("data-sw", "failed"); });
})();
