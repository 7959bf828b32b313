'use strict';

/**
 * register: refuse unsafe production settings; the rules every content write follows
 * (src/documents); the "year" custom field (an integer the admin shows as 2018,
 * not 2,018; its input is in src/admin).
 *
 * bootstrap, at every start, idempotent (safe on every start and on several replicas):
 * 1. locales: en (default) and sw exist (bootstrap/locales.js);
 * 2. public read: the Public role may read published content (bootstrap/public-read.js);
 * 3. sidecar webhook, when SIDECAR_WEBHOOK_URL is set (bootstrap/webhook.js);
 * 4. API tokens: Strapi's unused defaults removed; read-only tokens for the sidecar
 *    and the storefront's preview written to files when asked (bootstrap/api-tokens.js);
 * 5. the Editor and Author roles' permissions, in every locale (bootstrap/editor-roles.js);
 * 6. the Content Manager's labels, hints and layouts (bootstrap/content-manager.js);
 * 7. demo content, with STRAPI_SEED_DEMO=true on an empty database (bootstrap/demo-content.js).
 */

const { assertProductionSecrets } = require('./utils/secrets');
const documents = require('./documents');
const { ensureLocales } = require('./bootstrap/locales');
const { ensurePublicRead } = require('./bootstrap/public-read');
const { ensureSidecarWebhook } = require('./bootstrap/webhook');
const { ensureApiTokens } = require('./bootstrap/api-tokens');
const { ensureEditorRoles } = require('./bootstrap/editor-roles');
const { applyEditingGuide } = require('./bootstrap/content-manager');
const { seedDemoContent } = require('./bootstrap/demo-content');

module.exports = {
  register({ strapi }) {
    assertProductionSecrets(strapi);
    documents.register(strapi);
    strapi.customFields.register({ name: 'year', type: 'integer' });
  },

  async bootstrap({ strapi }) {
    await ensureLocales(strapi);
    await ensurePublicRead(strapi);
    await ensureSidecarWebhook(strapi);
    await ensureApiTokens(strapi);
    await ensureEditorRoles(strapi);
    await applyEditingGuide(strapi);
    await seedDemoContent(strapi);
  },
};
