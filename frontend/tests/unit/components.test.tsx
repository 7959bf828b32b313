// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { StatusBadge } from '@/components/cars/StatusBadge';
import { CostBreakdown } from '@/components/imports/CostBreakdown';
import { Timeline } from '@/components/imports/Timeline';
import { Field, describedBy } from '@/components/ui/Field';
import type { ImportEstimate } from '@/lib/api/types';
import { getMessages } from '@/lib/i18n/dictionary';
import { breakdownLabels, importStatusLabels } from '@/lib/i18n/labels';

afterEach(cleanup);

const estimate: ImportEstimate = {
  specs: { make: 'Toyota', model: 'Harrier', year: 2021, budget: '2500000', origin_country: 'Japan' },
  estimated_cost: '5123456.00',
  over_budget: true,
  budget_message: 'About KES 2,623,456 over your budget.',
  cost_breakdown: {
    lines: [
      { code: 'vehicle_price', label: 'Vehicle price (FOB)', amount: '2500000.00' },
      { code: 'customs_value', label: 'Customs value (CIF)', amount: '2800000.00', is_subtotal: true } as never,
      { code: 'import_duty', label: 'Import duty', amount: '980000.00', base: '2800000.00', rate: '0.35' },
      { code: 'registration', label: 'NTSA registration', amount: '40000.00' },
    ],
  },
};

describe('CostBreakdown', () => {
  it('lists every line with its rate, the total, and the groups as text', () => {
    render(<CostBreakdown estimate={estimate} labels={breakdownLabels(getMessages('en'))} />);
    const table = screen.getByRole('table', { name: 'Landed-cost breakdown' });
    const duty = within(table).getByRole('rowheader', { name: /Import duty/ });
    expect(duty.textContent).toContain('35% × KES 2,800,000');
    expect(within(table).getByRole('rowheader', { name: 'Total landed cost' }).nextSibling?.textContent).toBe('KES 5,123,456');
    expect(screen.getByText('Over budget')).toBeTruthy();
    const legend = screen.getByText('Where the money goes').closest('figure') as HTMLElement;
    expect(within(legend).getByText('Taxes (KRA)')).toBeTruthy();
    expect(within(legend).getByText('KES 980,000')).toBeTruthy();
    // 2,500,000 of 3,520,000 spent: the customs value is not money spent.
    expect(within(legend).getByText('71%')).toBeTruthy();
  });
  it('speaks Swahili on Swahili pages', () => {
    render(<CostBreakdown estimate={estimate} labels={breakdownLabels(getMessages('sw'))} />);
    expect(screen.getByRole('table', { name: 'Mchanganuo wa gharama' })).toBeTruthy();
    expect(screen.getByRole('rowheader', { name: /Ushuru wa forodha/ })).toBeTruthy();
  });
});

describe('Timeline', () => {
  it('marks the current stage and shows each move with its note', () => {
    const t = getMessages('en');
    render(
      <Timeline
        status="shipped"
        locale="en"
        labels={{ timeline: t.imports.timeline, noEvents: t.imports.noEvents, statuses: importStatusLabels(t) }}
        events={[
          { id: 1, from_status: null, to_status: 'pending', note: null, actor_id: 1, created_at: '2026-12-01T06:00:00Z' },
          { id: 2, from_status: 'pending', to_status: 'shipped', note: 'ETA Mombasa 12 Dec', actor_id: 2, created_at: '2026-12-03T21:30:00Z' },
        ]}
      />,
    );
    const current = document.querySelector('[aria-current=step]');
    expect(current?.textContent).toBe('Shipped');
    expect(screen.getByText('ETA Mombasa 12 Dec')).toBeTruthy();
    expect(screen.getByText('4 Dec 2026, 00:30')).toBeTruthy(); // Nairobi time
  });
});

describe('Field and badges', () => {
  it('ties the hint and the error to the control', () => {
    render(
      <Field id="price" label="Price" hint="In KES" error="must be greater than 0">
        <input id="price" {...describedBy('price', 'In KES', 'must be greater than 0')} />
      </Field>,
    );
    const input = screen.getByLabelText('Price');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('price-hint price-error');
  });
  it('shows reserved and sold to everyone, active only when asked', () => {
    const t = getMessages('en');
    const { container, rerender } = render(<StatusBadge status="active" t={t} />);
    expect(container.textContent).toBe('');
    rerender(<StatusBadge status="reserved" t={t} />);
    expect(screen.getByText('Reserved')).toBeTruthy();
  });
});
