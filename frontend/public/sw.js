/* Gurumisha Motors service worker: an offline page, and static assets from cache.
 * Pages always come from the network (prices and availability change); when the
 * network fails, the last copy of that page is shown, else the offline page in the
 * visitor's language. The API (/v1) and route handlers (/api) are never touched. */
const VERSION = 'gm-v1';
const OFFLINE = { en: '/offline', sw: '/sw/offline' };
const PRECACHE = [OFFLINE.en, OFFLINE.sw, '/icons/icon-192.png', '/icons/icon.svg'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(VERSION).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== VERSION).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

function offlinePageFor(url) {
  return url.pathname === '/sw' || url.pathname.startsWith('/sw/') ? OFFLINE.sw : OFFLINE.en;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/v1/') || url.pathname.startsWith('/api/')) return;

  if (url.pathname.startsWith('/_next/static/') || url.pathname.startsWith('/icons/')) {
    // Content-hashed file names: a cached copy is always right.
    event.respondWith(
      caches.match(request).then(
        (cached) =>
          cached ||
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              caches.open(VERSION).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
    return;
  }

  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok && !url.pathname.includes('/account') && !url.pathname.includes('/checkout')) {
            const copy = response.clone();
            caches.open(VERSION).then((cache) => cache.put(request, copy));
          }
          return response;
        })
        .catch(() =>
          caches.match(request).then((cached) => cached || caches.match(offlinePageFor(url))),
        ),
    );
  }
});
