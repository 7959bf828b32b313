import type { MetadataRoute } from 'next';

import { settings } from '@/lib/config';

export const dynamic = 'force-dynamic';

export default function robots(): MetadataRoute.Robots {
  return {
    rules: {
      userAgent: '*',
      allow: '/',
      disallow: ['/account', '/checkout/', '/admin/', '/api/', '/sw/account', '/sw/checkout/', '/sw/admin/', '/v1/'],
    },
    sitemap: `${settings.siteUrl}/sitemap.xml`,
  };
}
