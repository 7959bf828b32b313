'use strict';

/**
 * Preloaded by `npm run develop` (node --require). `strapi develop` runs Strapi in a
 * cluster worker; when the worker cannot start (database down, a broken schema) it
 * exits with 1 but the primary process stays idle and then exits with 0, so scripts
 * and supervisors take a failed start for success. Here the primary exits with the
 * worker's code instead. Reloads (a worker replaced after a file change) end with 0
 * and are left alone.
 */
const cluster = require('cluster');

if (cluster.isPrimary) {
  cluster.on('exit', (worker, code, signal) => {
    if (code !== 0 && code !== null) {
      console.error(`[gurumisha] Strapi did not start (worker exited with ${code}): stopping`);
      process.exit(code);
    }
    if (signal && signal !== 'SIGTERM' && signal !== 'SIGINT') {
      console.error(`[gurumisha] Strapi worker killed by ${signal}: stopping`);
      process.exit(1);
    }
  });
}
