import 'server-only';

/**
 * The storefront's settings, read from the environment at run time (one build serves
 * every environment). Only server code reads them; what the browser needs is passed
 * down as props.
 */
export const settings = {
  /** The sidecar, for server-side reads and the /v1 proxy. */
  get apiUrl(): string {
    return (process.env.GURUMISHA_API_URL || 'http://127.0.0.1:8000').replace(/\/+$/, '');
  },
  /** Strapi's public REST API; unset: content sections are empty. */
  get strapiUrl(): string | null {
    const value = process.env.STRAPI_URL;
    return value ? value.replace(/\/+$/, '') : null;
  },
  /** Must equal the sidecar's FRONTEND_REVALIDATE_SECRET; unset refuses every request. */
  get revalidateSecret(): string | null {
    return process.env.REVALIDATE_SECRET || null;
  },
  /** Shared with Strapi's preview button; unset refuses every preview. */
  get previewSecret(): string | null {
    return process.env.PREVIEW_SECRET || null;
  },
  /** A read-only Strapi API token for drafts in preview mode. */
  get strapiPreviewToken(): string | null {
    return process.env.STRAPI_PREVIEW_TOKEN || null;
  },
  /** Stripe Elements for card payments; unset: card only when payments are simulated. */
  get stripePublishableKey(): string | null {
    return process.env.STRIPE_PUBLISHABLE_KEY || null;
  },
  /** The sidecar simulates payments (PAYMENTS_SIMULATED, the dev default). */
  get paymentsSimulated(): boolean {
    return (process.env.PAYMENTS_SIMULATED || '').toLowerCase() === 'true';
  },
  /** The site's public origin, for canonical URLs, the sitemap and Open Graph. */
  get siteUrl(): string {
    return (process.env.SITE_URL || `http://127.0.0.1:${process.env.PORT || '3000'}`).replace(
      /\/+$/,
      '',
    );
  },
};
