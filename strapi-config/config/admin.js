'use strict';

const { secret, isProduction } = require('../src/utils/secrets');
const { previewConfig } = require('../src/preview');

module.exports = ({ env }) => {
  const encryptionKey = env('ENCRYPTION_KEY');
  const storefrontUrl = env('STOREFRONT_URL', '');
  const previewSecret = env('PREVIEW_SECRET', '');
  if (storefrontUrl && !previewSecret && !isProduction()) {
    // In production src/utils/secrets.js refuses to start without it.
    console.warn('[gurumisha] PREVIEW_SECRET is not set: the storefront will refuse previews');
  }
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
    // Preview of drafts in the storefront (src/preview.js).
    preview: previewConfig({ storefrontUrl, secret: previewSecret }),
    // No marketing in the editors' panel: no survey, no Enterprise promotion (the
    // guided tour and release notes are switched off in src/admin/app.jsx).
    flags: {
      nps: false,
      promoteEE: false,
    },
  };
};
