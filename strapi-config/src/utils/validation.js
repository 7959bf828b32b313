'use strict';

const { errors } = require('@strapi/utils');

/**
 * Checks `from <= to` for two fields, reading the stored row when an update
 * carries only one of them. Used from lifecycles (event.params.where is the row).
 */
const checkOrder = async (event, fromField, toField, message) => {
  const data = event.params.data || {};
  if (!(fromField in data) && !(toField in data)) return;
  let current = {};
  if (event.action === 'beforeUpdate' && (!(fromField in data) || !(toField in data))) {
    current =
      (await strapi.db.query(event.model.uid).findOne({
        where: event.params.where,
        select: [fromField, toField],
      })) || {};
  }
  const from = fromField in data ? data[fromField] : current[fromField];
  const to = toField in data ? data[toField] : current[toField];
  if (from === null || from === undefined || to === null || to === undefined) return;
  const a = typeof from === 'number' ? from : new Date(from).getTime();
  const b = typeof to === 'number' ? to : new Date(to).getTime();
  if (a > b) {
    throw new errors.ValidationError(message, {
      errors: [{ path: [toField], message, name: 'ValidationError' }],
    });
  }
};

module.exports = { checkOrder };
