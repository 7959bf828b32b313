'use strict';

const { CONTENT_TYPES } = require('../content-types');

const PUBLIC_ACTIONS = ['find', 'findOne'];

/**
 * The users-permissions Public role may `find` and `findOne` the content types the
 * site shows (published entries only, see src/middlewares/published-only.js).
 */
async function ensurePublicRead(strapi) {
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
  for (const uid of CONTENT_TYPES) {
    for (const action of PUBLIC_ACTIONS) {
      const name = `${uid}.${action}`;
      if (!have.has(name)) {
        await permissions.create({ data: { action: name, role: role.id } });
        strapi.log.info(`[gurumisha] granted Public ${name}`);
      }
    }
  }
}

module.exports = { ensurePublicRead };
