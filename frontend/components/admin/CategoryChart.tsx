'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { ChartFigure } from '@/components/workspace/ChartFigure';

export interface CategoryPoint {
  /** What the bar is about, as shown (already translated). */
  label: string;
  value: number;
}

/**
 * Bars by category (recharts, the workspaces' chart library), with the same numbers
 * as a table (ChartFigure).
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
    <ChartFigure
      title={title}
      tableCaption={tableCaption}
      headers={[categoryLabel, valueLabel]}
      rows={points.map((point) => ({ key: point.label, cells: [point.label, format(point.value)] }))}
      height="h-56"
    >
      <ResponsiveContainer width="100%" height="100%" minWidth={0} initialDimension={{ width: 480, height: 224 }}>
        <BarChart accessibilityLayer={false} data={points as CategoryPoint[]} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" tickFormatter={(value: number) => format(value)} fontSize={12} allowDecimals={false} />
          <YAxis type="category" dataKey="label" width={150} fontSize={12} />
          <Tooltip formatter={(value) => format(Number(value))} />
          <Bar dataKey="value" fill="#0e5c3b" name={valueLabel} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
