'use strict';

const { slugify, isPlaceholderSlug, firstFree } = require('../utils/slugs');

// Content types with a `slug`, and the field it is made from.
const SLUG_SOURCES = {
  'api::article.article': 'title',
  'api::page.page': 'title',
  'api::vehicle-make.vehicle-make': 'name',
  'api::vehicle-model.vehicle-model': 'name',
};

const isLocalized = (uid) => Boolean(strapi.getModel(uid)?.pluginOptions?.i18n?.localized);

const localeOf = async (uid, params) => {
  if (!isLocalized(uid)) return undefined;
  if (typeof params.locale === 'string' && params.locale !== '*') return params.locale;
  return strapi.plugin('i18n').service('locales').getDefaultLocale();
};

/** A slug for `source` that no other document of `uid` uses in `locale`. */
const uniqueSlug = async (uid, source, { locale, documentId }) => {
  const base = slugify(source);
  if (!base) return undefined;
  const where = { slug: { $startsWith: base } };
  if (locale) where.locale = locale;
  if (documentId) where.documentId = { $ne: documentId };
  const rows = await strapi.db.query(uid).findMany({ where, select: ['slug'] });
  return firstFree(
    base,
    rows.map((row) => row.slug)
  );
};

/**
 * Fills `data.slug` when it is missing or the admin's placeholder (see utils/slugs.js),
 * on create and on update (an update may add a locale, or carry the placeholder the
 * admin kept from creation).
 */
const fillSlug = async (context) => {
  const { uid, action } = context;
  const sourceField = SLUG_SOURCES[uid];
  const params = context.params || {};
  const data = params.data;
  if (!sourceField || !data || (action !== 'create' && action !== 'update')) return;

  const modelName = strapi.getModel(uid).modelName;
  if ('slug' in data && !isPlaceholderSlug(data.slug, modelName)) return;

  const locale = await localeOf(uid, params);
  let source = data[sourceField];
  if (action === 'update' && params.documentId) {
    const where = { documentId: params.documentId, publishedAt: null };
    if (locale) where.locale = locale;
    const stored = await strapi.db
      .query(uid)
      .findOne({ where, select: ['slug', sourceField] });
    // A slug the editor or this code set before stays, unless the admin resends a placeholder.
    if (stored && !('slug' in data) && !isPlaceholderSlug(stored.slug, modelName)) return;
    if (source === undefined && stored) source = stored[sourceField];
  }
  const slug = await uniqueSlug(uid, source, { locale, documentId: params.documentId });
  if (slug) data.slug = slug;
};

module.exports = { fillSlug, SLUG_SOURCES };
