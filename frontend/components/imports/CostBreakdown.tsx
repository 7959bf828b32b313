import type { ImportEstimate } from '@/lib/api/types';
import { formatKes, formatPercent } from '@/lib/format';
import { type GroupKey, isSubtotal, lineKey, moneyGroups } from '@/lib/imports';

export interface BreakdownLabels {
  breakdown: string;
  item: string;
  amount: string;
  total: string;
  whereMoneyGoes: string;
  overBudget: string;
  withinBudget: string;
  warnings: string;
  disclaimer: string;
  groups: Record<GroupKey, string>;
  lines: Record<string, string>;
}

const GROUP_COLOURS: Record<GroupKey, string> = {
  abroad: '#0e5c3b',
  taxes: '#b45309',
  port: '#1d4ed8',
  clearing: '#7c3aed',
  registration: '#be123c',
  other: '#57534e',
};

/** The estimate line by line, and a bar of where the money goes (with its numbers as text). */
export function CostBreakdown({ estimate, labels }: { estimate: ImportEstimate; labels: BreakdownLabels }) {
  const groups = moneyGroups(estimate.cost_breakdown);
  const total = groups.reduce((sum, group) => sum + group.amount, 0);
  return (
    <div className="space-y-6">
      <div className={`rounded-lg border p-4 ${estimate.over_budget ? 'border-amber-400 bg-amber-50' : 'border-brand-600 bg-brand-50'}`}>
        <p className="text-sm font-semibold uppercase tracking-wide">{labels.total}</p>
        <p className="text-3xl font-extrabold">{formatKes(estimate.estimated_cost)}</p>
        <p className="mt-1">
          <span className="font-semibold">{estimate.over_budget ? labels.overBudget : labels.withinBudget}</span>
          {estimate.budget_message ? ` — ${estimate.budget_message}` : null}
        </p>
      </div>

      {estimate.warnings?.length ? (
        <div className="rounded-lg border border-amber-400 bg-amber-50 p-4">
          <p className="font-semibold">{labels.warnings}</p>
          <ul className="mt-1 list-disc pl-5">
            {estimate.warnings.map((warning) => <li key={warning}>{warning}</li>)}
          </ul>
        </div>
      ) : null}

      <figure>
        <figcaption className="mb-2 text-lg font-bold">{labels.whereMoneyGoes}</figcaption>
        <div className="flex h-6 w-full overflow-hidden rounded-full bg-stone-200" aria-hidden="true">
          {groups.map((group) => (
            <div key={group.key} style={{ width: `${(group.amount / total) * 100}%`, backgroundColor: GROUP_COLOURS[group.key] }} />
          ))}
        </div>
        <ul className="mt-3 grid gap-2 sm:grid-cols-2">
          {groups.map((group) => (
            <li key={group.key} className="flex items-center gap-2">
              <span aria-hidden="true" className="inline-block h-3 w-3 flex-none rounded-sm" style={{ backgroundColor: GROUP_COLOURS[group.key] }} />
              <span className="flex-1">{labels.groups[group.key]}</span>
              <span className="font-semibold">{formatKes(group.amount)}</span>
              <span className="w-12 text-right text-stone-700">{formatPercent(group.amount, total)}</span>
            </li>
          ))}
        </ul>
      </figure>

      <table className="w-full border-collapse text-left">
        <caption className="mb-2 text-left text-lg font-bold">{labels.breakdown}</caption>
        <thead>
          <tr className="border-b border-stone-300">
            <th scope="col" className="py-2 pr-2">{labels.item}</th>
            <th scope="col" className="py-2 text-right">{labels.amount}</th>
          </tr>
        </thead>
        <tbody>
          {estimate.cost_breakdown.lines.map((line) => {
            const key = lineKey(line);
            const subtotal = isSubtotal(line);
            return (
              <tr key={key} className={`border-b border-stone-100 ${subtotal ? 'italic text-stone-700' : ''}`}>
                <th scope="row" className="py-2 pr-2 font-normal">
                  {labels.lines[key] ?? line.label}
                  {line.rate && line.base ? (
                    <span className="block text-sm text-stone-600">
                      {`${(Number(line.rate) * 100).toFixed(Number(line.rate) * 100 % 1 ? 1 : 0)}% × ${formatKes(line.base)}`}
                    </span>
                  ) : null}
                </th>
                <td className="py-2 text-right tabular-nums">{formatKes(line.amount)}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" className="py-2 pr-2">{labels.total}</th>
            <td className="py-2 text-right font-bold tabular-nums">{formatKes(estimate.estimated_cost)}</td>
          </tr>
        </tfoot>
      </table>
      <p className="text-sm text-stone-600">{labels.disclaimer}</p>
    </div>
  );
}
