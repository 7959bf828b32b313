'use strict';

const { CONTENT_TYPES, COMPONENTS } = require('../editing-guide');

/**
 * Applies src/editing-guide.js to the Content Manager's stored view configuration:
 * labels, hints and placeholders, list columns, the edit form's order, the main field.
 * Anything the guide does not mention keeps what Strapi generated.
 */
const editLayout = (rows) => rows.map((row) => row.map(([name, size]) => ({ name, size })));

const merged = (configuration, guide) => {
  const metadatas = { ...configuration.metadatas };
  for (const [field, text] of Object.entries(guide.fields)) {
    const current = metadatas[field];
    if (!current) continue; // not an attribute (yet): nothing to label
    const { label, description, placeholder, mainField } = text;
    const edit = { ...current.edit, label };
    if (description !== undefined) edit.description = description;
    if (placeholder !== undefined) edit.placeholder = placeholder;
    if (mainField !== undefined) edit.mainField = mainField;
    const list = current.list ? { ...current.list, label } : current.list;
    metadatas[field] = { ...current, edit, list };
  }
  const layouts = { ...configuration.layouts, edit: editLayout(guide.edit) };
  if (guide.list) layouts.list = guide.list;
  return {
    settings: { ...configuration.settings, ...guide.settings },
    metadatas,
    layouts,
  };
};

/** Every attribute the form should show is placed: a forgotten one would vanish. */
const missingFromLayout = (schema, guide) => {
  const placed = new Set(guide.edit.flat().map(([name]) => name));
  const automatic = new Set(['createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations', 'documentId', 'id']);
  return Object.keys(schema.attributes).filter((name) => !placed.has(name) && !automatic.has(name));
};

async function applyEditingGuide(strapi) {
  const plugin = strapi.plugin('content-manager');
  const sections = [
    [plugin.service('content-types'), CONTENT_TYPES, (uid) => strapi.contentType(uid)],
    [plugin.service('components'), COMPONENTS, (uid) => strapi.components[uid]],
  ];
  for (const [service, guides, schemaOf] of sections) {
    for (const [uid, guide] of Object.entries(guides)) {
      const schema = schemaOf(uid);
      if (!schema) {
        strapi.log.warn(`[gurumisha] editing guide: no ${uid}`);
        continue;
      }
      const missing = missingFromLayout(schema, guide);
      if (missing.length > 0) {
        throw new Error(`src/editing-guide.js: ${uid} does not place ${missing.join(', ')} in its form`);
      }
      const configuration = await service.findConfiguration(schema);
      await service.updateConfiguration(schema, merged(configuration, guide));
    }
  }
}

module.exports = { applyEditingGuide };
