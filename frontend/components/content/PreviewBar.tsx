import Link from 'next/link';

/** Shown on every page while Strapi's preview (draft mode) is on. */
export function PreviewBar({ label, exit }: { label: string; exit: string }) {
  return (
    <div role="status" className="flex items-center justify-center gap-4 bg-accent-400 px-4 py-2 font-semibold text-stone-950">
      <span>{label}</span>
      {/* Not prefetched: following it clears the draft-mode cookie. */}
      <Link href="/api/preview/exit" prefetch={false} className="underline">
        {exit}
      </Link>
    </div>
  );
}
