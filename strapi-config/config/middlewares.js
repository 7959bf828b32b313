'use strict';

/**
 * Standard Strapi middleware stack, with:
 * - CORS limited to CORS_ORIGINS (comma-separated) when set, '*' otherwise
 *   (the content API is read-only for the public).
 * - The S3/CDN host allowed in the admin panel's Content-Security-Policy, so media
 *   thumbnails load when the S3 provider is on.
 */
const mediaOrigins = (env) => {
  const origins = [];
  for (const name of ['S3_PUBLIC_URL', 'S3_ENDPOINT_URL']) {
    const value = env(name);
    if (value) {
      try {
        origins.push(new URL(value).origin);
      } catch {
        // ignored: not a URL
      }
    }
  }
  const bucket = env('S3_BUCKET');
  if (bucket && !env('S3_ENDPOINT_URL')) {
    const region = env('AWS_REGION', 'eu-west-1');
    origins.push(`https://${bucket}.s3.amazonaws.com`, `https://${bucket}.s3.${region}.amazonaws.com`);
  }
  return origins;
};

module.exports = ({ env }) => {
  const media = mediaOrigins(env);
  const corsOrigins = env.array('CORS_ORIGINS', []);
  return [
    'strapi::logger',
    'strapi::errors',
    {
      name: 'strapi::security',
      config: {
        contentSecurityPolicy: {
          useDefaults: true,
          directives: {
            'connect-src': ["'self'", 'https:'],
            'img-src': ["'self'", 'data:', 'blob:', ...media],
            'media-src': ["'self'", 'data:', 'blob:', ...media],
            upgradeInsecureRequests: null,
          },
        },
      },
    },
    {
      name: 'strapi::cors',
      config: {
        origin: corsOrigins.length > 0 ? corsOrigins : '*',
      },
    },
    'strapi::poweredBy',
    'strapi::query',
    'strapi::body',
    'strapi::session',
    'strapi::favicon',
    'strapi::public',
  ];
};
