import ReactMarkdown from 'react-markdown';

/**
 * Rich text from Strapi (Markdown), rendered on the server. react-markdown builds
 * React elements and ignores raw HTML, so editor content cannot inject scripts.
 * Headings start at h2: the page's title is its only h1.
 */
export function Markdown({ source }: { source: string }) {
  return (
    <div className="prose-content">
      <ReactMarkdown
        skipHtml
        components={{
          h1: ({ children }) => <h2>{children}</h2>,
          img: ({ src, alt }) =>
            typeof src === 'string' ? (
              // eslint-disable-next-line @next/next/no-img-element -- CMS media
              <img src={src} alt={alt ?? ''} loading="lazy" className="my-4 rounded-lg" />
            ) : null,
        }}
      >
        {source}
      </ReactMarkdown>
    </div>
  );
}
