'use strict';

const { errors } = require('@strapi/utils');

/**
 * Article tags: a JSON list of short strings. Accepts a list or a comma-separated
 * string, trims, lower-cases and removes duplicates; anything else is a 400.
 */
const normaliseTags = (value) => {
  if (value === undefined) return undefined;
  if (value === null || value === '') return [];
  let list = value;
  if (typeof list === 'string') list = list.split(',');
  if (!Array.isArray(list) || list.some((t) => typeof t !== 'string')) {
    throw new errors.ValidationError('tags must be a list of strings, e.g. ["safety", "imports"]', {
      errors: [{ path: ['tags'], message: 'tags must be a list of strings', name: 'ValidationError' }],
    });
  }
  const out = [];
  for (const raw of list) {
    const tag = raw.trim().toLowerCase().replace(/\s+/g, ' ');
    if (!tag) continue;
    if (tag.length > 50) {
      throw new errors.ValidationError(`tag "${tag.slice(0, 20)}..." is longer than 50 characters`);
    }
    if (!out.includes(tag)) out.push(tag);
  }
  if (out.length > 30) {
    throw new errors.ValidationError('at most 30 tags per article');
  }
  return out;
};

/**
 * Checks `from <= to` for two fields, reading the stored row when an update
 * carries only one of them.
 */
const checkOrder = async (event, fromField, toField, message) => {
  const data = event.params.data || {};
  if (!(fromField in data) && !(toField in data)) return;
  let current = {};
  if (event.action === 'beforeUpdate' && (!(fromField in data) || !(toField in data))) {
    current =
      (await strapi.db.query(event.model.uid).findOne({
        where: event.params.where,
        select: [fromField, toField],
      })) || {};
  }
  const from = fromField in data ? data[fromField] : current[fromField];
  const to = toField in data ? data[toField] : current[toField];
  if (from === null || from === undefined || to === null || to === undefined) return;
  const a = typeof from === 'number' ? from : new Date(from).getTime();
  const b = typeof to === 'number' ? to : new Date(to).getTime();
  if (a > b) {
    throw new errors.ValidationError(message, {
      errors: [{ path: [toField], message, name: 'ValidationError' }],
    });
  }
};

module.exports = { normaliseTags, checkOrder };
