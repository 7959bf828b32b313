'use strict';

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

const sameList = (a, b) => JSON.stringify([...(a || [])].sort()) === JSON.stringify([...(b || [])].sort());

/**
 * When SIDECAR_WEBHOOK_URL is set, a webhook named "gurumisha-sidecar" posts entry and
 * media events there (created or updated); the shared secret header comes from
 * config/server.js webhooks.defaultHeaders.
 */
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
    return;
  }
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

module.exports = { ensureSidecarWebhook, WEBHOOK_NAME, WEBHOOK_EVENTS };
