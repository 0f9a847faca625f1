import * as z from '../zod';
import { linklyApiCaller, linklyClientOver, type LinklyApiCaller, type LinklyClientOptions } from './client';

export type LinklySamplingClient = ReturnType<typeof createLinklySamplingClient>;

/**
 * Linkly's API with the read-only calls that only the Zapier app makes: the click export for the Zap editor's samples,
 * and the workspace list that tests a connection. Apart from createLinklyClient so that the n8n package, which makes
 * neither, does not ship them (test/n8n/bundle-contents.test.ts).
 */
export function createLinklySamplingClient(options: LinklyClientOptions) {
  const api = linklyApiCaller(options);
  return { ...linklyClientOver(api), ...linklySampleLookups(api) };
}

const clickListSchema = z.union([
  z.array(z.record(z.string(), z.unknown())),
  z.looseObject({ clicks: z.array(z.record(z.string(), z.unknown())) }).transform((answer) => answer.clicks),
]);

function linklySampleLookups({ call, workspacePath }: LinklyApiCaller) {
  return {
    /** The workspaces the key reaches: a cheap credential test. */
    workspaces: () => call({ method: 'GET', path: '/workspaces', retrySafe: true, schema: z.unknown() }),
    clicks: (query: { start?: string; end?: string; linkId?: string | number; bots?: 'exclude' } = {}) =>
      call({
        method: 'GET',
        path: `${workspacePath}/clicks/export`,
        query: { format: 'json', start: query.start, end: query.end, link_id: query.linkId, bots: query.bots },
        retrySafe: true,
        schema: clickListSchema,
      }),
  };
}
