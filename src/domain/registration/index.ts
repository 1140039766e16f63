/**
 * 去向登记 (seed 004, 2.1, 2.6, 2.8–2.10; contract §4.3): the pure rules, one file per concern —
 * the content model (content.ts), what each destination type carries (type-rules.ts), the field
 * checks (checks.ts), proof files (proof.ts), the state machine (states.ts) and the shapes it is
 * read back in (records.ts). No I/O here: the
 * registration feature (src/registration/) applies these at its edges.
 */
export * from './content.js'
export * from './type-rules.js'
export * from './checks.js'
export * from './proof.js'
export * from './states.js'
export * from './records.js'
