/**
 * The browser's client of the sidecar, through the storefront's own origin (/v1 is
 * proxied), so the refresh cookie (HttpOnly, SameSite=Strict, path /v1/auth) just
 * works. The access token lives in memory only; a 401 refreshes it once through the
 * cookie and retries. A localStorage flag remembers that a session may exist, so
 * anonymous visitors never call /auth/refresh.
 */
import { ApiError, problemOf } from './errors';
import { toQuery } from './query';
import type {
  Car,
  CarInput,
  ContentEntry,
  CrspRow,
  ImportEstimate,
  ImportRequest,
  ImportSpecsInput,
  Inquiry,
  Notification,
  Order,
  Page,
  Part,
  PartInput,
  Payment,
  PaymentStarted,
  SalesSummary,
  SessionOut,
  UploadForm,
  User,
} from './types';

const SESSION_FLAG = 'gm_session';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RequestOptions {
  body?: unknown;
  /** A multipart body (a file upload); the browser sets its content type. */
  form?: FormData;
  auth?: boolean;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

type Listener = (user: User | null) => void;

function hasSessionFlag(): boolean {
  try {
    return window.localStorage.getItem(SESSION_FLAG) === '1';
  } catch {
    return false;
  }
}

function setSessionFlag(on: boolean): void {
  try {
    if (on) window.localStorage.setItem(SESSION_FLAG, '1');
    else window.localStorage.removeItem(SESSION_FLAG);
  } catch {
    // private mode: the session lasts as long as the page
  }
}

export class BrowserApi {
  private token: string | null = null;
  private refreshing: Promise<string | null> | null = null;
  private listeners = new Set<Listener>();

  constructor(private readonly base = '') {}

  onSignedOut(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get signedIn(): boolean {
    return this.token !== null;
  }

  mayHaveSession(): boolean {
    return this.token !== null || hasSessionFlag();
  }

  private startSession(session: SessionOut): User {
    this.token = session.token;
    setSessionFlag(true);
    return session.user;
  }

  private endSession(): void {
    const had = this.token !== null || hasSessionFlag();
    this.token = null;
    setSessionFlag(false);
    if (had) this.listeners.forEach((listener) => listener(null));
  }

  /** A fresh access token from the refresh cookie (one request at a time). */
  refresh(): Promise<string | null> {
    if (!this.refreshing) {
      this.refreshing = (async () => {
        try {
          const response = await fetch(`${this.base}/v1/auth/refresh`, {
            method: 'POST',
            credentials: 'same-origin',
          });
          if (!response.ok) {
            this.endSession();
            return null;
          }
          const body = (await response.json()) as { token: string };
          this.token = body.token;
          setSessionFlag(true);
          return body.token;
        } catch {
          return null;
        } finally {
          this.refreshing = null;
        }
      })();
    }
    return this.refreshing;
  }

  private async send(method: Method, path: string, options: RequestOptions, token: string | null) {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    return fetch(`${this.base}${path}`, {
      method,
      headers,
      body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      credentials: 'same-origin',
      signal: options.signal,
    });
  }

  async request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
    const auth = options.auth ?? true;
    let token = auth ? this.token : null;
    if (auth && !token && hasSessionFlag()) token = await this.refresh();
    let response = await this.send(method, path, options, token);
    if (response.status === 401 && auth && token) {
      token = await this.refresh();
      if (token) response = await this.send(method, path, options, token);
    }
    if (!response.ok) throw new ApiError(await problemOf(response));
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  // --- auth -------------------------------------------------------------------

  async login(email: string, password: string): Promise<User> {
    const session = await this.request<SessionOut>('POST', '/v1/auth/login', {
      body: { email, password },
      auth: false,
    });
    return this.startSession(session);
  }

  async register(input: {
    email: string;
    password: string;
    fullName?: string;
    phone?: string;
    language: 'en' | 'sw';
  }): Promise<User> {
    const session = await this.request<SessionOut>('POST', '/v1/auth/register', {
      body: {
        email: input.email,
        password: input.password,
        fullName: input.fullName || undefined,
        phone: input.phone || undefined,
        language: input.language,
      },
      auth: false,
    });
    return this.startSession(session);
  }

  async logout(): Promise<void> {
    try {
      await this.request<void>('POST', '/v1/auth/logout', { auth: false });
    } finally {
      this.endSession();
    }
  }

  /** The signed-in user, or null (no session, or it ended). */
  async me(): Promise<User | null> {
    if (!this.mayHaveSession()) return null;
    try {
      return (await this.request<{ user: User }>('GET', '/v1/auth/me')).user;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.endSession();
        return null;
      }
      throw error;
    }
  }

  async updateMe(changes: {
    fullName?: string;
    phone?: string | null;
    whatsappOptIn?: boolean;
    language?: 'en' | 'sw';
  }): Promise<User> {
    return (await this.request<{ user: User }>('PATCH', '/v1/auth/me', { body: changes })).user;
  }

  sendPhoneCode(): Promise<{ expires_at: string }> {
    return this.request('POST', '/v1/auth/phone/verify');
  }

  async confirmPhone(code: string): Promise<User> {
    return (await this.request<{ user: User }>('POST', '/v1/auth/phone/confirm', { body: { code } }))
      .user;
  }

  // --- cars -------------------------------------------------------------------

  myCars(page = 1): Promise<Page<Car>> {
    return this.request('GET', `/v1/cars${toQuery({ mine: true, page, limit: 50 })}`);
  }

  getCar(id: number): Promise<Car> {
    return this.request('GET', `/v1/cars/${id}`);
  }

  createCar(input: CarInput): Promise<Car> {
    return this.request('POST', '/v1/cars', { body: input });
  }

  updateCar(id: number, input: Partial<CarInput>): Promise<Car> {
    return this.request('PATCH', `/v1/cars/${id}`, { body: input });
  }

  deleteCar(id: number): Promise<void> {
    return this.request('DELETE', `/v1/cars/${id}`);
  }

  // --- media ------------------------------------------------------------------

  createUpload(file: File): Promise<UploadForm> {
    return this.request('POST', '/v1/media/uploads', {
      body: { contentType: file.type, size: file.size, filename: file.name },
    });
  }

  /** Posts the file with the form's fields (S3 or the local stand-in), reporting progress. */
  uploadFile(form: UploadForm, file: File, onProgress: (percent: number) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const data = new FormData();
      for (const [name, value] of Object.entries(form.fields)) data.append(name, value);
      data.append('file', file);
      const xhr = new XMLHttpRequest();
      xhr.open('POST', form.url);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
      };
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) {
          onProgress(100);
          resolve();
          return;
        }
        let detail = `HTTP ${xhr.status}`;
        try {
          const body = JSON.parse(xhr.responseText) as { detail?: string };
          if (body.detail) detail = body.detail;
        } catch {
          // S3 answers XML: keep the status
        }
        reject(new ApiError({ status: xhr.status, detail }));
      };
      xhr.onerror = () => reject(new ApiError({ status: 0, detail: 'network error' }));
      xhr.send(data);
    });
  }

  // --- imports ----------------------------------------------------------------

  searchCrsp(make: string, q: string, signal?: AbortSignal): Promise<Page<CrspRow>> {
    return this.request('GET', `/v1/imports/crsp${toQuery({ make, q, limit: 10 })}`, {
      auth: false,
      signal,
    });
  }

  estimateImport(specs: ImportSpecsInput): Promise<ImportEstimate> {
    return this.request('POST', '/v1/imports/estimate', { body: { specs }, auth: false });
  }

  requestImport(specs: ImportSpecsInput): Promise<ImportRequest> {
    return this.request('POST', '/v1/imports', { body: { specs } });
  }

  myImports(): Promise<Page<ImportRequest>> {
    return this.request('GET', '/v1/imports?limit=50');
  }

  getImport(id: number): Promise<ImportRequest> {
    return this.request('GET', `/v1/imports/${id}`);
  }

  // --- parts, inquiries -------------------------------------------------------

  askVendor(partId: number, quantity: number, message: string): Promise<Inquiry> {
    return this.request('POST', '/v1/inquiries', { body: { partId, quantity, message } });
  }

  myInquiries(): Promise<Page<Inquiry>> {
    return this.request('GET', '/v1/inquiries?limit=50');
  }

  // --- orders and payments ----------------------------------------------------

  /** One order for one car or some parts; the key makes a double click one order. */
  placeOrder(
    items: { item_type: 'car' | 'part'; item_id: number; quantity: number }[],
    idempotencyKey: string,
  ): Promise<Order> {
    return this.request('POST', '/v1/orders', {
      body: { items },
      headers: { 'Idempotency-Key': idempotencyKey },
    });
  }

  myOrders(): Promise<Page<Order>> {
    return this.request('GET', '/v1/orders?limit=50');
  }

  getOrder(id: number): Promise<Order> {
    return this.request('GET', `/v1/orders/${id}`);
  }

  cancelOrder(id: number): Promise<Order> {
    return this.request('POST', `/v1/orders/${id}/cancel`);
  }

  payByMpesa(orderId: number, phone: string): Promise<PaymentStarted> {
    return this.request('POST', `/v1/orders/${orderId}/payments`, {
      body: { method: 'mpesa', phone },
    });
  }

  payByCard(orderId: number): Promise<PaymentStarted> {
    return this.request('POST', `/v1/orders/${orderId}/payments`, { body: { method: 'card' } });
  }

  payments(orderId: number): Promise<Page<Payment>> {
    return this.request('GET', `/v1/orders/${orderId}/payments`);
  }

  notifications(): Promise<Page<Notification>> {
    return this.request('GET', '/v1/notifications?limit=50');
  }

  // --- workspaces: vendors and importers ---------------------------------------

  getPart(id: number): Promise<Part> {
    return this.request('GET', `/v1/parts/${id}`);
  }

  createPart(input: PartInput): Promise<Part> {
    return this.request('POST', '/v1/parts', { body: input });
  }

  updatePart(id: number, changes: Partial<PartInput>): Promise<Part> {
    return this.request('PATCH', `/v1/parts/${id}`, { body: changes });
  }

  deletePart(id: number): Promise<void> {
    return this.request('DELETE', `/v1/parts/${id}`);
  }

  respondToInquiry(id: number, responseMessage: string): Promise<Inquiry> {
    return this.request('PUT', `/v1/inquiries/${id}/respond`, {
      body: { responseMessage, status: 'responded' },
    });
  }

  fulfilLine(orderId: number, itemId: number): Promise<Order> {
    return this.request('PUT', `/v1/orders/${orderId}/items/${itemId}/fulfil`);
  }

  salesSummary(days: number): Promise<SalesSummary> {
    return this.request('GET', `/v1/orders/sales${toQuery({ days })}`);
  }

  assignedImports(page = 1): Promise<Page<ImportRequest>> {
    return this.request('GET', `/v1/imports${toQuery({ assigned: true, page, limit: 100 })}`);
  }

  changeImportStatus(id: number, status: string, note?: string): Promise<ImportRequest> {
    return this.request('PUT', `/v1/imports/${id}/status`, { body: { status, note: note || undefined } });
  }

  /** The make/model catalogue (published, from the content mirror). */
  catalogue(type: 'vehicle-makes' | 'vehicle-models'): Promise<Page<ContentEntry>> {
    return this.request('GET', `/v1/content/${type}?limit=100`, { auth: false });
  }
}

/** The page's one client (module state: one per browser tab). */
export const api = new BrowserApi();

/** A fresh idempotency key. */
export function newIdempotencyKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}
