import { Typography } from '@strapi/design-system';
import { WORDS } from './words';

/**
 * The admin panel for Gurumisha's editors:
 * - no guided tour, tutorials, release-note pop-ups or "new Media Library" banner
 *   (survey and Enterprise promotion are off in config/admin.js flags);
 * - enumeration values shown as words (words.js) in forms and lists, switches as Yes/No;
 * - years shown as 2018, not 2,018: the "year" custom field's input, and the list
 *   view's cells for year columns.
 */
// Where @strapi/admin keeps these in the browser (components/GuidedTour/Context.js,
// components/MediaLibraryBanner.js: the key ends with the project uuid, which is
// false for us, and undefined until the panel has asked the server).
const GUIDED_TOUR_KEY = 'STRAPI_GUIDED_TOUR';
const MEDIA_LIBRARY_BANNER_KEYS = [false, true].flatMap((legacy) =>
  [false, undefined].map((uuid) => `STRAPI_MEDIA_LIBRARY_BANNER_DISMISSED_FOR_${legacy}:${uuid}`)
);

const quietPanel = () => {
  try {
    const stored = JSON.parse(window.localStorage.getItem(GUIDED_TOUR_KEY) || '{}');
    window.localStorage.setItem(GUIDED_TOUR_KEY, JSON.stringify({ ...stored, enabled: false }));
    for (const key of MEDIA_LIBRARY_BANNER_KEYS) window.localStorage.setItem(key, 'true');
  } catch {
    // storage unavailable (private mode): the tour may show; nothing breaks
  }
};

const cell = (text) => <Typography textColor="neutral800">{text}</Typography>;

const isYear = (header) => header.attribute && header.attribute.customField === 'global::year';
const isEnumeration = (header) => header.attribute && header.attribute.type === 'enumeration';

const withReadableCells = (header) => {
  if (isYear(header)) {
    return { ...header, cellFormatter: (row) => cell(row[header.name] == null ? '-' : String(row[header.name])) };
  }
  if (isEnumeration(header)) {
    return {
      ...header,
      cellFormatter: (row) => cell(row[header.name] == null ? '-' : WORDS[row[header.name]] || row[header.name]),
    };
  }
  return header;
};

export default {
  config: {
    locales: [],
    tutorials: false,
    notifications: { releases: false },
    translations: {
      en: {
        ...WORDS,
        // Yes/No switches ("Active", "Hide from search engines") instead of TRUE/FALSE.
        'app.components.ToggleCheckbox.off-label': 'No',
        'app.components.ToggleCheckbox.on-label': 'Yes',
      },
    },
  },
  register(app) {
    quietPanel();
    app.customFields.register({
      name: 'year',
      type: 'integer',
      intlLabel: { id: 'gurumisha.year.label', defaultMessage: 'Year' },
      intlDescription: { id: 'gurumisha.year.description', defaultMessage: 'A year, such as 2018' },
      components: {
        Input: async () => import('./components/YearInput').then((module) => ({ default: module.YearInput })),
      },
    });
  },
  bootstrap(app) {
    app.registerHook('Admin/CM/pages/ListView/inject-column-in-table', ({ displayedHeaders, layout }) => ({
      displayedHeaders: displayedHeaders.map(withReadableCells),
      layout,
    }));
  },
};
