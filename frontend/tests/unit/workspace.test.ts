import { describe, expect, it } from 'vitest';

import type { User } from '@/lib/api/types';
import { apiQuery, ariaSort, capabilitiesOf, homeOf, nextSort, requireRole, visibleNav, withParams } from '@/lib/workspace';

function user(role: User['role'], vendor: User['vendor'] = null): User {
  return {
    id: 1,
    email: 'a@example.co.ke',
    role,
    full_name: null,
    phone: null,
    whatsapp_opt_in: false,
    language: 'en',
    is_active: true,
    created_at: '2026-01-01T00:00:00Z',
    vendor,
  };
}

const parts = user('vendor', { id: 3, company_name: 'Spares', approved: true, kinds: ['parts'] });
const importer = user('vendor', { id: 4, company_name: 'Imports', approved: true, kinds: ['importer'] });
const unapproved = user('vendor', { id: 5, company_name: 'New', approved: false, kinds: ['parts', 'importer'] });

describe('capabilities and the guard', () => {
  it('gives capabilities only to admins and approved vendors, by kind', () => {
    expect([...capabilitiesOf(user('admin'))]).toEqual(['admin']);
    expect([...capabilitiesOf(parts)]).toEqual(['parts']);
    expect([...capabilitiesOf(importer)]).toEqual(['importer']);
    expect(capabilitiesOf(unapproved).size).toBe(0);
    expect(capabilitiesOf(user('customer')).size).toBe(0);
  });

  it('waits, sends the signed-out to sign in with next, the unentitled home', () => {
    expect(requireRole(undefined, ['parts'], '/vendor', 'en')).toEqual({ kind: 'wait' });
    expect(requireRole(null, ['parts'], '/vendor/orders?status=paid', 'en')).toEqual({
      kind: 'redirect',
      to: '/login?next=%2Fvendor%2Forders%3Fstatus%3Dpaid',
      reason: 'signed-out',
    });
    expect(requireRole(user('customer'), ['admin'], '/admin', 'sw')).toEqual({ kind: 'redirect', to: '/sw', reason: 'forbidden' });
    expect(requireRole(importer, ['parts'], '/vendor', 'en').kind).toBe('redirect');
    expect(requireRole(importer, ['importer'], '/importer', 'en')).toEqual({ kind: 'allow' });
  });

  it('lands each person in their workspace', () => {
    expect(homeOf(user('admin'), 'en')).toBe('/admin');
    expect(homeOf(parts, 'sw')).toBe('/sw/vendor');
    expect(homeOf(importer, 'en')).toBe('/importer');
    expect(homeOf(unapproved, 'en')).toBe('/account');
  });

  it('shows a link only to the roles it serves', () => {
    const nav = [
      { href: '/vendor', label: 'Sales', serves: ['parts'] as const },
      { href: '/importer', label: 'Imports', serves: ['importer'] as const },
    ];
    expect(visibleNav(parts, nav).map((item) => item.label)).toEqual(['Sales']);
    expect(visibleNav(null, nav)).toEqual([]);
  });
});

describe('table state in the URL', () => {
  it('passes only the API parameters through, with the fixed ones', () => {
    const url = new URLSearchParams('page=2&sort=-stock&name=pad&utm=x');
    expect(apiQuery(url, ['name'], { vendorId: 3 })).toBe('?page=2&sort=-stock&name=pad&vendorId=3');
  });

  it('repeats a fixed list parameter', () => {
    const url = new URLSearchParams('status=sent&channel=email');
    expect(apiQuery(url, ['channel'], { status: ['failed', 'undeliverable'] })).toBe(
      '?channel=email&status=failed&status=undeliverable',
    );
  });

  it('changes and removes keys', () => {
    expect(withParams(new URLSearchParams('page=3&q=a'), { page: undefined, sort: 'name' })).toBe('?q=a&sort=name');
  });

  it('toggles the sort and names it for aria', () => {
    expect(nextSort(null, 'stock')).toBe('stock');
    expect(nextSort('stock', 'stock')).toBe('-stock');
    expect(ariaSort('-stock', 'stock')).toBe('descending');
    expect(ariaSort('name', 'stock')).toBe('none');
  });
});
