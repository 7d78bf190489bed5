/** The complaint domain: pure functions over complaint records and configuration. No I/O, no clock. */
export * from './config.js';
export * from './calendar.js';
export * from './ids.js';
export * from './routing.js';
export * from './deadlines.js';
export * from './approval.js';
export * from './errors.js';
export * from './lifecycle.js';
export * from './ownership.js';
export * from './amend.js';
export * from './factory.js';
export * from './notes.js';
export * from './conversation-link.js';
export * from './deadline-standing.js';
export * from './deadline-compliance.js';
export * from './closing-message.js';
