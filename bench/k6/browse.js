// The seed's browsing mix (issue 13): car lists with make and price filters, car
// pages, parts by compatibility and import estimates, 1-5 s think time, each virtual
// user behind its own forwarded address. Run through bench/k6.py.
//
//   USERS (default 1000), DURATION (2m), RAMP (30s), BASE_URL, P95_MS (150),
//   MIXED=1: one user in five is a buyer who signs in, inquires, orders and pays.
import http from 'k6/http';
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';

const BASE = __ENV.BASE_URL || 'http://127.0.0.1:8094';
const USERS = parseInt(__ENV.USERS || '1000', 10);
const DURATION = __ENV.DURATION || '2m';
const RAMP = __ENV.RAMP || '30s';
const P95 = parseInt(__ENV.P95_MS || '150', 10);

// 429 is the rate limit by design, 404 a car sold meanwhile, 503 shedding past
// capacity (counted by its own check): none is a failure of the system.
http.setResponseCallback(http.expectedStatuses({ min: 200, max: 299 }, 304, 404, 429));

export const options = {
  scenarios: {
    browse: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: RAMP, target: USERS },
        { duration: DURATION, target: USERS },
        { duration: '5s', target: 0 },
      ],
      gracefulRampDown: '10s',
      gracefulStop: '15s',
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.001'],
    http_req_duration: [`p(95)<${P95}`],
    checks: ['rate>0.999'],
    errors_5xx: ['count<1'],
    timeouts: ['count<1'],
    // Per endpoint: no limit of their own, only so the summary reports each one.
    'http_req_duration{name:GET /v1/cars}': ['max>=0'],
    'http_req_duration{name:GET /v1/cars/{id}}': ['max>=0'],
    'http_req_duration{name:GET /v1/parts}': ['max>=0'],
    'http_req_duration{name:POST /v1/imports/estimate}': ['max>=0'],
  },
  summaryTrendStats: ['avg', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'],
  // One connection per virtual user, as browsers behind a proxy would keep.
  noConnectionReuse: false,
  discardResponseBodies: false,
};

export const MAKES = {
  Toyota: ['Fielder', 'Premio', 'Harrier', 'Land Cruiser Prado', 'Vitz', 'Axio'],
  Nissan: ['Note', 'X-Trail', 'March', 'Sylphy'],
  Mazda: ['Demio', 'CX-5', 'Axela', 'Atenza'],
  Subaru: ['Forester', 'Outback', 'Impreza', 'Legacy'],
  Honda: ['Fit', 'Vezel', 'CR-V'],
  'Mercedes-Benz': ['C200', 'E250', 'GLE'],
};
const MAKE_WEIGHTS = [45, 15, 10, 8, 7, 5];
const ORIGINS = ['Japan', 'United Kingdom', 'UAE'];

function pick(items) {
  return items[Math.floor(Math.random() * items.length)];
}

export function pickMake() {
  const names = Object.keys(MAKES);
  let roll = Math.random() * MAKE_WEIGHTS.reduce((a, b) => a + b, 0);
  for (let i = 0; i < names.length; i += 1) {
    roll -= MAKE_WEIGHTS[i];
    if (roll <= 0) return names[i];
  }
  return names[0];
}

export function headers() {
  const n = exec.vu.idInTest;
  return { 'X-Forwarded-For': `10.${n >> 16}.${(n >> 8) & 255}.${n & 255}` };
}

function query(params) {
  return Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

const shed = new Counter('shed_503');
const limited = new Counter('limited_429');
const errors = new Counter('errors_5xx');
const timeouts = new Counter('timeouts');

function notShed(response) {
  check(response, { not_shed: (r) => r.status !== 503 });
  if (response.status === 503) shed.add(1);
  else if (response.status === 429) limited.add(1);
  else if (response.status >= 500) errors.add(1);
  else if (response.status === 0) timeouts.add(1);
}

let seenCars = [];

export function browseCars() {
  const make = pickMake();
  const params = { make, page: pick([1, 1, 1, 2, 3]) };
  if (Math.random() < 0.6) {
    const low = pick([500000, 800000, 1000000, 1500000, 2000000]);
    params.minPrice = low;
    params.maxPrice = low + pick([500000, 1500000]);
  }
  if (Math.random() < 0.3) params.model = pick(MAKES[make]);
  const r = http.get(`${BASE}/v1/cars?${query(params)}`, {
    headers: headers(),
    tags: { name: 'GET /v1/cars' },
  });
  notShed(r);
  if (r.status === 200) {
    const ids = r.json('data.#.id');
    if (ids && ids.length) seenCars = ids;
  }
}

export function openCar() {
  if (!seenCars.length) return browseCars();
  const r = http.get(`${BASE}/v1/cars/${pick(seenCars)}`, {
    headers: headers(),
    tags: { name: 'GET /v1/cars/{id}' },
  });
  notShed(r);
  return r;
}

export function searchParts() {
  const make = pickMake();
  const year = 2012 + Math.floor(Math.random() * 9);
  const r = http.get(`${BASE}/v1/parts?${query({ compatibility: `${make}:${pick(MAKES[make])}:${year}` })}`, {
    headers: headers(),
    tags: { name: 'GET /v1/parts' },
  });
  notShed(r);
}

export function estimate() {
  const make = pickMake();
  const body = JSON.stringify({
    specs: {
      make,
      model: pick(MAKES[make]),
      year: 2019 + Math.floor(Math.random() * 6),
      budget: pick([900000, 1500000, 2500000, 4000000]),
      originCountry: pick(ORIGINS),
      engine_cc: pick([1300, 1500, 1800, 2000, 2500]),
      fuel: pick(['petrol', 'petrol', 'diesel', 'hybrid']),
    },
  });
  const r = http.post(`${BASE}/v1/imports/estimate`, body, {
    headers: { ...headers(), 'Content-Type': 'application/json' },
    tags: { name: 'POST /v1/imports/estimate' },
  });
  notShed(r);
}

// -- buyers (MIXED=1): sign in once, then inquire, order a part and pay (simulated) --

const BENCH_PASSWORD = 'bench-password-1';
const FIRST_CUSTOMER = 502;
const LAST_USER = 50000;
let token = null;
let seenParts = [];

function signedIn() {
  if (token === null) {
    const account = FIRST_CUSTOMER + (exec.vu.idInTest % (LAST_USER - FIRST_CUSTOMER));
    const r = http.post(
      `${BASE}/v1/auth/login`,
      JSON.stringify({ email: `user${account}@bench.gurumisha.co.ke`, password: BENCH_PASSWORD }),
      { headers: { ...headers(), 'Content-Type': 'application/json' }, tags: { name: 'POST /v1/auth/login' } },
    );
    notShed(r);
    if (r.status !== 200) return null;
    token = r.json('token');
  }
  return { ...headers(), 'Content-Type': 'application/json', Authorization: `Bearer ${token}` };
}

function findParts() {
  const make = pickMake();
  const r = http.get(`${BASE}/v1/parts?${query({ compatibility: make, limit: 20 })}`, {
    headers: headers(),
    tags: { name: 'GET /v1/parts' },
  });
  notShed(r);
  if (r.status === 200) {
    const ids = (r.json('data') || []).filter((p) => p.stock > 0).map((p) => p.id);
    if (ids.length) seenParts = ids;
  }
}

export function buy() {
  if (!seenParts.length) findParts();
  const auth = signedIn();
  if (auth === null || !seenParts.length) return;
  const partId = pick(seenParts);
  const roll = Math.random();
  if (roll < 0.5) {
    const r = http.post(
      `${BASE}/v1/inquiries`,
      JSON.stringify({ partId, quantity: 1, message: 'Is this available? Do you deliver to Thika?' }),
      { headers: auth, tags: { name: 'POST /v1/inquiries' } },
    );
    notShed(r);
    return;
  }
  const order = http.post(
    `${BASE}/v1/orders`,
    JSON.stringify({ items: [{ itemType: 'part', itemId: partId, quantity: 1 }] }),
    { headers: auth, tags: { name: 'POST /v1/orders' } },
  );
  notShed(order);
  if (order.status !== 201) return;
  const pay = http.post(
    `${BASE}/v1/orders/${order.json('id')}/payments`,
    JSON.stringify({ method: 'mpesa', phone: '0712345678' }),
    { headers: auth, tags: { name: 'POST /v1/orders/{id}/payments' } },
  );
  notShed(pay);
}

export function think() {
  sleep(1 + Math.random() * 4);
}

export function browseOnce() {
  const roll = Math.random() * 67;
  if (roll < 30) browseCars();
  else if (roll < 50) openCar();
  else if (roll < 62) searchParts();
  else estimate();
}

const MIXED = __ENV.MIXED === '1';

export default function () {
  // In the mixed run one user in five is a buyer, who buys in a third of their turns.
  if (MIXED && exec.vu.idInTest % 5 === 0 && Math.random() < 0.33) buy();
  else browseOnce();
  think();
}
