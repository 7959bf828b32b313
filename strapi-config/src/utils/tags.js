'use strict';

const { errors } = require('@strapi/utils');

/**
 * Article tags: one line of text, comma-separated ("import guide, japan").
 *
 * The admin panel edits a plain text field cleanly; a JSON field it sends as a string,
 * which is how tags got corrupted before (["[\"import guide\"", "\"japan\"]"]). Input
 * may be a string or a list of strings (REST callers, old data). Each tag is trimmed,
 * lower-cased, inner whitespace collapsed, and stripped of quotes and brackets (never
 * part of a tag, always debris of a JSON list); empty tags and repeats are dropped.
 * The result is stored as "a, b" (null when there is none).
 */
const MAX_TAGS = 20;
const MAX_TAG_LENGTH = 40;
const MAX_TOTAL_LENGTH = 255; // a Strapi "string" is varchar(255)
const DEBRIS = /^[\s"'[\]]+|[\s"'[\]]+$/g;

const invalid = (message) =>
  new errors.ValidationError(message, {
    errors: [{ path: ['tags'], message, name: 'ValidationError' }],
  });

/** The clean list of tags in `value` (a string, a list of strings, or nothing). */
const tagList = (value) => {
  if (value === undefined || value === null || value === '') return [];
  let pieces;
  if (typeof value === 'string') {
    pieces = value.split(',');
  } else if (Array.isArray(value) && value.every((t) => typeof t === 'string')) {
    pieces = value.flatMap((t) => t.split(','));
  } else {
    throw invalid('Tags are words separated by commas, e.g. "import guide, japan"');
  }
  const out = [];
  for (const piece of pieces) {
    const tag = piece.replace(DEBRIS, '').replace(/\s+/g, ' ').toLowerCase();
    if (!tag) continue;
    if (tag.length > MAX_TAG_LENGTH) {
      throw invalid(`The tag "${tag.slice(0, 20)}…" is longer than ${MAX_TAG_LENGTH} characters`);
    }
    if (!out.includes(tag)) out.push(tag);
  }
  if (out.length > MAX_TAGS) {
    throw invalid(`At most ${MAX_TAGS} tags per article`);
  }
  return out;
};

/** The stored form: "a, b", or null without tags; undefined stays undefined (not sent). */
const normaliseTags = (value) => {
  if (value === undefined) return undefined;
  const tags = tagList(value);
  if (tags.length === 0) return null;
  const text = tags.join(', ');
  if (text.length > MAX_TOTAL_LENGTH) {
    throw invalid(`Tags are longer than ${MAX_TOTAL_LENGTH} characters altogether`);
  }
  return text;
};

module.exports = { normaliseTags, tagList, MAX_TAGS, MAX_TAG_LENGTH };
