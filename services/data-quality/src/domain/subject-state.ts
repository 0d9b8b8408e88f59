// The last state seen for one subject and event type ("last-seen master data"): what consistency
// compares a new event with. Kept small and JSON-shaped because it is stored in Postgres as jsonb.
import type { ShipmentStatus } from '@governor/contracts';

export type SubjectState =
  | { kind: 'inventory-level'; onHand: number; allocated: number; inTransit: number; unitCost: number }
  | { kind: 'demand'; date: string; quantity: number }
  | { kind: 'sales-order'; customerId: string; location: string }
  | { kind: 'shipments'; shipments: Record<string, { status: ShipmentStatus; time: string }> }
  | { kind: 'deliveries'; supplierId: string; quantityOrdered: Record<string, number> }
  | { kind: 'supplier-terms'; unitCost: number; minOrderQuantity: number; quotedLeadTimeDays: number }
  | { kind: 'credit-exposure'; creditLimit: number; exposure: number; daysPastDue: number };

export type SubjectStateKind = SubjectState['kind'];

export type StateOf<K extends SubjectStateKind> = Extract<SubjectState, { kind: K }>;

export interface LastSeen {
  /** The fact time (asOf or time) of the event the state came from. */
  factTime: string;
  state: SubjectState;
}

/** The state of the wanted kind, or undefined when there is none (or it is of another kind). */
export function stateOf<K extends SubjectStateKind>(last: LastSeen | undefined, kind: K): StateOf<K> | undefined {
  return last?.state.kind === kind ? (last.state as StateOf<K>) : undefined;
}
