import type { OutputSchemas } from './outputs';

/**
 * The output schema of one kind of trigger, loaded on first use. Deliveries never need it (normalizers build their
 * output directly); only field lists and tests do, and building every schema at load would cost each cold start
 * (a Zapier invocation, n8n loading the nodes) about 15 ms.
 */
export function outputSchemaOf<K extends keyof OutputSchemas>(kind: K): OutputSchemas[K] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deliberate lazy load; bundlers keep it lazy
  const { outputSchemas } = require('./outputs') as typeof import('./outputs');
  return outputSchemas[kind];
}
