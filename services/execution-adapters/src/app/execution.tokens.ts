// Injection tokens of execution-adapters' own providers that are not classes.
export const EXECUTION_LOGGER = Symbol('execution-adapters:logger');
