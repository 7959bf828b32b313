'use strict';

/**
 * Slugs: the URL part of articles, pages, makes and models.
 *
 * Strapi 5's admin pre-fills a new entry's slug with the content type's name
 * ("article", "vehicle-make", or "article-1" once that is taken) until the editor
 * presses Regenerate (strapi/strapi#21472). Such a slug, or none, counts as missing:
 * it is generated from the title or name, unique within the locale.
 */

/** "Kuagiza gari kutoka Japani: hatua 5" -> "kuagiza-gari-kutoka-japani-hatua-5" */
const slugify = (value) =>
  String(value || '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True for no slug, or the admin's placeholder: the type's name with an optional -N. */
const isPlaceholderSlug = (slug, modelName) =>
  slug === undefined ||
  slug === null ||
  String(slug).trim() === '' ||
  new RegExp(`^${escape(modelName)}(-\\d+)?$`).test(String(slug).trim());

/**
 * The first of `base`, `base-1`, `base-2`... that no other document uses in this
 * locale (drafts and published versions alike). `taken` lists the slugs in use.
 */
const firstFree = (base, taken) => {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 1; ; n += 1) {
    const candidate = `${base}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
};

module.exports = { slugify, isPlaceholderSlug, firstFree };
