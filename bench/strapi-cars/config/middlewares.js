'use strict';

// Strapi's default middleware stack (the same list as strapi-config, without the
// S3 Content-Security-Policy additions that only the admin panel needs).
module.exports = [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
