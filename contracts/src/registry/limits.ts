// Size and shape limits of a contract record (docs/contract.md sections 1 and 4).

/** A record value larger than this is refused before it is even parsed. */
export const MAX_EVENT_BYTES = 256 * 1024;

/** `dead-letter.v1` keeps at most this much of the refused value. */
export const DEAD_LETTER_ORIGINAL_MAX_BYTES = 64 * 1024;

/**
 * Deeper JSON than this is refused as not-json. No contract payload comes close, and deeper
 * values would blow the stack of recursive code downstream (JSON.stringify, class-transformer).
 */
export const MAX_JSON_DEPTH = 64;
