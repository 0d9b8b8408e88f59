// The property rules every contract class is written in: one decorator per rule of docs/contract.md
// section 1, so that "a quantity" or "a date" means the same thing in every event.
import 'reflect-metadata';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';
import { fitsUtf8Bytes, isCalendarDate, isRfc3339Timestamp } from './formats';

/** Names under which the format validators are registered; the schema generator maps them to formats. */
export const FormatValidatorNames = {
  CalendarDate: 'isCalendarDate',
  Rfc3339Timestamp: 'isRfc3339Timestamp',
  MaxUtf8Bytes: 'maxUtf8Bytes',
} as const;

function all(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

function formatValidator(
  name: string,
  test: (value: unknown) => boolean,
  expected: string,
  options?: ValidationOptions,
  constraints: unknown[] = [],
): PropertyDecorator {
  return (target, key) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(key),
      options,
      constraints,
      validator: {
        validate: (value: unknown) => test(value),
        defaultMessage: (args) => `${args?.property ?? String(key)} must be ${expected}`,
      },
    });
}

/** Ids, names and free text: a string with at least one character. */
export function IsNonEmptyString(options?: ValidationOptions): PropertyDecorator {
  return all(IsString(options), IsNotEmpty(options));
}

/** Quantities and amounts: finite and never below zero. */
export function IsNonNegativeNumber(): PropertyDecorator {
  return all(IsNumber({ allowNaN: false, allowInfinity: false }), Min(0));
}

export function IsNonNegativeInt(): PropertyDecorator {
  return all(IsInt(), Min(0));
}

/** A ratio such as a confidence or a data-quality score. */
export function IsUnitInterval(): PropertyDecorator {
  return all(IsNumber({ allowNaN: false, allowInfinity: false }), Min(0), Max(1));
}

export function IsOneOf(values: readonly string[]): PropertyDecorator {
  return IsIn([...values]);
}

/** `YYYY-MM-DD`, a day that exists. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return formatValidator(FormatValidatorNames.CalendarDate, isCalendarDate, 'a YYYY-MM-DD date', options);
}

/** RFC 3339 timestamp with an explicit offset. */
export function IsRfc3339Timestamp(options?: ValidationOptions): PropertyDecorator {
  return formatValidator(
    FormatValidatorNames.Rfc3339Timestamp,
    isRfc3339Timestamp,
    'an RFC 3339 timestamp with a time zone offset',
    options,
  );
}

/** A string whose UTF-8 encoding fits in `maxBytes`: Kafka limits bytes, not characters. */
export function IsStringOfMaxUtf8Bytes(maxBytes: number): PropertyDecorator {
  return formatValidator(
    FormatValidatorNames.MaxUtf8Bytes,
    (value) => fitsUtf8Bytes(value, maxBytes),
    `a string of at most ${maxBytes} bytes of UTF-8`,
    undefined,
    [maxBytes],
  );
}

/** ISO 4217 shape; the code list itself changes over time, so it is not pinned here. */
export function IsCurrencyCode(): PropertyDecorator {
  return Matches(/^[A-Z]{3}$/, { message: ({ property }) => `${property} must be an ISO 4217 code` });
}

/**
 * A `?` field: it may be absent, but when present it must be valid. Unlike class-validator's
 * IsOptional this refuses null, so the TypeScript type `T | undefined` tells the truth.
 */
export function Optional(): PropertyDecorator {
  return (target, key) => ValidateIf((object: object) => Reflect.get(object, key) !== undefined)(target, key);
}

// Keyed by class; classes live as long as the process, so a plain Map is no leak.
const nullableProperties = new Map<object, readonly string[]>();

/**
 * A field that must be present but may be null (`T | null`). Recorded here so that the schema
 * generator can say the same, since class-validator-jsonschema reads any ValidateIf as "optional".
 */
export function Nullable(): PropertyDecorator {
  return (target, key) => {
    ValidateIf((object: object) => Reflect.get(object, key) !== null)(target, key);
    const names = nullableProperties.get(target.constructor) ?? [];
    nullableProperties.set(target.constructor, [...names, String(key)]);
  };
}

/** Every class with {@link Nullable} properties, and those properties in declaration order. */
export function nullablePropertiesByClass(): ReadonlyMap<object, readonly string[]> {
  return nullableProperties;
}
