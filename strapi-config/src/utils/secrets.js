'use strict';

/**
 * Secrets come only from the environment.
 *
 * Config files fall back to a fixed, clearly-insecure value when a secret is missing, so
 * `npm run develop` works without a .env file (tokens survive restarts) and
 * `npm run build` (which loads the config) needs no secrets. Outside production a
 * warning is printed. In production (NODE_ENV=production) `assertProductionSecrets`,
 * called from src/index.js register(), stops the start before anything is served,
 * naming every missing variable.
 */

const DEV_PREFIX = 'dev-only-insecure-';
const PLACEHOLDERS = new Set(['', 'tobemodified', 'changeme', 'change-me', 'secret', 'toBeModified']);
const warned = new Set();

const isProduction = () => process.env.NODE_ENV === 'production';

const isUnsafe = (value) =>
  value === undefined ||
  value === null ||
  PLACEHOLDERS.has(String(value).trim()) ||
  PLACEHOLDERS.has(String(value).trim().toLowerCase()) ||
  String(value).startsWith(DEV_PREFIX);

const fallback = (name) => {
  if (!isProduction() && !warned.has(name)) {
    warned.add(name);
    // The Strapi logger does not exist yet while config files load.
    console.warn(`[gurumisha] ${name} is not set: using an insecure development value`);
  }
  return `${DEV_PREFIX}${name.toLowerCase()}`;
};

/** One secret string. */
const secret = (env, name) => {
  const value = env(name);
  if (isUnsafe(value)) {
    return fallback(name);
  }
  return value;
};

/** A comma-separated list of secrets (APP_KEYS). */
const secretList = (env, name) => {
  const values = env.array(name, []).filter((v) => !isUnsafe(v));
  if (values.length === 0) {
    const dev = fallback(name);
    return [`${dev}-1`, `${dev}-2`];
  }
  return values;
};

// Where each secret ends up in Strapi's configuration.
const SECRET_PATHS = {
  APP_KEYS: 'server.app.keys',
  ADMIN_JWT_SECRET: 'admin.auth.secret',
  API_TOKEN_SALT: 'admin.apiToken.salt',
  TRANSFER_TOKEN_SALT: 'admin.transfer.token.salt',
  JWT_SECRET: 'plugin::users-permissions.jwtSecret',
};

/** In production, refuse to start with a missing or placeholder secret. */
const assertProductionSecrets = (strapi) => {
  if (!isProduction()) return;
  const missing = Object.entries(SECRET_PATHS)
    .filter(([, configPath]) => {
      const value = strapi.config.get(configPath);
      const values = Array.isArray(value) ? value : [value];
      return values.length === 0 || values.some(isUnsafe);
    })
    .map(([name]) => name);
  // Previews carry the secret the storefront checks: without it anyone could read drafts.
  if (process.env.STOREFRONT_URL && isUnsafe(process.env.PREVIEW_SECRET)) {
    missing.push('PREVIEW_SECRET');
  }
  if (missing.length > 0) {
    throw new Error(
      `Unsafe production settings: set ${missing.join(', ')} to strong random values ` +
        `(e.g. node -e "console.log(require('crypto').randomBytes(32).toString('base64'))")`
    );
  }
};

module.exports = { secret, secretList, isProduction, assertProductionSecrets };
