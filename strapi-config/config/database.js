'use strict';

/**
 * PostgreSQL only. Either DATABASE_URL, or DATABASE_HOST/PORT/NAME/USERNAME/PASSWORD.
 * Strapi needs its own database (or at least its own schema): the sidecar owns its
 * tables, Strapi owns the CMS tables.
 */

// Accept SQLAlchemy-style URLs (postgresql+psycopg://...) as well as plain ones.
const normaliseUrl = (url) => url.replace(/^postgres(ql)?\+[a-z0-9_]+:\/\//i, 'postgresql://');

// The database a URL names (path, or libpq's ?dbname=). node-postgres reads the URL
// itself and lets it win over separate fields; Strapi's start banner shows only
// `connection.database`, so it is set from the URL too.
const databaseName = (url) => {
  try {
    const parsed = new URL(url);
    return parsed.searchParams.get('dbname') || decodeURIComponent(parsed.pathname.slice(1)) || undefined;
  } catch {
    return undefined;
  }
};

module.exports = ({ env }) => {
  const ssl = env.bool('DATABASE_SSL', false)
    ? {
        rejectUnauthorized: env.bool('DATABASE_SSL_REJECT_UNAUTHORIZED', true),
        ...(env('DATABASE_SSL_CA') ? { ca: env('DATABASE_SSL_CA') } : {}),
      }
    : false;

  const url = env('DATABASE_URL');
  const connection = url
    ? {
        connectionString: normaliseUrl(url),
        database: databaseName(normaliseUrl(url)),
        ssl,
        schema: env('DATABASE_SCHEMA', 'public'),
      }
    : {
        host: env('DATABASE_HOST', '127.0.0.1'),
        port: env.int('DATABASE_PORT', 5432),
        database: env('DATABASE_NAME', 'strapi'),
        user: env('DATABASE_USERNAME', 'strapi'),
        password: env('DATABASE_PASSWORD', ''),
        ssl,
        schema: env('DATABASE_SCHEMA', 'public'),
      };

  return {
    connection: {
      client: 'postgres',
      connection,
      pool: {
        min: env.int('DATABASE_POOL_MIN', 2),
        max: env.int('DATABASE_POOL_MAX', 10),
      },
      acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
    },
  };
};
