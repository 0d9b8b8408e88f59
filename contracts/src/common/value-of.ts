// The union of the values of a constants object: `ValueOf<typeof Domains>` is 'inventory' | ...
export type ValueOf<T> = T[keyof T];

/** The values of a constants object as a list, for validators and schema enums. */
export function valuesOf<T extends Record<string, string>>(constants: T): readonly ValueOf<T>[] {
  return Object.values(constants) as ValueOf<T>[];
}
