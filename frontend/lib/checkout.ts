/** What the checkout page shows, from the order and its latest payment (a pure rule). */
import type { Order, Payment } from '@/lib/api/types';

export type PaymentStage =
  | 'loading'
  | 'choose'
  | 'waiting'
  | 'failed'
  | 'paid'
  | 'fulfilled'
  | 'cancelled'
  | 'expired'
  | 'refunded';

export function latestPayment(payments: Payment[]): Payment | null {
  return payments.reduce<Payment | null>(
    (latest, payment) => (!latest || payment.id > latest.id ? payment : latest),
    null,
  );
}

export function paymentStage(
  order: Pick<Order, 'status'>,
  payment: Pick<Payment, 'status'> | null,
  { retrying = false }: { retrying?: boolean } = {},
): PaymentStage {
  switch (order.status) {
    case 'paid':
      return 'paid';
    case 'fulfilled':
    case 'cancelled':
    case 'expired':
    case 'refunded':
      return order.status;
    case 'pending':
      break;
  }
  if (!payment) return 'choose';
  if (payment.status === 'failed' || payment.status === 'refunded') return retrying ? 'choose' : 'failed';
  // Initiated, or succeeded while the order's own status catches up: keep polling.
  return 'waiting';
}
