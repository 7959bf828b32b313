'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface SeriesPoint {
  /** An ISO day (YYYY-MM-DD). */
  day: string;
  value: number;
}

/**
 * A per-day bar chart (recharts) with the same numbers as a table for screen readers
 * and anyone who would rather read: the chart itself is hidden from assistive tech.
 */
export function TimeSeriesChart({
  title,
  tableCaption,
  dayLabel,
  valueLabel,
  points,
  format = (value) => value.toLocaleString('en-KE'),
}: {
  title: string;
  tableCaption: string;
  dayLabel: string;
  valueLabel: string;
  points: readonly SeriesPoint[];
  format?: (value: number) => string;
}) {
  return (
    <figure className="card p-4">
      <figcaption className="mb-3 font-semibold">{title}</figcaption>
      <div aria-hidden="true" className="h-64 w-full">
        <ResponsiveContainer width="100%" height="100%" minWidth={0} initialDimension={{ width: 600, height: 256 }}>
          <BarChart data={points as SeriesPoint[]} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tickFormatter={(day: string) => day.slice(5)} fontSize={12} />
            <YAxis tickFormatter={(value: number) => format(value)} fontSize={12} width={80} />
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
              <th scope="col">{dayLabel}</th>
              <th scope="col">{valueLabel}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.day}>
                <td>{point.day}</td>
                <td>{format(point.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
