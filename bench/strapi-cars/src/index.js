'use strict';

/**
 * Bench only: the Public role may list and read cars (as strapi-config grants for its
 * content types), so GET /api/cars needs no token, like GET /v1/cars.
 */
module.exports = {
  register() {},

  async bootstrap({ strapi }) {
    const role = await strapi.db
      .query('plugin::users-permissions.role')
      .findOne({ where: { type: 'public' } });
    const permissions = strapi.db.query('plugin::users-permissions.permission');
    for (const action of ['api::car.car.find', 'api::car.car.findOne']) {
      if (!(await permissions.findOne({ where: { action, role: role.id } }))) {
        await permissions.create({ data: { action, role: role.id } });
      }
    }
  },
};
