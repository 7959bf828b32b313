import type { NextConfig } from 'next';

// The sidecar's address is read at run time (proxy.ts), not here: rewrites in this
// file are frozen at build time, and one build must serve every environment. The
// language rewrite depends on nothing at run time, so it lives here, where the router
// applies it without running the proxy for each page.
const nextConfig: NextConfig = {
  // The container image runs the standalone server (Dockerfile); `npm start` the usual one.
  output: process.env.NEXT_OUTPUT === 'standalone' ? 'standalone' : undefined,
  poweredByHeader: false,
  // scripts/test runs `tsc --noEmit` first and says so; a plain `npm run build` checks types.
  typescript: { ignoreBuildErrors: process.env.GURUMISHA_TYPES_CHECKED === '1' },
  reactStrictMode: true,
  experimental: {
    // Photos (up to MEDIA_MAX_BYTES, 10 MB) pass through proxy.ts to the sidecar.
    proxyClientMaxBodySize: '11mb',
    // ISR pages are kept on disk (.next/server/route-cache) and outlive a restart;
    // ISR_DISK_CACHE=false keeps them in memory only, per process (the tests, the
    // bench and `gurumisha dev` each run against a database of their own).
    isrFlushToDisk: process.env.ISR_DISK_CACHE !== 'false',
  },
  async rewrites() {
    // English pages have no prefix: /cars is rendered by app/[lang] as /en/cars
    // (applied after files, before dynamic routes, so /sw.js and /icons/* stay files).
    return [
      { source: '/', destination: '/en' },
      { source: '/:path((?!en(?:/|$)|sw(?:/|$)|api/|_next/|v1/|media/).+)', destination: '/en/:path' },
    ];
  },
  async headers() {
    return [
      {
        source: '/sw.js',
        headers: [
          { key: 'Cache-Control', value: 'no-cache' },
          { key: 'Service-Worker-Allowed', value: '/' },
        ],
      },
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        ],
      },
      {
        // Framed by this site only, except what Strapi's preview panel shows: /api/preview
        // and pages in draft mode (its cookie) get a frame-ancestors policy naming the
        // admin's origin from proxy.ts (read at run time, which these rules are not).
        source: '/:path((?!api/preview$).*)',
        missing: [{ type: 'cookie', key: '__prerender_bypass' }],
        headers: [{ key: 'X-Frame-Options', value: 'SAMEORIGIN' }],
      },
    ];
  },
};

export default nextConfig;
