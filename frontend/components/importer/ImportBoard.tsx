'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';

import { Notice } from '@/components/ui/Notice';
import { api } from '@/lib/api/browser';
import { ApiError } from '@/lib/api/errors';
import type { ImportRequest, ImportStatus } from '@/lib/api/types';
import { formatKes } from '@/lib/format';
import { IMPORT_STEPS } from '@/lib/imports';
import { carOf } from './AssignedImports';

export interface BoardLabels {
  loading: string;
  empty: string;
  estimate: string;
  statuses: Record<ImportStatus, string>;
}

const STAGES: ImportStatus[] = [...IMPORT_STEPS, 'cancelled'];

/** The importer's pipeline: one column per stage, a card per assigned import. */
export function ImportBoard({ labels, detailHref }: { labels: BoardLabels; detailHref: string }) {
  const [requests, setRequests] = useState<ImportRequest[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .assignedImports()
      .then((page) => setRequests(page.data))
      .catch((caught: unknown) => setError(caught instanceof ApiError ? caught.message : String(caught)));
  }, []);

  if (error) return <Notice tone="error">{error}</Notice>;
  if (!requests) return <p aria-busy="true">{labels.loading}</p>;
  return (
    <div className="grid gap-4 overflow-x-auto sm:grid-cols-2 lg:grid-cols-4 xl:grid-cols-7">
      {STAGES.map((stage) => {
        const cards = requests.filter((request) => request.status === stage);
        return (
          <section key={stage} aria-labelledby={`stage-${stage}`} className="rounded-lg bg-stone-100 p-3">
            <h2 id={`stage-${stage}`} className="mb-2 flex items-center justify-between font-bold">
              {labels.statuses[stage]}
              <span className="rounded-full bg-white px-2 text-sm">{cards.length}</span>
            </h2>
            {cards.length ? (
              <ul className="space-y-2">
                {cards.map((request) => (
                  <li key={request.id} className="card p-3 text-sm">
                    <Link href={`${detailHref}/${request.id}`} className="font-semibold underline">
                      #{request.id} {carOf(request)}
                    </Link>
                    <p className="text-stone-700">
                      {labels.estimate}: {formatKes(request.estimated_cost)}
                    </p>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-stone-700">{labels.empty}</p>
            )}
          </section>
        );
      })}
    </div>
  );
}
