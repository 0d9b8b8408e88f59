// The contract's test examples: a valid event of every type. Their own entry point
// (@governor/contracts/testing), which production code may not import (see eslint.config.mjs).
export { exampleEvent, exampleEvents } from './examples';
