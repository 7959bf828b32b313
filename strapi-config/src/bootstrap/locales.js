'use strict';

/** The i18n locales of config/plugins.js exist (en default, sw). */
async function ensureLocales(strapi) {
  const locales = strapi.plugin('i18n').service('locales');
  const wanted = strapi.config.get('plugin::i18n.locales', ['en', 'sw']);
  const defaultCode = strapi.config.get('plugin::i18n.defaultLocale', 'en');
  const isoLocales = strapi.plugin('i18n').service('iso-locales').getIsoLocales();
  const codes = Array.from(new Set([defaultCode, ...wanted]));

  for (const code of codes) {
    if (await locales.findByCode(code)) continue;
    const iso = isoLocales.find((l) => l.code === code);
    if (!iso) {
      strapi.log.error(`[gurumisha] unknown locale code "${code}" in CMS_LOCALES: skipped`);
      continue;
    }
    await locales.create({ code: iso.code, name: iso.name });
    strapi.log.info(`[gurumisha] created locale ${iso.code}`);
  }
  if ((await locales.getDefaultLocale()) !== defaultCode && (await locales.findByCode(defaultCode))) {
    await locales.setDefaultLocale({ code: defaultCode });
    strapi.log.info(`[gurumisha] default locale set to ${defaultCode}`);
  }
}

module.exports = { ensureLocales };
