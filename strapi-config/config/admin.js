'use strict';

const { secret } = require('../src/utils/secrets');

module.exports = ({ env }) => {
  const encryptionKey = env('ENCRYPTION_KEY');
  return {
    // false: API-only process (no admin build needed), e.g. test runs and API replicas.
    serveAdminPanel: env.bool('STRAPI_SERVE_ADMIN', true),
    auth: {
      secret: secret(env, 'ADMIN_JWT_SECRET'),
    },
    apiToken: {
      salt: secret(env, 'API_TOKEN_SALT'),
    },
    transfer: {
      token: {
        salt: secret(env, 'TRANSFER_TOKEN_SALT'),
      },
    },
    // Optional: lets admins view API tokens again after creation.
    ...(encryptionKey ? { secrets: { encryptionKey } } : {}),
    flags: {
      nps: false,
      promoteEE: false,
    },
  };
};
