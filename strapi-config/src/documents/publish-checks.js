'use strict';

const { errors } = require('@strapi/utils');

/**
 * Checks before a draft is published (drafts may be incomplete), each failing with a
 * message under the field that names what to do:
 * - images need alternative text (for screen readers and search engines);
 * - articles and pages need their search title and description (Strapi's own message
 *   for the required component is "seo must be a `object` type").
 */

// The image fields of each content type: a top-level media field, or one inside the
// SEO component.
const IMAGE_FIELDS = {
  'api::article.article': [['cover'], ['seo', 'shareImage']],
  'api::page.page': [['seo', 'shareImage']],
  'api::banner.banner': [['image']],
  'api::vehicle-make.vehicle-make': [['logo'], ['seo', 'shareImage']],
  'api::vehicle-model.vehicle-model': [['seo', 'shareImage']],
};

// Types whose SEO component is required (schema.json), with the fields it must have.
const SEO_REQUIRED = new Set(['api::article.article', 'api::page.page']);
const SEO_FIELDS = { metaTitle: 'Search title', metaDescription: 'Search description' };

const LABELS = { cover: 'Cover image', shareImage: 'Open Graph image', image: 'Image', logo: 'Logo' };

const populateFor = (uid) => {
  const fields = IMAGE_FIELDS[uid] || [];
  const populate = SEO_REQUIRED.has(uid) ? { seo: { populate: { shareImage: true } } } : {};
  for (const path of fields) {
    if (path.length === 1) populate[path[0]] = true;
    else populate[path[0]] = { populate: { [path[1]]: true } };
  }
  return populate;
};

const localeLookup = (uid, locale) => {
  if (!strapi.getModel(uid)?.pluginOptions?.i18n?.localized) return {};
  if (locale === '*') return {};
  if (Array.isArray(locale)) return { locale: { $in: locale } };
  return locale ? { locale } : null; // null: the default locale, resolved by the caller
};

/** The drafts `publish` is about to copy, with their images. */
const draftsToPublish = async (uid, params) => {
  let lookup = localeLookup(uid, params.locale);
  if (lookup === null) {
    lookup = { locale: await strapi.plugin('i18n').service('locales').getDefaultLocale() };
  }
  return strapi.db.query(uid).findMany({
    where: { documentId: params.documentId, publishedAt: null, ...lookup },
    populate: populateFor(uid),
  });
};

const seoProblems = (uid, draft) => {
  if (!SEO_REQUIRED.has(uid)) return [];
  const where = draft.locale ? ` (${draft.locale})` : '';
  return Object.entries(SEO_FIELDS)
    .filter(([field]) => !String((draft.seo && draft.seo[field]) || '').trim())
    .map(([field, label]) => ({
      path: ['seo', field],
      message: `${label}${where}: fill it in under "Search and sharing (SEO)" before publishing`,
      name: 'ValidationError',
    }));
};

/** Refuses to publish a draft without its SEO fields or with images lacking alternative text. */
const checkBeforePublish = async (uid, params) => {
  if ((!IMAGE_FIELDS[uid] && !SEO_REQUIRED.has(uid)) || !params.documentId) return;
  const problems = [];
  for (const draft of await draftsToPublish(uid, params)) {
    problems.push(...seoProblems(uid, draft));
    for (const path of IMAGE_FIELDS[uid] || []) {
      const file = path.reduce((value, key) => (value ? value[key] : undefined), draft);
      if (file && !String(file.alternativeText || '').trim()) {
        const where = draft.locale ? ` (${draft.locale})` : '';
        problems.push({
          path,
          message:
            `${LABELS[path[path.length - 1]]}${where}: add alternative text to "${file.name}" ` +
            '(Media Library, edit the image) before publishing',
          name: 'ValidationError',
        });
      }
    }
  }
  if (problems.length > 0) {
    throw new errors.ValidationError(problems.map((p) => p.message).join('; '), {
      errors: problems,
    });
  }
};

module.exports = { checkBeforePublish, IMAGE_FIELDS };
