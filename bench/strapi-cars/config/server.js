'use strict';

module.exports = ({ env }) => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 1338),
  app: { keys: env.array('APP_KEYS', ['bench-app-key-1', 'bench-app-key-2']) },
  logger: { updates: { enabled: false }, startup: { enabled: false } },
});
