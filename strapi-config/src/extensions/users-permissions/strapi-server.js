'use strict';

/**
 * The users-permissions plugin stays (its Public role is what lets the site read
 * published content), but we have no Strapi end users: their "User" type is hidden
 * from the Content Manager and the Content-Type Builder, so editors never see it.
 */
module.exports = (plugin) => {
  const user = plugin.contentTypes.user.schema;
  user.pluginOptions = {
    ...(user.pluginOptions || {}),
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  };
  return plugin;
};
