'use strict';

module.exports = ({ env }) => ({
  upload: { config: { provider: 'local' } },
  'users-permissions': { config: { jwtSecret: env('JWT_SECRET', 'bench-users-permissions-jwt') } },
});
