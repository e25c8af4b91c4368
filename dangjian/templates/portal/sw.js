/* 智慧党建 service worker: the offline page when the intranet is down. Only the offline page and
   static files are cached; pages and data (member records, dues, notices) always come from the
   server and are never stored here. */
const CACHE = "{{ version }}";
const PRECACHE = {{ precached|safe }};
const OFFLINE = "{{ offline }}";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // A page: always from the network; the offline page only when the network fails.
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
    return;
  }
  if (PRECACHE.includes(url.pathname)) {
    // A precached static file: the network first (fresh after a deployment), else the cache.
    event.respondWith(fetch(request).catch(() => caches.match(url.pathname)));
  }
});
