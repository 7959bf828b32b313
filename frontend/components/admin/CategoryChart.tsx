'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface CategoryPoint {
  /** What the bar is about, as shown (already translated). */
  label: string;
  value: number;
}

/**
 * Bars by category (recharts, the workspaces' chart library), with the same numbers
 * as a table: the chart is hidden from assistive tech, as in TimeSeriesChart.
 */
export function CategoryChart({
  title,
  tableCaption,
  categoryLabel,
  valueLabel,
  points,
  format = (value) => value.toLocaleString('en-KE'),
}: {
  title: string;
  tableCaption: string;
  categoryLabel: string;
  valueLabel: string;
  points: readonly CategoryPoint[];
  format?: (value: number) => string;
}) {
  return (
    <figure className="card p-4">
      <figcaption className="mb-3 font-semibold">{title}</figcaption>
      <div aria-hidden="true" className="h-56 w-full">
        <ResponsiveContainer width="100%" height="100%" minWidth={0} initialDimension={{ width: 480, height: 224 }}>
          <BarChart data={points as CategoryPoint[]} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" tickFormatter={(value: number) => format(value)} fontSize={12} allowDecimals={false} />
            <YAxis type="category" dataKey="label" width={150} fontSize={12} />
            <Tooltip formatter={(value) => format(Number(value))} />
            <Bar dataKey="value" fill="#0e5c3b" name={valueLabel} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <details className="mt-3">
        <summary className="cursor-pointer text-sm font-semibold">{tableCaption}</summary>
        <table className="mt-2 w-full text-left text-sm">
          <caption className="sr-only">{tableCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{categoryLabel}</th>
              <th scope="col">{valueLabel}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.label}>
                <td>{point.label}</td>
                <td>{format(point.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
