'use strict';

const fs = require('fs');
const path = require('path');

/**
 * API tokens handed to other services without the admin panel. Both are read-only:
 * the sidecar re-reads what webhooks announce and reconciles; the storefront reads
 * drafts for preview. Neither ever writes to the CMS.
 *
 * - STRAPI_BOOTSTRAP_API_TOKEN_FILE: the sidecar's token (STRAPI_BOOTSTRAP_API_TOKEN_NAME,
 *   default "sidecar"), for its STRAPI_API_TOKEN;
 * - STRAPI_BOOTSTRAP_PREVIEW_TOKEN_FILE: the storefront's preview token
 *   (STRAPI_BOOTSTRAP_PREVIEW_TOKEN_NAME, default "storefront-preview"), for its
 *   STRAPI_PREVIEW_TOKEN.
 *
 * The file holds the token's key (mode 600). A missing file, or one holding another
 * key, gets a regenerated key (Strapi keeps only a hash, so a key cannot be read back).
 * A token of the name that is not read-only (created by an older release as
 * full-access) is made read-only.
 *
 * Strapi creates two default tokens, "Read Only" and "Full Access", on a database
 * with no admin user and no token; nobody uses them, and a full-access key nobody
 * looks after is a risk, so they are removed.
 */
const BOOTSTRAP_TOKENS = [
  {
    fileVariable: 'STRAPI_BOOTSTRAP_API_TOKEN_FILE',
    nameVariable: 'STRAPI_BOOTSTRAP_API_TOKEN_NAME',
    defaultName: 'sidecar',
    description: 'Sidecar: content sync and reconciliation, read-only (created at boot)',
  },
  {
    fileVariable: 'STRAPI_BOOTSTRAP_PREVIEW_TOKEN_FILE',
    nameVariable: 'STRAPI_BOOTSTRAP_PREVIEW_TOKEN_NAME',
    defaultName: 'storefront-preview',
    description: 'Storefront: reads drafts for preview, read-only (created at boot)',
  },
];

// Strapi's own defaults (@strapi/admin services/constants.js DEFAULT_API_TOKENS).
const STRAPI_DEFAULT_TOKENS = [
  {
    name: 'Read Only',
    description: 'A default API token with read-only permissions, only used for accessing resources',
  },
  {
    name: 'Full Access',
    description: 'A default API token with full access permissions, used for accessing or modifying resources',
  },
];

const tokenService = (strapi) =>
  strapi.service('admin::api-token-content-api') || strapi.service('admin::api-token');

async function ensureToken(strapi, { fileVariable, nameVariable, defaultName, description }) {
  const file = process.env[fileVariable];
  if (!file) return;
  const name = process.env[nameVariable] || defaultName;
  const tokens = tokenService(strapi);

  let existing = await tokens.getByName(name);
  if (existing && existing.type !== 'read-only') {
    existing = await tokens.update(existing.id, { type: 'read-only', description });
    strapi.log.info(`[gurumisha] API token "${name}" made read-only`);
  }
  let accessKey;
  if (!existing) {
    ({ accessKey } = await tokens.create({
      name,
      description,
      type: 'read-only',
      kind: 'content-api',
      lifespan: null,
    }));
    strapi.log.info(`[gurumisha] created read-only API token "${name}"`);
  } else {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
    const match = current ? await tokens.getByAccessKey(tokens.hash(current)) : null;
    if (match && String(match.id) === String(existing.id)) {
      return; // the file already holds this token's key
    }
    ({ accessKey } = await tokens.regenerate(existing.id));
    strapi.log.info(`[gurumisha] regenerated API token "${name}" (key file missing or stale)`);
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${accessKey}\n`, { mode: 0o600 });
  strapi.log.info(`[gurumisha] wrote API token "${name}" to ${fileVariable}`);
}

async function removeStrapiDefaultTokens(strapi) {
  const tokens = tokenService(strapi);
  for (const { name, description } of STRAPI_DEFAULT_TOKENS) {
    const token = await tokens.getByName(name);
    if (token && token.description === description) {
      await tokens.revoke(token.id);
      strapi.log.info(`[gurumisha] removed Strapi's default API token "${name}"`);
    }
  }
}

async function ensureApiTokens(strapi) {
  await removeStrapiDefaultTokens(strapi);
  for (const spec of BOOTSTRAP_TOKENS) {
    await ensureToken(strapi, spec);
  }
}

module.exports = { ensureApiTokens };
