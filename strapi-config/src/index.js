'use strict';

/**
 * register: refuse unsafe secrets in production; fill missing slugs.
 *
 * Boot-time setup, all idempotent (safe on every start and on several replicas):
 *
 * 1. locales: the i18n locales from config/plugins.js (en default, sw) exist;
 * 2. public read: the users-permissions Public role may `find` and `findOne` the six
 *    content types the frontend shows (published entries only);
 * 3. sidecar webhook: when SIDECAR_WEBHOOK_URL is set, a webhook named
 *    "gurumisha-sidecar" posts entry and media events there (created or updated);
 *    the shared secret header comes from config/server.js webhooks.defaultHeaders;
 * 4. API token: when STRAPI_BOOTSTRAP_API_TOKEN_FILE is set, a full-access API token
 *    (STRAPI_BOOTSTRAP_API_TOKEN_NAME, default "sidecar") exists and its key is in
 *    that file (used by tests and first deployments to hand the sidecar a token
 *    without the admin UI).
 */

const fs = require('fs');
const path = require('path');
const { assertProductionSecrets } = require('./utils/secrets');

const WEBHOOK_NAME = 'gurumisha-sidecar';
const WEBHOOK_EVENTS = [
  'entry.create',
  'entry.update',
  'entry.delete',
  'entry.publish',
  'entry.unpublish',
  'media.create',
  'media.update',
  'media.delete',
];
const PUBLIC_CONTENT_TYPES = [
  'api::article.article',
  'api::page.page',
  'api::vehicle-make.vehicle-make',
  'api::vehicle-model.vehicle-model',
  'api::faq.faq',
  'api::banner.banner',
];
const PUBLIC_ACTIONS = ['find', 'findOne'];

const sameList = (a, b) => JSON.stringify([...(a || [])].sort()) === JSON.stringify([...(b || [])].sort());

async function ensureLocales(strapi) {
  const locales = strapi.plugin('i18n').service('locales');
  const wanted = strapi.config.get('plugin::i18n.locales', ['en', 'sw']);
  const defaultCode = strapi.config.get('plugin::i18n.defaultLocale', 'en');
  const isoLocales = strapi.plugin('i18n').service('iso-locales').getIsoLocales();
  const codes = Array.from(new Set([defaultCode, ...wanted]));

  for (const code of codes) {
    if (await locales.findByCode(code)) continue;
    const iso = isoLocales.find((l) => l.code === code);
    if (!iso) {
      strapi.log.error(`[gurumisha] unknown locale code "${code}" in CMS_LOCALES: skipped`);
      continue;
    }
    await locales.create({ code: iso.code, name: iso.name });
    strapi.log.info(`[gurumisha] created locale ${iso.code}`);
  }
  if ((await locales.getDefaultLocale()) !== defaultCode && (await locales.findByCode(defaultCode))) {
    await locales.setDefaultLocale({ code: defaultCode });
    strapi.log.info(`[gurumisha] default locale set to ${defaultCode}`);
  }
}

async function ensurePublicPermissions(strapi) {
  const role = await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'public' } });
  if (!role) {
    strapi.log.warn('[gurumisha] users-permissions Public role not found: public read not granted');
    return;
  }
  const permissions = strapi.db.query('plugin::users-permissions.permission');
  const existing = await permissions.findMany({ where: { role: role.id }, select: ['action'] });
  const have = new Set(existing.map((p) => p.action));
  for (const uid of PUBLIC_CONTENT_TYPES) {
    for (const action of PUBLIC_ACTIONS) {
      const name = `${uid}.${action}`;
      if (!have.has(name)) {
        await permissions.create({ data: { action: name, role: role.id } });
        strapi.log.info(`[gurumisha] granted Public ${name}`);
      }
    }
  }
}

async function ensureSidecarWebhook(strapi) {
  const url = process.env.SIDECAR_WEBHOOK_URL;
  if (!url) {
    strapi.log.info('[gurumisha] SIDECAR_WEBHOOK_URL not set: sidecar webhook not managed');
    return;
  }
  try {
    // eslint-disable-next-line no-new
    new URL(url);
  } catch {
    throw new Error(`SIDECAR_WEBHOOK_URL is not a valid URL: ${url}`);
  }
  const defaultHeaders = strapi.config.get('server.webhooks.defaultHeaders', {}) || {};
  if (!defaultHeaders['X-Gurumisha-Webhook-Secret']) {
    if (process.env.NODE_ENV === 'production') {
      throw new Error('STRAPI_WEBHOOK_SECRET must be set when SIDECAR_WEBHOOK_URL is set');
    }
    strapi.log.warn('[gurumisha] STRAPI_WEBHOOK_SECRET is not set: the sidecar will reject webhooks');
  }

  const store = strapi.get('webhookStore');
  const runner = strapi.get('webhookRunner');
  const wanted = { name: WEBHOOK_NAME, url, headers: {}, events: WEBHOOK_EVENTS, isEnabled: true };

  const ours = (await store.findWebhooks())
    .filter((w) => w.name === WEBHOOK_NAME)
    .sort((a, b) => Number(a.id) - Number(b.id));

  if (ours.length === 0) {
    const created = await store.createWebhook(wanted);
    runner.add(created);
    strapi.log.info(`[gurumisha] created webhook ${WEBHOOK_NAME} -> ${url}`);
  } else {
    const [keep, ...extra] = ours;
    const unchanged =
      keep.url === url &&
      keep.isEnabled === true &&
      sameList(keep.events, WEBHOOK_EVENTS) &&
      Object.keys(keep.headers || {}).length === 0;
    if (!unchanged) {
      const updated = await store.updateWebhook(keep.id, wanted);
      // Already loaded by Strapi's webhook provider before this bootstrap: refresh it.
      runner.update(updated);
      strapi.log.info(`[gurumisha] updated webhook ${WEBHOOK_NAME} -> ${url}`);
    }
    // Two replicas starting at once on an empty database can both create one.
    for (const dup of extra) {
      await store.deleteWebhook(dup.id);
      runner.remove(dup);
      strapi.log.info(`[gurumisha] removed duplicate webhook ${WEBHOOK_NAME} #${dup.id}`);
    }
  }
}

async function ensureApiToken(strapi) {
  const file = process.env.STRAPI_BOOTSTRAP_API_TOKEN_FILE;
  if (!file) return;
  const name = process.env.STRAPI_BOOTSTRAP_API_TOKEN_NAME || 'sidecar';
  const tokens = strapi.service('admin::api-token-content-api') || strapi.service('admin::api-token');

  const existing = await tokens.getByName(name);
  let accessKey;
  if (!existing) {
    ({ accessKey } = await tokens.create({
      name,
      description: 'Sidecar: content sync and reconciliation (created at boot)',
      type: 'full-access',
      kind: 'content-api',
      lifespan: null,
    }));
    strapi.log.info(`[gurumisha] created API token "${name}"`);
  } else {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
    const match = current ? await tokens.getByAccessKey(tokens.hash(current)) : null;
    if (match && String(match.id) === String(existing.id)) {
      return; // the file already holds this token's key
    }
    // The plaintext key cannot be read back: issue a new one for this file.
    ({ accessKey } = await tokens.regenerate(existing.id));
    strapi.log.info(`[gurumisha] regenerated API token "${name}" (key file missing or stale)`);
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${accessKey}\n`, { mode: 0o600 });
  strapi.log.info(`[gurumisha] wrote API token "${name}" to STRAPI_BOOTSTRAP_API_TOKEN_FILE`);
}

// Content types whose `slug` (uid) is filled from another field when a REST or
// script caller leaves it out (the admin panel fills it itself).
const SLUG_SOURCES = {
  'api::article.article': 'title',
  'api::page.page': 'title',
  'api::vehicle-make.vehicle-make': 'name',
  'api::vehicle-model.vehicle-model': 'name',
};

function registerSlugDefaults(strapi) {
  strapi.documents.use(async (context, next) => {
    const source = SLUG_SOURCES[context.uid];
    const params = context.params || {};
    const data = params.data;
    if (!source || !data || data.slug || !data[source]) {
      return next();
    }
    let isNew = context.action === 'create';
    if (context.action === 'update' && params.documentId) {
      // An update that creates a new locale of a document needs a slug too.
      const existing = await strapi.documents(context.uid).findOne({
        documentId: params.documentId,
        locale: params.locale,
        status: 'draft',
        fields: ['slug'],
      });
      isNew = !existing;
    }
    if (isNew) {
      data.slug = await strapi
        .plugin('content-manager')
        .service('uid')
        .generateUIDField({ contentTypeUID: context.uid, field: 'slug', data, locale: params.locale });
    }
    return next();
  });
}

module.exports = {
  register({ strapi }) {
    assertProductionSecrets(strapi);
    registerSlugDefaults(strapi);
  },

  async bootstrap({ strapi }) {
    await ensureLocales(strapi);
    await ensurePublicPermissions(strapi);
    await ensureSidecarWebhook(strapi);
    await ensureApiToken(strapi);
  },
};
