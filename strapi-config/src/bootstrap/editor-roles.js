'use strict';

const { ARTICLE, PAGE, VEHICLE_MAKE, VEHICLE_MODEL, FAQ, BANNER, CONTENT_TYPES } = require('../content-types');

/**
 * The Editor and Author admin roles get their permissions from here at every start
 * (this file owns them: changes made in Settings → Roles are put back at the next start).
 *
 * Strapi creates both roles on a new database, but without locales for our translated
 * types (the editor then sees "Whoops! Something went wrong") and with Editor unable
 * to publish or delete. Here:
 * - Editor: everything on all our content (create, read, update, delete, publish), in
 *   every locale, and the Media Library (upload, edit, use; no deleting files).
 * - Author: creates articles, pages, FAQs and banners, and reads and edits their own
 *   drafts, in every locale; cannot publish or delete, nor schedule (the publish_at
 *   and unpublish_at fields are left out of their field permissions: the scheduler
 *   would otherwise publish for them). Reads makes and models (to tag articles with
 *   them); uploads and edits their own media.
 */
const CM = 'plugin::content-manager.explorer';
const CREATE = `${CM}.create`;
const READ = `${CM}.read`;
const UPDATE = `${CM}.update`;
const DELETE = `${CM}.delete`;
const PUBLISH = `${CM}.publish`;
const IS_CREATOR = 'admin::is-creator';

const EDITORIAL = [ARTICLE, PAGE, FAQ, BANNER];
const SCHEDULING_FIELDS = ['publish_at', 'unpublish_at'];
const CATALOGUE = [VEHICLE_MAKE, VEHICLE_MODEL];

const ROLES = {
  'strapi-editor': {
    content: [{ actions: [CREATE, READ, UPDATE, DELETE, PUBLISH], subjects: CONTENT_TYPES }],
    upload: { own: false },
  },
  'strapi-author': {
    content: [
      { actions: [CREATE], subjects: EDITORIAL, withoutFields: SCHEDULING_FIELDS },
      { actions: [READ], subjects: EDITORIAL, conditions: [IS_CREATOR] },
      { actions: [UPDATE], subjects: EDITORIAL, conditions: [IS_CREATOR], withoutFields: SCHEDULING_FIELDS },
      { actions: [READ], subjects: CATALOGUE },
    ],
    upload: { own: true },
  },
};

// The Media Library actions Strapi's own default roles get.
const uploadPermissions = ({ own }) => {
  const conditions = own ? [IS_CREATOR] : [];
  return [
    { action: 'plugin::upload.read', conditions },
    { action: 'plugin::upload.configure-view', conditions: [] },
    { action: 'plugin::upload.assets.create', conditions: [] },
    { action: 'plugin::upload.assets.update', conditions },
    { action: 'plugin::upload.assets.download', conditions: [] },
    { action: 'plugin::upload.assets.copy-link', conditions: [] },
  ].map((p) => ({ ...p, subject: null, properties: {} }));
};

async function contentPermissions(strapi, { actions, subjects, conditions = [], withoutFields = [] }, localeCodes) {
  const { actionProvider } = strapi.service('admin::permission');
  const withFields = strapi
    .service('admin::content-type')
    .getPermissionsWithNestedFields(actions.map((id) => actionProvider.get(id)));
  const permissions = [];
  for (const permission of withFields) {
    if (!subjects.includes(permission.subject)) continue;
    const properties = { ...(permission.properties || {}) };
    if (Array.isArray(properties.fields)) {
      properties.fields = properties.fields.filter((field) => !withoutFields.includes(field));
    }
    if (await actionProvider.appliesToProperty('locales', permission.action, permission.subject)) {
      properties.locales = localeCodes;
    }
    permissions.push({
      action: permission.action,
      subject: permission.subject,
      properties,
      conditions,
    });
  }
  return permissions;
}

async function ensureEditorRoles(strapi) {
  const localeCodes = (await strapi.plugin('i18n').service('locales').find()).map((l) => l.code).sort();
  const roles = strapi.service('admin::role');
  for (const [code, spec] of Object.entries(ROLES)) {
    const role = await strapi.db.query('admin::role').findOne({ where: { code } });
    if (!role) {
      strapi.log.warn(`[gurumisha] admin role ${code} not found: its permissions were not set`);
      continue;
    }
    const permissions = [];
    for (const group of spec.content) {
      permissions.push(...(await contentPermissions(strapi, group, localeCodes)));
    }
    permissions.push(...uploadPermissions(spec.upload));
    await roles.assignPermissions(role.id, permissions);
  }
}

module.exports = { ensureEditorRoles, ROLES };
