/**
 * The admin workspace's calls to the sidecar and the shapes they return, through the
 * browser's one client (`api`, the same token and refresh). Lists the workspace shows
 * as tables are read by DataTable from their `/v1` paths; what is here are the
 * actions and the reads that are not tables.
 */
import { api } from './browser';
import { toQuery } from './query';
import type { Car, ImportRequest, Money, Order, Page } from './types';

// --- shapes -----------------------------------------------------------------

export type VendorKind = 'parts' | 'importer';

export interface VendorRow {
  id: number;
  user_id: number;
  company_name: string;
  approved: boolean;
  kinds: VendorKind[];
  approved_at: string | null;
  created_at: string;
  email: string;
}

export interface AuditRow {
  id: number;
  user_id: number | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  timestamp: string;
  ip: string | null;
  changes: Record<string, unknown> | null;
}

export interface NotificationRow {
  id: number;
  outbox_id: number | null;
  user_id: number | null;
  channel: 'whatsapp' | 'email';
  template: string;
  to_address: string | null;
  subject: string | null;
  body: string;
  status: string;
  provider_id: string | null;
  attempts: number;
  error: string | null;
  sent_at: string | null;
  delivered_at: string | null;
  created_at: string;
}

export interface AdminOrder extends Order {
  payment_method: string | null;
  paid_at: string | null;
  refund_requested_at: string | null;
  buyer: { name: string; phone: string | null } | null;
}

export interface DayCount {
  day: string;
  count: number;
}

export interface Overview {
  days: number;
  first_day: string;
  last_day: string;
  listings_per_day: DayCount[];
  orders_per_day: DayCount[];
  pending_cars: number;
  pending_cars_by_age: { min_days: number; max_days: number | null; count: number }[];
  unapproved_vendors: number;
  unassigned_imports: number;
  notification_outcomes: { channel: 'whatsapp' | 'email'; status: string; count: number }[];
  payments_by_method: { method: string; count: number; amount: Money }[];
}

export type CrspReleaseStatus = 'draft' | 'live' | 'archived';

export interface CrspRelease {
  label: string;
  effective_from: string;
  status: CrspReleaseStatus;
  source_file: string | null;
  checksum: string | null;
  row_count: number;
  created_at: string;
  published_at: string | null;
  archived_at: string | null;
}

export interface CrspDiffSummary {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
}

export interface CrspUploaded {
  release: CrspRelease;
  report: {
    rows: number;
    duplicates: number;
    duplicate_examples: { line: number; same_as_line: number; make: string; model: string }[];
  };
  diff: CrspDiffSummary & { against: string | null };
}

export type CrspDiffKind = 'added' | 'removed' | 'changed';

export interface CrspDiffRow {
  kind: CrspDiffKind;
  make: string;
  model: string;
  transmission: string | null;
  drive: string | null;
  engine_cc: number | null;
  body_type: string | null;
  seating: number | null;
  fuel: string | null;
  old_crsp: Money | null;
  new_crsp: Money | null;
}

export interface CrspDiff extends Page<CrspDiffRow> {
  against: string | null;
  summary: CrspDiffSummary;
}

// --- paths of the tables (read by DataTable) ---------------------------------

export const ADMIN_LISTS = {
  cars: '/v1/cars',
  vendors: '/v1/vendors',
  imports: '/v1/imports',
  orders: '/v1/orders',
  auditLogs: '/v1/audit-logs',
  notifications: '/v1/notifications',
  crspReleases: '/v1/imports/crsp/releases',
} as const;

// --- calls --------------------------------------------------------------------

export const adminApi = {
  overview(days = 30): Promise<Overview> {
    return api.request('GET', `/v1/stats/overview${toQuery({ days })}`);
  },

  approveCar(id: number): Promise<Car> {
    return api.request('PUT', `/v1/cars/${id}/approve`);
  },

  rejectCar(id: number, reason: string): Promise<Car> {
    return api.request('PUT', `/v1/cars/${id}/reject`, { body: { reason } });
  },

  /** Approves a vendor as what it may be: parts seller, importer or both. */
  approveVendor(id: number, kinds: VendorKind[]): Promise<VendorRow> {
    return api.request('PUT', `/v1/vendors/${id}/approve`, { body: { kinds } });
  },

  /** Approved importers, for the assignment picker (at most 100: a small trade). */
  importers(): Promise<Page<VendorRow>> {
    return api.request('GET', `/v1/vendors${toQuery({ approved: true, kind: 'importer', limit: 100 })}`);
  },

  assignImport(id: number, vendorId: number): Promise<ImportRequest> {
    return api.request('PUT', `/v1/imports/${id}/assign`, { body: { vendorId } });
  },

  refundOrder(id: number): Promise<AdminOrder> {
    return api.request('POST', `/v1/orders/${id}/refund`);
  },

  cancelOrder(id: number): Promise<AdminOrder> {
    return api.request('POST', `/v1/orders/${id}/cancel`);
  },

  /** A new CRSP list as a draft: its validation report and its difference from live. */
  uploadCrsp(form: FormData): Promise<CrspUploaded> {
    return api.request('POST', ADMIN_LISTS.crspReleases, { form });
  },

  crspDiff(label: string, params: { kind?: string; page?: number; limit?: number } = {}): Promise<CrspDiff> {
    return api.request('GET', `${ADMIN_LISTS.crspReleases}/${encodeURIComponent(label)}/diff${toQuery(params)}`);
  },

  publishCrsp(label: string): Promise<CrspRelease> {
    return api.request('POST', `${ADMIN_LISTS.crspReleases}/${encodeURIComponent(label)}/publish`);
  },
};
