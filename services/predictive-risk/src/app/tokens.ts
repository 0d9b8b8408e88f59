// Injection tokens of this service's own providers that are not classes.
export const MODEL_CATALOG = Symbol('predictive-risk:model-catalog');
/** The inbox that remembers source events (inside scored events) already handled. */
export const SOURCE_EVENT_INBOX = Symbol('predictive-risk:source-event-inbox');
