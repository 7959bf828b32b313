/** Label bundles of the admin workspace's client components. */
import type { Messages } from './dictionary';

export function notificationStatusLabels(t: Messages): Record<string, string> {
  const a = t.admin;
  return {
    queued: a.nQueued,
    sent: a.nSent,
    delivered: a.nDelivered,
    read: a.nRead,
    failed: a.nFailed,
    undeliverable: a.nUndeliverable,
    logged: a.nLogged,
  };
}

export function overviewLabels(t: Messages) {
  const a = t.admin;
  return {
    lead: a.overviewLead,
    loading: t.common.loading,
    pendingCars: a.pendingCars,
    unapprovedVendors: a.unapprovedVendors,
    unassignedImports: a.unassignedImports,
    listingsPerDay: a.listingsPerDay,
    listingsPerDayTable: a.listingsPerDayTable,
    ordersPerDay: a.ordersPerDay,
    ordersPerDayTable: a.ordersPerDayTable,
    day: a.day,
    count: a.count,
    queueByAge: a.queueByAge,
    queueByAgeTable: a.queueByAgeTable,
    waited: a.waited,
    notificationOutcomes: a.notificationOutcomes,
    notificationOutcomesTable: a.notificationOutcomesTable,
    outcome: a.outcome,
    paymentsByMethod: a.paymentsByMethod,
    paymentsByMethodTable: a.paymentsByMethodTable,
    method: a.method,
    amount: a.amount,
    ageRange: a.ageRange,
    ageUnder: a.ageUnder,
    agePlus: a.agePlus,
    email: a.email,
    whatsapp: a.whatsapp,
    methodMpesa: a.methodMpesa,
    methodCard: a.methodCard,
    statuses: notificationStatusLabels(t),
  };
}
