import type { ReactNode } from 'react';

/**
 * A chart with its numbers: the picture (``children``) is hidden from assistive tech,
 * and a <details> table carries the same numbers for screen readers and anyone who
 * would rather read (axe-clean either way).
 */
export function ChartFigure({
  title,
  tableCaption,
  headers,
  rows,
  height = 'h-64',
  children,
}: {
  title: string;
  tableCaption: string;
  headers: readonly [string, string];
  rows: readonly { key: string; cells: readonly [ReactNode, ReactNode] }[];
  height?: string;
  children: ReactNode;
}) {
  return (
    <figure className="card p-4">
      <figcaption className="mb-3 font-semibold">{title}</figcaption>
      <div aria-hidden="true" className={`${height} w-full`}>
        {children}
      </div>
      <details className="mt-3">
        <summary className="cursor-pointer text-sm font-semibold">{tableCaption}</summary>
        <table className="mt-2 w-full text-left text-sm">
          <caption className="sr-only">{tableCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{headers[0]}</th>
              <th scope="col">{headers[1]}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <td>{row.cells[0]}</td>
                <td>{row.cells[1]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
