'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { ChartFigure } from '@/components/workspace/ChartFigure';

export interface SeriesPoint {
  /** An ISO day (YYYY-MM-DD). */
  day: string;
  value: number;
}

/**
 * A per-day bar chart (recharts) with the same numbers as a table (ChartFigure).
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
    <ChartFigure
      title={title}
      tableCaption={tableCaption}
      headers={[dayLabel, valueLabel]}
      rows={points.map((point) => ({ key: point.day, cells: [point.day, format(point.value)] }))}
    >
      <ResponsiveContainer width="100%" height="100%" minWidth={0} initialDimension={{ width: 600, height: 256 }}>
        <BarChart accessibilityLayer={false} data={points as SeriesPoint[]} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(day: string) => day.slice(5)} fontSize={12} />
          <YAxis tickFormatter={(value: number) => format(value)} fontSize={12} width={80} />
          <Tooltip formatter={(value) => format(Number(value))} />
          <Bar dataKey="value" fill="#0e5c3b" name={valueLabel} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
