/**
 * The sidecar's /v1 shapes the storefront reads (responses are snake_case; request
 * bodies use the contract's camelCase). Money is a decimal string in KES.
 */

export type Money = string;

export interface PageInfo {
  page: number;
  limit: number;
  total: number;
  pages: number;
}

export interface Page<T> {
  data: T[];
  pagination: PageInfo;
}

export type Role = 'customer' | 'vendor' | 'admin';

export interface User {
  id: number;
  email: string;
  role: Role;
  full_name: string | null;
  phone: string | null;
  phone_verified?: boolean;
  whatsapp_opt_in: boolean;
  language: 'en' | 'sw';
  is_active: boolean;
  created_at: string;
  vendor: { id: number; company_name: string; approved: boolean; kinds?: ('parts' | 'importer')[] } | null;
}

export interface SessionOut {
  user: User;
  token: string;
  expires_in: number;
}

export type CarStatus = 'pending' | 'active' | 'reserved' | 'sold' | 'rejected';
export type Fuel = 'petrol' | 'diesel' | 'hybrid' | 'electric';
export type Transmission = 'automatic' | 'manual';
export const FUELS: readonly Fuel[] = ['petrol', 'diesel', 'hybrid', 'electric'];
export const TRANSMISSIONS: readonly Transmission[] = ['automatic', 'manual'];

export interface RelatedArticle {
  document_id: string;
  locale: string;
  slug: string | null;
  title: string | null;
  excerpt: string | null;
  cover_url: string | null;
  published_at: string | null;
}

export interface Car {
  id: number;
  owner_id: number;
  title: string;
  make: string;
  model: string;
  year: number;
  price: Money;
  mileage_km: number | null;
  description: string | null;
  images: string[];
  image_urls: string[];
  status: CarStatus;
  rejection_reason: string | null;
  catalogue_unknown: boolean;
  fuel?: Fuel | null;
  transmission?: Transmission | null;
  location?: string | null;
  body_type?: string | null;
  seller?: { id: number; name: string | null } | null;
  created_at: string;
  updated_at: string;
}

export interface CarDetail extends Car {
  related_articles: RelatedArticle[];
}

export type CarSort = 'newest' | 'price' | '-price' | 'year' | '-year';
export const CAR_SORTS: readonly CarSort[] = ['newest', 'price', '-price', '-year', 'year'];

export interface CarFilters {
  make?: string;
  model?: string;
  minYear?: number;
  maxYear?: number;
  minPrice?: number;
  maxPrice?: number;
  fuel?: Fuel;
  maxMileage?: number;
  q?: string;
  sort?: CarSort;
  page?: number;
  limit?: number;
}

export interface CarInput {
  title: string;
  make: string;
  model: string;
  year: number;
  price: number;
  mileageKm?: number | null;
  description?: string | null;
  fuel?: Fuel | null;
  transmission?: Transmission | null;
  location?: string | null;
  images: string[];
}

export interface UploadForm {
  key: string;
  url: string;
  fields: Record<string, string>;
  max_bytes: number;
  expires_in: number;
  public_url: string;
}

export interface Fitment {
  make: string;
  model: string | null;
  years: number[] | null;
}

export interface Part {
  id: number;
  vendor_id: number;
  vendor_company_name: string;
  name: string;
  sku: string;
  compatibility: Fitment[];
  price: Money;
  stock: number;
  /** Storage keys of its photos, and their public URLs in the same order. */
  images: string[];
  image_urls: string[];
  created_at: string;
  updated_at: string;
}

export interface PartFilters {
  name?: string;
  compatibility?: string;
  page?: number;
  limit?: number;
}

export interface Inquiry {
  id: number;
  user_id: number;
  part_id: number;
  part_name: string;
  vendor_id: number;
  quantity: number;
  message: string;
  status: 'new' | 'responded' | 'closed';
  response_message: string | null;
  responded_at: string | null;
  created_at: string;
}

export type OrderStatus = 'pending' | 'paid' | 'fulfilled' | 'cancelled' | 'expired' | 'refunded';

export interface OrderItem {
  id?: number;
  item_type: 'car' | 'part';
  item_id: number;
  title: string;
  quantity: number;
  unit_price: Money;
  line_total: Money;
  fulfilled_at?: string | null;
}

export interface Order {
  id: number;
  number?: string;
  user_id: number;
  status: OrderStatus;
  total: Money;
  amount_due?: Money;
  currency: string;
  hold_expires_at?: string | null;
  paid_at?: string | null;
  items: OrderItem[];
  /** Shown to the sellers of a paid order (and to admins), for the handover. */
  buyer?: { name: string; phone: string | null } | null;
  created_at: string;
  updated_at: string;
}

/** GET /v1/orders/sales: what the caller sold, per Nairobi day. */
export interface SalesSummary {
  days: number;
  start: string;
  end: string;
  currency: string;
  revenue: Money;
  units: number;
  orders: number;
  lines_to_fulfil: number;
  series: { day: string; revenue: Money; units: number; orders: number }[];
}

export interface PartInput {
  name: string;
  sku: string;
  price: number;
  stock: number;
  compatibility: Fitment[];
  images: string[];
}

/** A published entry of the content mirror (the make/model catalogue among them). */
export interface ContentEntry {
  type: string;
  document_id: string;
  locale: string;
  data: Record<string, unknown>;
}

export type PaymentStatus = 'initiated' | 'succeeded' | 'failed' | 'refunded';

export interface Payment {
  id: number;
  provider: 'mpesa' | 'stripe' | 'simulated';
  method: 'mpesa' | 'card';
  amount: Money;
  currency: string;
  status: PaymentStatus;
  failure_message: string | null;
  mpesa_receipt: string | null;
  phone: string | null;
  created_at: string;
  updated_at: string;
}

export interface PaymentStarted {
  id: number;
  status: PaymentStatus;
  provider: 'mpesa' | 'stripe' | 'simulated';
  checkout_request_id?: string | null;
  client_secret?: string | null;
  payment_intent_id?: string | null;
}

export interface CrspRow {
  id: number;
  make: string;
  model: string;
  engine_cc: number | null;
  fuel: string | null;
  body_type: string | null;
  transmission: string | null;
  drive: string | null;
  seating: string | null; // KRA writes "5", "2(4)", "5 seat"
  crsp: Money;
}

export interface CostLine {
  key?: string;
  code?: string;
  label: string;
  amount: Money;
  base?: Money | null;
  rate?: string | null;
  source?: string | null;
  group?: string | null;
}

export interface CostGroup {
  key: string;
  label: string;
  amount: Money;
}

export interface CostBreakdown {
  currency?: string;
  lines: CostLine[];
  groups?: CostGroup[];
  total?: Money;
  [extra: string]: unknown;
}

export interface ImportSpecs {
  make?: string;
  model?: string;
  year: number;
  budget: Money | number;
  origin_country: string;
  engine_cc?: number | null;
  fuel?: string | null;
  crsp_id?: number | null;
}

export interface ImportEstimate {
  specs: ImportSpecs;
  estimated_cost: Money;
  cost_breakdown: CostBreakdown;
  over_budget: boolean;
  budget_message: string;
  warnings?: string[];
  crsp?: { row: CrspRow | null; release: string | null; alternatives: CrspRow[] } | null;
}

export type ImportStatus =
  | 'pending'
  | 'sourcing'
  | 'shipped'
  | 'arrived'
  | 'cleared'
  | 'delivered'
  | 'cancelled';

export interface TimelineEvent {
  id: number;
  from_status: ImportStatus | null;
  to_status: ImportStatus;
  note: string | null;
  actor_id: number | null;
  created_at: string;
}

export interface ImportRequest extends ImportEstimate {
  id: number;
  user_id: number;
  status: ImportStatus;
  created_at: string;
  updated_at: string;
  timeline: TimelineEvent[];
  assigned_importer_id?: number | null;
  /** The statuses it may legally move to now (journey order, cancelled last). */
  next_statuses?: ImportStatus[];
}

export interface ImportSpecsInput {
  crspId?: number;
  make?: string;
  model?: string;
  engineCc?: number;
  fuel?: string;
  year: number;
  originCountry: string;
  budget: number;
}

export interface Notification {
  id: number;
  channel: string;
  template: string;
  subject: string | null;
  body: string;
  status: string;
  created_at: string;
}

/** RFC 9457 problem+json as the sidecar writes it. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}
