'use strict';

/**
 * What editors see in the Content Manager: a label, a description (the hint under the
 * field) and a placeholder for every field, the columns of each list, and the order of
 * the edit form. Applied at every start by src/bootstrap/content-manager.js (this file
 * owns the layout: changes made with "Configure the view" are put back at the next start).
 *
 * The admin panel speaks English only (Strapi has no Swahili interface), so labels and
 * hints are English; every translated field says so, and its placeholder gives an
 * example in both languages, because editors fill it in once per language.
 * Enumeration values are shown as words by src/admin/app.jsx (WORDS).
 */

const TRANSLATED = 'Translated: fill it in for each language (language menu at the top).';
const SHARED = 'Shared: one value for English and Swahili.';
const SCHEDULE_PUBLISH =
  'Optional. Publishes this language at that time (checked every minute). Leave empty and use Publish to publish now.';
const SCHEDULE_UNPUBLISH = 'Optional. Takes this language off the site at that time.';

const publishAt = {
  label: 'Publish at',
  description: SCHEDULE_PUBLISH,
};
const unpublishAt = {
  label: 'Unpublish at',
  description: SCHEDULE_UNPUBLISH,
};
const timestamps = {
  createdAt: { label: 'Created' },
  updatedAt: { label: 'Last changed' },
  publishedAt: { label: 'Published' },
};

const CONTENT_TYPES = {
  'api::article.article': {
    settings: { mainField: 'title', defaultSortBy: 'updatedAt', defaultSortOrder: 'DESC' },
    list: ['title', 'tags', 'publish_at', 'updatedAt'],
    edit: [
      [['title', 8], ['slug', 4]],
      [['excerpt', 12]],
      [['body', 12]],
      [['cover', 6], ['tags', 6]],
      [['vehicle_makes', 6], ['vehicle_models', 6]],
      [['seo', 12]],
      [['publish_at', 6], ['unpublish_at', 6]],
    ],
    fields: {
      title: {
        label: 'Title',
        description: `The headline on the site and in search results. ${TRANSLATED}`,
        placeholder: 'e.g. Importing from Japan · Kuagiza kutoka Japani',
      },
      slug: {
        label: 'URL slug',
        description:
          'The end of the address: /articles/<slug>. Filled from the title when you save; unique per language.',
        placeholder: 'importing-a-car-from-japan',
      },
      excerpt: {
        label: 'Summary',
        description: `One or two sentences for article lists and link previews. ${TRANSLATED}`,
        placeholder: 'e.g. What the KRA duty, the inspection and clearing at Mombasa cost, in order.',
      },
      body: {
        label: 'Article text',
        description: `The article itself. Headings, lists and links with the toolbar. ${TRANSLATED}`,
        placeholder: 'Start writing…',
      },
      cover: {
        label: 'Cover image',
        description:
          'Shown above the article and in lists, 1200×630 or larger. Give it alternative text (needed to publish). ' +
          SHARED,
      },
      tags: {
        label: 'Tags',
        description: `Words separated by commas; stored in lower case without repeats. ${SHARED}`,
        placeholder: 'e.g. import guide, japan, duty',
      },
      vehicle_makes: {
        label: 'About these makes',
        description:
          'The article appears on the pages of cars of these makes. Set it in each language you publish.',
        mainField: 'name',
      },
      vehicle_models: {
        label: 'About these models',
        description: 'More specific than makes: shown first on cars of these models. Set it in each language.',
        mainField: 'name',
      },
      seo: {
        label: 'Search and sharing (SEO)',
        description: `Required to publish: the title and description search engines and WhatsApp previews show. ${TRANSLATED}`,
      },
      publish_at: publishAt,
      unpublish_at: unpublishAt,
      ...timestamps,
    },
  },

  'api::page.page': {
    settings: { mainField: 'title', defaultSortBy: 'title', defaultSortOrder: 'ASC' },
    list: ['title', 'slug', 'publish_at', 'updatedAt'],
    edit: [
      [['title', 8], ['slug', 4]],
      [['body', 12]],
      [['seo', 12]],
      [['publish_at', 6], ['unpublish_at', 6]],
    ],
    fields: {
      title: {
        label: 'Title',
        description: `The page heading. ${TRANSLATED}`,
        placeholder: 'e.g. About Gurumisha Motors · Kuhusu Gurumisha Motors',
      },
      slug: {
        label: 'URL slug',
        description: 'The page address: /<slug> (about, terms, privacy...). Filled from the title; unique per language.',
        placeholder: 'about',
      },
      body: {
        label: 'Page text',
        description: `The page content. ${TRANSLATED}`,
        placeholder: 'Start writing…',
      },
      seo: {
        label: 'Search and sharing (SEO)',
        description: `Required to publish. ${TRANSLATED}`,
      },
      publish_at: publishAt,
      unpublish_at: unpublishAt,
      ...timestamps,
    },
  },

  'api::vehicle-make.vehicle-make': {
    settings: { mainField: 'name', defaultSortBy: 'name', defaultSortOrder: 'ASC' },
    list: ['name', 'country', 'models', 'updatedAt'],
    edit: [
      [['name', 6], ['slug', 6]],
      [['country', 6], ['logo', 6]],
      [['models', 12]],
      [['seo', 12]],
    ],
    fields: {
      name: {
        label: 'Make',
        description:
          'The manufacturer as the site spells it. Sellers typing "toyota" or "TOYOTA" get this spelling. Publish a make before its models.',
        placeholder: 'e.g. Toyota',
      },
      slug: {
        label: 'URL slug',
        description: 'The make page address: /makes/<slug>. Filled from the name.',
        placeholder: 'toyota',
      },
      country: {
        label: 'Country of the brand',
        description: 'Where the brand comes from, shown on the make page.',
        placeholder: 'e.g. Japan',
      },
      logo: {
        label: 'Logo',
        description: 'Square, on a transparent or white background. Needs alternative text to publish.',
      },
      models: {
        label: 'Models',
        description: 'The models of this make (set the make on each model).',
        mainField: 'name',
      },
      seo: {
        label: 'Search and sharing (SEO)',
        description: 'Optional: the title and description of the make page in search results.',
      },
      ...timestamps,
    },
  },

  'api::vehicle-model.vehicle-model': {
    settings: { mainField: 'name', defaultSortBy: 'name', defaultSortOrder: 'ASC' },
    list: ['name', 'make', 'body_type', 'year_from', 'year_to'],
    edit: [
      [['make', 6], ['name', 6]],
      [['slug', 6], ['body_type', 6]],
      [['year_from', 6], ['year_to', 6]],
      [['seo', 12]],
    ],
    fields: {
      make: {
        label: 'Make',
        description: 'The make this model belongs to (publish the make first).',
        mainField: 'name',
      },
      name: {
        label: 'Model',
        description: 'The model as the site spells it; listings are matched against it.',
        placeholder: 'e.g. Fielder',
      },
      slug: {
        label: 'URL slug',
        description: 'Filled from the name. Make it unique across makes when needed, e.g. range-rover-sport.',
        placeholder: 'fielder',
      },
      body_type: {
        label: 'Body type',
        description: 'Used by the body type filter of the car search.',
      },
      year_from: {
        label: 'Made from (year)',
        description: 'First model year, e.g. 2012.',
        placeholder: '2012',
      },
      year_to: {
        label: 'Made until (year)',
        description: 'Last model year; leave empty while it is still made.',
        placeholder: 'empty = still made',
      },
      seo: {
        label: 'Search and sharing (SEO)',
        description: 'Optional.',
      },
      ...timestamps,
    },
  },

  'api::faq.faq': {
    settings: { mainField: 'question', defaultSortBy: 'order', defaultSortOrder: 'ASC' },
    list: ['question', 'category', 'order', 'publish_at'],
    edit: [
      [['question', 12]],
      [['answer', 12]],
      [['category', 6], ['order', 6]],
      [['publish_at', 6], ['unpublish_at', 6]],
    ],
    fields: {
      question: {
        label: 'Question',
        description: `As a customer would ask it. ${TRANSLATED}`,
        placeholder: 'e.g. How long does clearing take? · Kusafisha huchukua muda gani?',
      },
      answer: {
        label: 'Answer',
        description: `Short and concrete; link to a page for details. ${TRANSLATED}`,
        placeholder: 'Write the answer…',
      },
      category: {
        label: 'Category',
        description: `The help page groups questions by category; shown next to the matching feature. ${SHARED}`,
      },
      order: {
        label: 'Order',
        description: `Position within the category, smallest first (0, 10, 20 leaves room). ${SHARED}`,
        placeholder: '0',
      },
      publish_at: publishAt,
      unpublish_at: unpublishAt,
      ...timestamps,
    },
  },

  'api::banner.banner': {
    settings: { mainField: 'title', defaultSortBy: 'starts_at', defaultSortOrder: 'DESC' },
    list: ['title', 'image', 'active', 'starts_at', 'ends_at'],
    edit: [
      [['title', 6], ['link', 6]],
      [['image', 6], ['active', 6]],
      [['starts_at', 6], ['ends_at', 6]],
    ],
    fields: {
      title: {
        label: 'Title',
        description: `The banner text (also read out by screen readers). ${TRANSLATED}`,
        placeholder: 'e.g. Free import estimate · Makadirio ya uagizaji bure',
      },
      link: {
        label: 'Link',
        description: `Where a click goes: a site path such as /imports/new, or a full URL. ${TRANSLATED}`,
        placeholder: '/imports/new',
      },
      image: {
        label: 'Image',
        description: `Wide (about 1600×500). Needs alternative text to publish. ${SHARED}`,
      },
      active: {
        label: 'Active',
        description: `Untick and publish to stop showing the banner. ${SHARED}`,
      },
      starts_at: {
        label: 'Show from',
        description: `Optional: shown from this time (Nairobi time in your browser). ${SHARED}`,
      },
      ends_at: {
        label: 'Show until',
        description: `Optional: hidden after this time. ${SHARED}`,
      },
      ...timestamps,
    },
  },
};

const COMPONENTS = {
  'shared.seo': {
    settings: { mainField: 'metaTitle' },
    edit: [
      [['metaTitle', 12]],
      [['metaDescription', 12]],
      [['shareImage', 6], ['noIndex', 6]],
    ],
    fields: {
      metaTitle: {
        label: 'Search title',
        description: 'The blue link in Google results: up to 70 characters, the main words first.',
        placeholder: 'e.g. Import a car from Japan to Kenya: costs and steps',
      },
      metaDescription: {
        label: 'Search description',
        description: 'The grey text under it: up to 160 characters that make people click.',
        placeholder: 'e.g. KRA duty, inspection and clearing at Mombasa explained, with a free landed-cost estimate.',
      },
      shareImage: {
        label: 'Open Graph image',
        description: 'The picture shown when the link is shared on WhatsApp, Facebook or X (1200×630). Needs alternative text.',
      },
      noIndex: {
        label: 'Hide from search engines',
        description: 'Tick only for pages that must not appear in Google.',
      },
    },
  },
};

module.exports = { CONTENT_TYPES, COMPONENTS };
