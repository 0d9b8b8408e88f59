// What a group of records will read, declared by each record from its event before any is handled,
// so that StateReader loads it all in one statement per table. A row the group changes is read
// FOR UPDATE: two instances handling related records (after a rebalance) serialise on it.

/** Two-part keys (SKU and location, supplier and SKU), kept as parallel arrays for unnest(). */
export class KeyPairs {
  private readonly pairs = new Map<string, readonly [string, string]>();

  add(first: string, second: string): void {
    this.pairs.set(JSON.stringify([first, second]), [first, second]);
  }

  get size(): number {
    return this.pairs.size;
  }

  firsts(): string[] {
    return [...this.pairs.values()].map((p) => p[0]);
  }

  seconds(): string[] {
    return [...this.pairs.values()].map((p) => p[1]);
  }

  values(): IterableIterator<readonly [string, string]> {
    return this.pairs.values();
  }
}

export class ReadKeys {
  /** SKU@location whose stock level a record replaces (locked). */
  readonly stockLevels = new KeyPairs();
  /** SKU@location whose demand state a record advances (locked). */
  readonly demandStates = new KeyPairs();
  /** SKUs a record may re-plan: every location's stock and demand, every supplier's terms and lateness. */
  readonly replanSkus = new Set<string>();
  /** Supplier and SKU whose lateness a delivery advances (locked). */
  readonly lateness = new KeyPairs();
  /** SKU@location stock an order is judged against. */
  readonly stock = new KeyPairs();
  /** Orders a record replaces or updates (locked). */
  readonly orders = new Set<string>();
  /** Orders judged against the stock of their lines at their location (locked, with that stock). */
  readonly ordersWithStock = new Set<string>();
  /** Customers whose exposure a record replaces (locked), with their held orders and those orders' release needs. */
  readonly exposures = new Set<string>();
  /** Customers whose credit an order is judged against. */
  readonly credit = new Set<string>();
  /** Open needs a record may suppress a proposal with, grow or close (locked). */
  readonly needs = new Set<string>();
}
