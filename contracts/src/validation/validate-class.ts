// One way to turn an untrusted plain value into a validated contract class instance, used by
// parse() for event payloads and by validateActionParameters() for action parameters.
import { plainToInstance } from 'class-transformer';
import { type ValidationError, type ValidatorOptions, validateSync } from 'class-validator';

/** One failing property: a dotted path such as `lines.0.quantity` and what is wrong with it. */
export interface FieldError {
  readonly path: string;
  readonly messages: readonly string[];
}

export type ClassValidation<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly FieldError[] };

// Created once: validateSync is called for every record on the hot path.
const VALIDATOR_OPTIONS: ValidatorOptions = Object.freeze({
  forbidUnknownValues: true,
  // The errors are only read for their paths and messages; holding the values would keep a
  // possibly large payload alive for as long as the error lives.
  validationError: { target: false, value: false },
});

export function flattenValidationErrors(errors: readonly ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path =
      error.property === undefined ? prefix : prefix ? `${prefix}.${error.property}` : error.property;
    const own: FieldError[] = error.constraints
      ? [{ path: path || '(root)', messages: Object.values(error.constraints) }]
      : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates an instance that is already of its class; no copy is made. */
export function validateInstance(instance: object): FieldError[] {
  return flattenValidationErrors(validateSync(instance, VALIDATOR_OPTIONS));
}

/**
 * plainToInstance then validateSync. Throws only what those throw (a RangeError on absurd nesting),
 * so a caller on the hot path wraps it; parse() does.
 */
export function validateAs<T extends object>(dataClass: new () => T, plain: unknown): ClassValidation<T> {
  if (!isPlainObject(plain)) {
    return { ok: false, errors: [{ path: '(root)', messages: ['must be a JSON object'] }] };
  }
  const instance = plainToInstance(dataClass, plain);
  const errors = validateInstance(instance);
  return errors.length === 0 ? { ok: true, value: instance } : { ok: false, errors };
}
