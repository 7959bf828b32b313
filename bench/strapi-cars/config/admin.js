'use strict';

// Bench only: API process without the admin panel (no build needed).
module.exports = ({ env }) => ({
  serveAdminPanel: false,
  auth: { secret: env('ADMIN_JWT_SECRET', 'bench-admin-jwt-secret') },
  apiToken: { salt: env('API_TOKEN_SALT', 'bench-api-token-salt') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT', 'bench-transfer-token-salt') } },
  flags: { nps: false, promoteEE: false },
});
