'use strict';

const { secretList } = require('../src/utils/secrets');
const cronTasks = require('./cron-tasks');

module.exports = ({ env }) => {
  const webhookSecret = env('STRAPI_WEBHOOK_SECRET');
  return {
    host: env('HOST', '0.0.0.0'),
    port: env.int('PORT', 1337),
    // Public URL of this Strapi behind a proxy or ingress, e.g. https://cms.example.co.ke
    url: env('PUBLIC_URL', ''),
    proxy: env.bool('IS_PROXIED', false),
    app: {
      keys: secretList(env, 'APP_KEYS'),
    },
    webhooks: {
      // Sent with every webhook POST; the sidecar compares it in constant time.
      // It lives here (environment) rather than in the webhook row, so the secret is
      // neither stored in the database nor shown in the admin panel.
      defaultHeaders: webhookSecret ? { 'X-Gurumisha-Webhook-Secret': webhookSecret } : {},
      // Relations are not expanded in webhook bodies: the sidecar re-reads the
      // document through the REST API with populate.
      populateRelations: env.bool('WEBHOOKS_POPULATE_RELATIONS', false),
    },
    // Scheduled publishing (src/scheduling): publish_at / unpublish_at, every minute.
    cron: {
      enabled: env.bool('CMS_SCHEDULE_ENABLED', true),
      tasks: cronTasks({ env }),
    },
    logger: {
      // No outbound update check (the only outbound call besides telemetry).
      updates: { enabled: false },
      startup: { enabled: env.bool('STRAPI_STARTUP_BANNER', true) },
    },
  };
};
