'use client';

import Form from 'next/form';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';

import { Notice } from '@/components/ui/Notice';
import { api } from '@/lib/api/browser';
import { ApiError } from '@/lib/api/errors';
import type { Page } from '@/lib/api/types';
import { fill } from '@/lib/i18n/dictionary';
import { apiQuery, ariaSort, nextSort, withParams } from '@/lib/workspace';

export interface Column<T> {
  key: string;
  label: string;
  /** The API's sort value for this column (``-value`` sorts descending). */
  sort?: string;
  render: (row: T, tools: { reload: () => void }) => ReactNode;
  className?: string;
}

export interface Filter {
  /** The API's query parameter, used as is in the page's URL. */
  name: string;
  label: string;
  type?: 'text' | 'number' | 'date' | 'select';
  options?: { value: string; label: string }[];
}

export interface DataTableLabels {
  filter: string;
  apply: string;
  clear: string;
  results: string;
  none: string;
  loading: string;
  previous: string;
  next: string;
  page: string;
  pagination: string;
  sortBy: string;
}

/**
 * A page of an API list as a table. Its state is the page's URL: filters are a GET
 * form named by the API's own parameters, sort headers and the pager are links, so
 * every view is a shareable address; the API is asked with the same parameters
 * (``allowed`` plus page, limit and sort, and the ``fixed`` ones).
 */
export function DataTable<T>({
  caption,
  path,
  columns,
  rowKey,
  labels,
  filters = [],
  fixed = {},
  defaults = {},
  version = 0,
  onLoaded,
}: {
  caption: string;
  /** The API list, e.g. ``/v1/parts``. */
  path: string;
  columns: readonly Column<T>[];
  rowKey: (row: T) => string | number;
  labels: DataTableLabels;
  filters?: readonly Filter[];
  fixed?: Record<string, string | number | readonly string[]>;
  /** Values of the API's parameters (sort, say) while the URL has none. */
  defaults?: Record<string, string | number>;
  /** Change it to read the list again (after an action elsewhere on the page). */
  version?: number;
  onLoaded?: (page: Page<T>) => void;
}) {
  const pathname = usePathname();
  const search = useSearchParams();
  const query = apiQuery(search, filters.map((filter) => filter.name), fixed, defaults);
  const [result, setResult] = useState<Page<T> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((value) => value + 1), []);
  const loaded = useRef(onLoaded);
  useEffect(() => {
    loaded.current = onLoaded;
  }, [onLoaded]);

  useEffect(() => {
    const controller = new AbortController();
    api
      .request<Page<T>>('GET', `${path}${query}`, { signal: controller.signal })
      .then((page) => {
        setResult(page);
        setError(null);
        loaded.current?.(page);
      })
      .catch((caught: unknown) => {
        if (controller.signal.aborted) return;
        setError(caught instanceof ApiError ? caught.message : String(caught));
      });
    return () => controller.abort();
  }, [path, query, version, tick]);

  const sort = search.get('sort') || (defaults.sort === undefined ? null : String(defaults.sort));
  const info = result?.pagination;
  return (
    <div className="space-y-4">
      {filters.length ? (
        <Form action={pathname} className="card flex flex-wrap items-end gap-3 p-4" aria-label={labels.filter}>
          {/* Keeps the sort; a new filter starts at page 1. */}
          {sort ? <input type="hidden" name="sort" value={sort} /> : null}
          {filters.map((filter) => (
            <div key={filter.name}>
              <label htmlFor={`filter-${filter.name}`} className="mb-1 block text-sm font-semibold">
                {filter.label}
              </label>
              {filter.type === 'select' ? (
                <select id={`filter-${filter.name}`} name={filter.name} defaultValue={search.get(filter.name) ?? ''} className="input">
                  {filter.options?.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={`filter-${filter.name}`}
                  name={filter.name}
                  type={filter.type ?? 'text'}
                  defaultValue={search.get(filter.name) ?? ''}
                  className="input"
                />
              )}
            </div>
          ))}
          <button type="submit" className="btn-primary">
            {labels.apply}
          </button>
          <Link href={pathname} className="btn-secondary">
            {labels.clear}
          </Link>
        </Form>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <p aria-live="polite" className="text-sm text-stone-700">
        {info ? fill(labels.results, { total: info.total }) : labels.loading}
      </p>
      {/* A wide table scrolls: the region takes focus so the keyboard can scroll it. */}
      <div className="card overflow-x-auto" role="region" aria-label={caption} tabIndex={0}>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="border-b border-stone-300 bg-stone-50">
            <tr>
              {columns.map((column) => (
                <th
                  key={column.key}
                  scope="col"
                  className="px-3 py-2 font-semibold"
                  aria-sort={column.sort ? ariaSort(sort, column.sort) : undefined}
                >
                  {column.sort ? (
                    <Link
                      href={`${pathname}${withParams(search, { sort: nextSort(sort, column.sort), page: undefined })}`}
                      className="underline"
                      aria-label={fill(labels.sortBy, { column: column.label })}
                    >
                      {column.label}
                      <span aria-hidden="true">{{ ascending: ' ▲', descending: ' ▼', none: '' }[ariaSort(sort, column.sort)]}</span>
                    </Link>
                  ) : (
                    column.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody aria-busy={result === null && error === null}>
            {result?.data.map((row) => (
              <tr key={rowKey(row)} className="border-b border-stone-200 align-top last:border-0">
                {columns.map((column) => (
                  <td key={column.key} className={`px-3 py-2 ${column.className ?? ''}`}>
                    {column.render(row, { reload })}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {result && result.data.length === 0 ? <p className="p-4">{labels.none}</p> : null}
      </div>
      {info && info.pages > 1 ? (
        <nav aria-label={labels.pagination} className="flex items-center justify-between gap-2">
          {info.page > 1 ? (
            <Link className="btn-secondary" rel="prev" href={`${pathname}${withParams(search, { page: info.page - 1 })}`}>
              {labels.previous}
            </Link>
          ) : (
            <span />
          )}
          <p className="text-sm text-stone-700">{fill(labels.page, { page: info.page, pages: info.pages })}</p>
          {info.page < info.pages ? (
            <Link className="btn-secondary" rel="next" href={`${pathname}${withParams(search, { page: info.page + 1 })}`}>
              {labels.next}
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </div>
  );
}
