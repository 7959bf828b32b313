'use strict';

/**
 * Strapi's Preview button opens the draft in the storefront:
 *
 *   {STOREFRONT_URL}/api/preview?secret={PREVIEW_SECRET}&uid={uid}&documentId={id}&locale={en|sw}&slug={slug}
 *
 * The storefront checks the secret, turns on Next.js draft mode and redirects to the
 * page (/articles/{slug}, /{slug}, or / for a banner; under /sw for Swahili), which
 * then reads the draft from Strapi with its read-only STRAPI_PREVIEW_TOKEN. Banners
 * have no slug: the parameter is left out.
 */
const { ARTICLE, PAGE, BANNER } = require('./content-types');

const PREVIEWED = new Set([ARTICLE, PAGE, BANNER]);

/** The preview URL of one document version, or null for types without preview. */
const previewUrl = ({ storefrontUrl, secret, uid, documentId, locale, slug }) => {
  if (!PREVIEWED.has(uid) || !storefrontUrl || !documentId) return null;
  const url = new URL('/api/preview', storefrontUrl);
  url.searchParams.set('secret', secret || '');
  url.searchParams.set('uid', uid);
  url.searchParams.set('documentId', documentId);
  url.searchParams.set('locale', locale || 'en');
  if (slug) url.searchParams.set('slug', slug);
  return url.toString();
};

/** config/admin.js `preview`: on when STOREFRONT_URL is set. */
const previewConfig = ({ storefrontUrl, secret }) => {
  if (!storefrontUrl) return { enabled: false };
  return {
    enabled: true,
    config: {
      // The admin shows the storefront in a frame: its origin joins the CSP frame-src.
      allowedOrigins: [new URL(storefrontUrl).origin],
      async handler(uid, { documentId, locale, status }) {
        if (!PREVIEWED.has(uid)) return null;
        const document = await strapi.documents(uid).findOne({
          documentId,
          locale,
          status: status === 'published' ? 'published' : 'draft',
          fields: uid === BANNER ? ['title'] : ['slug'],
        });
        if (!document) return null;
        return previewUrl({ storefrontUrl, secret, uid, documentId, locale, slug: document.slug });
      },
    },
  };
};

module.exports = { previewUrl, previewConfig, PREVIEWED };
