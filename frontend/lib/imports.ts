/**
 * The landed-cost breakdown as the import pages show it: lines in order, and the
 * "where the money goes" groups (from the API's `groups`, or summed from the lines'
 * `group`, or, for answers without groups, from each line's key).
 */
import type { CostBreakdown, CostLine, ImportStatus } from '@/lib/api/types';

export const GROUP_ORDER = ['abroad', 'taxes', 'port', 'clearing', 'registration', 'other'] as const;
export type GroupKey = (typeof GROUP_ORDER)[number];

// Line keys of the calculator (sidecar/imports/landed_cost.py) by where the money goes.
const GROUP_OF_KEY: Record<string, GroupKey> = {
  vehicle_price: 'abroad',
  freight: 'abroad',
  insurance: 'abroad',
  import_duty: 'taxes',
  excise_duty: 'taxes',
  vat: 'taxes',
  idf: 'taxes',
  rdl: 'taxes',
  port_charges: 'port',
  kpa_charges: 'port',
  cfs_delivery_order: 'port',
  shipping_line: 'port',
  clearing_fee: 'clearing',
  registration: 'registration',
};

export function lineKey(line: CostLine): string {
  return line.key ?? line.code ?? line.label;
}

/** Subtotals (the customs value) are shown for clarity but are not money spent. */
export function isSubtotal(line: CostLine): boolean {
  return Boolean((line as { is_subtotal?: boolean }).is_subtotal) || lineKey(line) === 'customs_value';
}

function groupOf(line: CostLine): GroupKey {
  // The line's key first: the API's own groups (tax, official_fee, agent...) are finer.
  const group = GROUP_OF_KEY[lineKey(line)] ?? line.group;
  return (GROUP_ORDER as readonly string[]).includes(group ?? '') ? (group as GroupKey) : 'other';
}

export interface MoneyGroup {
  key: GroupKey;
  amount: number;
}

/** Where the money goes, in a fixed order, without empty groups. */
export function moneyGroups(breakdown: CostBreakdown): MoneyGroup[] {
  const totals = new Map<GroupKey, number>();
  if (breakdown.groups?.length) {
    for (const group of breakdown.groups) {
      const key = (GROUP_ORDER as readonly string[]).includes(group.key) ? (group.key as GroupKey) : 'other';
      totals.set(key, (totals.get(key) ?? 0) + Number(group.amount));
    }
  } else {
    for (const line of breakdown.lines) {
      if (isSubtotal(line)) continue;
      const key = groupOf(line);
      totals.set(key, (totals.get(key) ?? 0) + Number(line.amount));
    }
  }
  return GROUP_ORDER.filter((key) => (totals.get(key) ?? 0) > 0).map((key) => ({ key, amount: totals.get(key) ?? 0 }));
}

export const IMPORT_STEPS: readonly ImportStatus[] = ['pending', 'sourcing', 'shipped', 'arrived', 'cleared', 'delivered'];

export const ORIGINS = ['Japan', 'United Kingdom', 'United Arab Emirates', 'South Africa', 'Thailand', 'Singapore'] as const;

/** "Fielder, 1500 cc, petrol": how a CRSP row is offered in the type-ahead. */
export function crspLabel(row: { model: string; engine_cc: number | null; fuel: string | null }): string {
  return [row.model, row.engine_cc ? `${row.engine_cc} cc` : null, row.fuel].filter(Boolean).join(', ');
}
