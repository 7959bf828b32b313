'use strict';

const { secret } = require('../src/utils/secrets');

/**
 * Upload: S3 when S3_BUCKET is set (AWS, or any S3 API via S3_ENDPOINT_URL),
 * otherwise the local provider (files under public/uploads).
 */
const uploadConfig = (env) => {
  const bucket = env('S3_BUCKET');
  const sizeLimit = env.int('UPLOAD_SIZE_LIMIT_BYTES', 20 * 1024 * 1024);
  if (!bucket) {
    return { config: { provider: 'local', sizeLimit } };
  }
  const endpoint = env('S3_ENDPOINT_URL');
  const accessKeyId = env('AWS_ACCESS_KEY_ID');
  const secretAccessKey = env('AWS_SECRET_ACCESS_KEY');
  return {
    config: {
      provider: 'aws-s3',
      sizeLimit,
      providerOptions: {
        // CDN or public bucket URL for file links; default: the URL S3 returns.
        baseUrl: env('S3_PUBLIC_URL'),
        rootPath: env('S3_ROOT_PATH', 'cms'),
        s3Options: {
          region: env('AWS_REGION', 'eu-west-1'),
          ...(endpoint ? { endpoint, forcePathStyle: env.bool('S3_FORCE_PATH_STYLE', true) } : {}),
          // Without keys the AWS SDK default chain applies (IAM role, IRSA, ...).
          ...(accessKeyId && secretAccessKey
            ? { credentials: { accessKeyId, secretAccessKey } }
            : {}),
          params: {
            Bucket: bucket,
            // Unset = no ACL header (buckets with ACLs disabled, the AWS default since
            // 2023); set S3_ACL=public-read for buckets that still use ACLs.
            ACL: env('S3_ACL') || undefined,
            signedUrlExpires: env.int('S3_SIGNED_URL_EXPIRES', 15 * 60),
          },
        },
      },
      actionOptions: { upload: {}, uploadStream: {}, delete: {} },
    },
  };
};

module.exports = ({ env }) => ({
  upload: uploadConfig(env),
  'users-permissions': {
    config: {
      jwtSecret: secret(env, 'JWT_SECRET'),
    },
  },
  i18n: {
    enabled: true,
    // Read by src/index.js, which creates missing locales at boot.
    config: {
      defaultLocale: env('CMS_DEFAULT_LOCALE', 'en'),
      locales: env.array('CMS_LOCALES', ['en', 'sw']),
    },
  },
});
