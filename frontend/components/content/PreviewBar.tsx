/** Shown on every page while Strapi's preview (draft mode) is on. */
export function PreviewBar({ label, exit }: { label: string; exit: string }) {
  return (
    <div role="status" className="flex items-center justify-center gap-4 bg-accent-400 px-4 py-2 font-semibold text-stone-950">
      <span>{label}</span>
      {/* A full page load: the exit route clears the draft-mode cookie and redirects home
          (the client router would follow the redirect to the internal /en route). */}
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
      <a href="/api/preview/exit" className="underline">
        {exit}
      </a>
    </div>
  );
}
