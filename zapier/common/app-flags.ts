import type { AppFlags } from 'zapier-platform-core';

/**
 * Every call goes through `z.request`, which Zapier logs (secrets scrubbed) on its own; Zapier's global patch of
 * Node's http module would only wrap the same calls again (and, in tests, chain one file's HTTP mocks into the next).
 */
export const APP_FLAGS: AppFlags = { skipHttpPatch: true };
