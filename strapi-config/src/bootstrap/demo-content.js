'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

const { CONTENT_TYPES, ARTICLE, PAGE, FAQ, BANNER, VEHICLE_MAKE, VEHICLE_MODEL } = require('../content-types');
const { MAKES, MODELS } = require('../demo/catalogue');
const { ARTICLES, PAGES, FAQS, BANNERS, IMAGES } = require('../demo/editorial');

/**
 * STRAPI_SEED_DEMO=true: on a database without any content, publishes the demo
 * content in English and Swahili (src/demo/): the make/model catalogue of the
 * sidecar's demo cars, import guides and buying tips, the about/terms/privacy pages,
 * FAQs and home page banners. Everything goes through the document service, so slugs,
 * tags, validation and webhooks work as for an editor. A database with any content is
 * left alone, so restarting with the variable still set changes nothing.
 */

/** A 1200×630 picture (sky, road, a car) drawn as SVG and rendered to PNG by sharp. */
const drawImage = async (sky, accent) => {
  // sharp comes with Strapi's upload plugin (it makes the thumbnails).
  // eslint-disable-next-line global-require
  const sharp = require('sharp');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630">
  <rect width="1200" height="630" fill="${sky}"/>
  <circle cx="980" cy="150" r="70" fill="${accent}" opacity="0.85"/>
  <rect y="430" width="1200" height="200" fill="#3b3b3b"/>
  <rect y="520" width="1200" height="12" fill="${accent}" opacity="0.7"/>
  <rect x="330" y="300" width="540" height="130" rx="40" fill="${accent}"/>
  <rect x="420" y="235" width="330" height="100" rx="30" fill="${accent}"/>
  <rect x="450" y="255" width="120" height="60" rx="10" fill="${sky}" opacity="0.6"/>
  <rect x="600" y="255" width="120" height="60" rx="10" fill="${sky}" opacity="0.6"/>
  <circle cx="450" cy="440" r="55" fill="#111"/><circle cx="450" cy="440" r="22" fill="#bbb"/>
  <circle cx="760" cy="440" r="55" fill="#111"/><circle cx="760" cy="440" r="22" fill="#bbb"/>
</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
};

async function uploadImages(strapi) {
  const upload = strapi.plugin('upload').service('upload');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gurumisha-demo-'));
  const ids = {};
  try {
    for (const [name, [alternativeText, sky, accent]] of Object.entries(IMAGES)) {
      const filepath = path.join(dir, `${name}.png`);
      fs.writeFileSync(filepath, await drawImage(sky, accent));
      const [file] = await upload.upload({
        data: { fileInfo: { name: `${name}.png`, alternativeText, caption: alternativeText } },
        files: {
          filepath,
          originalFilename: `${name}.png`,
          mimetype: 'image/png',
          size: fs.statSync(filepath).size,
        },
      });
      ids[name] = file.id;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return ids;
}

const publish = (uid, params) => strapi.documents(uid).create({ ...params, status: 'published' });
const translate = (uid, documentId, locale, data) =>
  strapi.documents(uid).update({ documentId, locale, data, status: 'published' });

async function seedCatalogue() {
  const makes = {};
  for (const make of MAKES) {
    makes[make.name] = (await publish(VEHICLE_MAKE, { data: make })).documentId;
  }
  const models = {};
  for (const model of MODELS) {
    const created = await publish(VEHICLE_MODEL, {
      data: {
        name: model.name,
        make: makes[model.make],
        body_type: model.bodyType,
        year_from: model.yearFrom,
        year_to: model.yearTo,
      },
    });
    models[model.name] = created.documentId;
  }
  return { makes, models };
}

async function seedEditorial(images, { makes, models }) {
  for (const article of ARTICLES) {
    const links = {
      vehicle_makes: article.makes.map((name) => makes[name]),
      vehicle_models: article.models.map((name) => models[name]),
    };
    const withSeo = (version) => ({
      ...version,
      ...links,
      seo: { ...version.seo, shareImage: images[article.cover] },
    });
    const en = await publish(ARTICLE, {
      locale: 'en',
      data: { ...withSeo(article.en), cover: images[article.cover], tags: article.tags },
    });
    await translate(ARTICLE, en.documentId, 'sw', withSeo(article.sw));
  }
  for (const page of PAGES) {
    const en = await publish(PAGE, { locale: 'en', data: page.en });
    await translate(PAGE, en.documentId, 'sw', page.sw);
  }
  for (const [category, order, [question, answer], [swQuestion, swAnswer]] of FAQS) {
    const en = await publish(FAQ, { locale: 'en', data: { question, answer, category, order } });
    await translate(FAQ, en.documentId, 'sw', { question: swQuestion, answer: swAnswer });
  }
  for (const banner of BANNERS) {
    const en = await publish(BANNER, {
      locale: 'en',
      data: { ...banner.en, image: images[banner.image], active: true },
    });
    await translate(BANNER, en.documentId, 'sw', banner.sw);
  }
}

async function seedDemoContent(strapi) {
  if (process.env.STRAPI_SEED_DEMO !== 'true') return;
  for (const uid of CONTENT_TYPES) {
    if ((await strapi.db.query(uid).count()) > 0) {
      strapi.log.info('[gurumisha] STRAPI_SEED_DEMO: the database has content already, nothing seeded');
      return;
    }
  }
  const started = Date.now();
  const images = await uploadImages(strapi);
  const catalogue = await seedCatalogue();
  await seedEditorial(images, catalogue);
  strapi.log.info(
    `[gurumisha] STRAPI_SEED_DEMO: published ${MAKES.length} makes, ${MODELS.length} models, ` +
      `${ARTICLES.length} articles, ${PAGES.length} pages, ${FAQS.length} FAQs and ${BANNERS.length} banners ` +
      `in English and Swahili (${Date.now() - started} ms)`
  );
}

module.exports = { seedDemoContent };
