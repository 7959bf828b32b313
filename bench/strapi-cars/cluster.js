'use strict';

/**
 * Starts this Strapi project as STRAPI_WORKERS processes sharing one port (Node's
 * cluster module, as PM2's cluster mode does), so Strapi can use every core as
 * `gurumisha serve --workers N` does. STRAPI_WORKERS=1 (the default) is plain
 * `strapi start`.
 */
const cluster = require('node:cluster');

const workers = Math.max(1, parseInt(process.env.STRAPI_WORKERS || '1', 10));

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i += 1) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    console.error(`[bench] strapi worker ${worker.process.pid} exited (${signal || code})`);
  });
  const stop = () => {
    for (const worker of Object.values(cluster.workers)) worker.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  const { createStrapi } = require('@strapi/strapi');
  createStrapi({ appDir: __dirname, distDir: __dirname }).start();
}
