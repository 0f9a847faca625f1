import { createAppTester, type Bundle, type Trigger, type ZObject } from 'zapier-platform-core';
import { signDubBody, type CatalogueEntry } from '../../shared';
import dubApp from '../../zapier/dub';
import linklyApp from '../../zapier/linkly';

/** Test helpers: the apps run through Zapier's own tester, HTTP through nock, deliveries as Zapier hands them over. */

export { dubApp, linklyApp };
export const runDub = createAppTester(dubApp);
export const runLinkly = createAppTester(linklyApp);

export const DUB_API = 'https://api.dub.co';
export const LINKLY_API = 'https://api.linklyhq.com/api/v1';

/** One page of Linkly's `list_links` holding every link given. */
export function linkPage(links: readonly object[]) {
  return { links, page_number: 1, page_size: 100, total_entries: links.length, total_pages: 1 };
}
export const TARGET_URL = 'https://hooks.zapier.com/hooks/standard/123/abc/';
export const DUB_SECRET = 'whsec_00112233445566778899aabbccddeeff';

export const dubAuth = { access_token: 'dub_access_token_good', refresh_token: 'dub_refresh_token_good' };
export const linklyAuth = { api_key: 'linkly_key_good', workspace_id: '1' };

type Operation = (z: ZObject, bundle: Bundle) => unknown;

export interface HookOperation {
  performSubscribe: Operation;
  performUnsubscribe: Operation;
  perform: Operation;
  performList: Operation;
  inputFields?: unknown[];
}

/** A trigger's hook operation, typed for calling; fails loudly when the trigger is not a REST hook. */
export function hookOf(app: { triggers?: Record<string, Trigger> }, key: string): HookOperation {
  const operation = app.triggers?.[key]?.operation as Partial<HookOperation> & { type?: string };
  if (operation?.type !== 'hook' || !operation.perform || !operation.performList || !operation.performSubscribe || !operation.performUnsubscribe) {
    throw new Error(`${key} is not a complete REST-hook trigger`);
  }
  return operation as HookOperation;
}

export function pollOf(app: { triggers?: Record<string, Trigger> }, key: string): Operation {
  const perform = (app.triggers?.[key]?.operation as { perform?: Operation } | undefined)?.perform;
  if (!perform) throw new Error(`${key} has no perform`);
  return perform;
}

/** The request as Zapier hands it to perform: headers renamed `Http-…` (bar Content-Type), the raw body as text. */
export function zapierRawRequest(body: string, headers: Record<string, string>, querystring = '') {
  const renamed: Record<string, string> = { 'Content-Type': 'application/json' };
  for (const [name, value] of Object.entries(headers)) renamed[`Http-${camelCase(name)}`] = value;
  return { method: 'POST' as const, querystring, headers: renamed, content: body };
}

function camelCase(header: string): string {
  return header
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join('-');
}

/** A Dub delivery signed with `secret`, as perform receives it. */
export function dubDeliveryBundle(body: string, secret = DUB_SECRET, signatureSecret = secret) {
  return {
    authData: dubAuth,
    subscribeData: { id: 'wh_1', secret },
    rawRequest: zapierRawRequest(body, { 'Dub-Signature': signDubBody(body, signatureSecret) }),
    cleanedRequest: parsedOrEmpty(body),
  };
}

function parsedOrEmpty(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return {};
  }
}

/** What the platform itself checks of a trigger's result, which createAppTester only prints. */
export function expectPlatformChecks(result: unknown): asserts result is Array<{ id: string }> {
  expect(Array.isArray(result)).toBe(true);
  for (const item of result as unknown[]) {
    expect(item).toEqual(expect.objectContaining({ id: expect.any(String) }));
    expect((item as { id: string }).id.length).toBeGreaterThan(0);
  }
}

export function sampleBody(entry: CatalogueEntry): string {
  return JSON.stringify(entry.sample);
}

/** Captures what the app logs through `z.console`, which the tester sends to the process console. */
export function captureLogs(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  return { lines, restore: () => spy.mockRestore() };
}

export function withEnv(values: Record<string, string | undefined>): void {
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    for (const [name, value] of Object.entries(values)) {
      saved[name] = process.env[name];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}
