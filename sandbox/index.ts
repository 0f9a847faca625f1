/** The sandbox: a local stand-in for Dub's and Linkly's webhook APIs on 127.0.0.1, true to
 *  shared/reference/{dub,linkly}.md, for tests, demos and the n8n end-to-end test. Never shipped. */
import type { AddressInfo } from 'node:net';
import {
  DUB_CREDENTIALS,
  DUB_OAUTH_CLIENT_ID,
  DUB_OAUTH_CLIENT_SECRET,
  DUB_OAUTH_TEST_CODE,
  LINKLY_KEY_FREE,
  LINKLY_KEY_PAID,
  LINKLY_WORKSPACE_FREE,
  LINKLY_WORKSPACE_PAID,
} from './accounts';
import { CONTROL_MOUNT, type ControlTarget } from './control';
import { DubApi } from './dub/api';
import { DubDelivery } from './dub/delivery';
import { DubDeliveryLog } from './dub/delivery-log';
import { DubHookStore } from './dub/hook-store';
import { DubOAuth } from './dub/oauth';
import { DubPostbacks } from './dub/postbacks';
import { DubRateLimiter } from './dub/rate-limit';
import { FaultStore } from './faults';
import { LinklyApi } from './linkly/api';
import { deliverLinkly, type LinklyDeliveryContext } from './linkly/delivery';
import { LinklyHookStore } from './linkly/hook-store';
import { WebhookPoster } from './poster';
import { RequestRecorder } from './recorder';
import { createSandboxServer, DUB_MOUNT, LINKLY_MOUNT } from './server';
import { CreateOverlap } from './dub/webhooks';
import type { DubEnvelope, DubWorkspaceSettings, LinklyPostAnswer, Sandbox, SandboxOptions } from './types';

export * from './types';
export * from './accounts';
export { CONTROL_MOUNT } from './control';
export { DUB_DISABLE_AFTER_FAILURES } from './dub/hook-store';
export { DUB_DELIVERY_LOG_LIMIT } from './dub/delivery-log';
export { DUB_DELIVERY_TIMEOUT_MS, dubSignature } from './dub/delivery';
export { DUB_MAX_POSTBACKS } from './dub/postbacks';
export { DUB_LINKS, DUB_FOLDERS, DUB_CLICK_EVENTS, DUB_LEAD_EVENTS, DUB_SALE_EVENTS } from './dub/fixtures';
export { LINKLY_LINKS, LINKLY_CLICKS } from './linkly/fixtures';

/** Dub retries a failed delivery five times, after 12 s, 2.5 min, 30 min, 6 h and 24 h; the sandbox keeps the five
 *  retries and shortens the waits so a test sees the whole schedule at once. */
export const DEFAULT_DUB_RETRY_DELAYS_MS: readonly number[] = [5, 10, 20, 40, 80];
export const DEFAULT_LINKLY_TIMEOUT_MS = 5_000;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const retryDelaysMs = [...(options.dubRetryDelaysMs ?? DEFAULT_DUB_RETRY_DELAYS_MS)];
  if (retryDelaysMs.some((delay) => !(delay >= 0))) throw new Error('dubRetryDelaysMs must hold numbers >= 0');
  const linklyTimeoutMs = options.linklyTimeoutMs ?? DEFAULT_LINKLY_TIMEOUT_MS;
  if (!(linklyTimeoutMs > 0)) throw new Error('linklyTimeoutMs must be > 0');
  const initialPostAnswer: LinklyPostAnswer = options.linklyPostAnswer ?? 'with-id';
  let linklyPostAnswer = initialPostAnswer;

  const initialWorkspace: DubWorkspaceSettings = { programPayouts: 'external', userRole: 'owner', ...options.dubWorkspace };
  // One object, changed in place: the API and OAuth read it on every request.
  const dubWorkspace: DubWorkspaceSettings = { ...initialWorkspace };
  const setDubWorkspace = (settings: Partial<DubWorkspaceSettings>): DubWorkspaceSettings => {
    Object.assign(dubWorkspace, settings);
    return { ...dubWorkspace };
  };
  const createOverlap = new CreateOverlap();
  const dubHooks = new DubHookStore();
  const linklyHooks = new LinklyHookStore();
  const faults = new FaultStore();
  const recorder = new RequestRecorder();
  const limiter = new DubRateLimiter();
  const poster = new WebhookPoster();
  let closed = false;

  const dubLog = new DubDeliveryLog();
  const dubDelivery = new DubDelivery(dubHooks, poster, retryDelaysMs, () => closed, dubLog);
  const dubPostbacks = new DubPostbacks(poster, retryDelaysMs, () => closed);
  const linklyDelivery: LinklyDeliveryContext = { hooks: linklyHooks, poster, timeoutMs: linklyTimeoutMs };
  const deliverDub = (envelope: DubEnvelope): ReturnType<Sandbox['dub']['deliver']> => dubDelivery.deliver(envelope, JSON.stringify(envelope));
  const setLinklyPostAnswer = (answer: LinklyPostAnswer): void => {
    linklyPostAnswer = answer;
  };

  // OAuth-issued tokens survive reset(): they are credentials a running host holds, not test state.
  const reset = (): void => {
    dubHooks.clear();
    linklyHooks.clear();
    faults.clear();
    recorder.clear();
    limiter.clear();
    dubDelivery.clear();
    dubPostbacks.clear();
    dubLog.clear();
    createOverlap.release();
    setDubWorkspace(initialWorkspace);
    linklyPostAnswer = initialPostAnswer;
  };

  const urls = { url: '', dubBaseUrl: '', linklyBaseUrl: '' };
  const control: ControlTarget = {
    info: () => ({
      ...urls,
      controlUrl: `${urls.url}${CONTROL_MOUNT}`,
      dub: {
        credentials: DUB_CREDENTIALS,
        oauth: {
          authorizeUrl: `${urls.dubBaseUrl}/oauth/authorize`,
          tokenUrl: `${urls.dubBaseUrl}/oauth/token`,
          clientId: DUB_OAUTH_CLIENT_ID,
          clientSecret: DUB_OAUTH_CLIENT_SECRET,
          testCode: DUB_OAUTH_TEST_CODE,
        },
        retryDelaysMs,
        workspace: { ...dubWorkspace },
      },
      linkly: {
        keys: {
          paid: { key: LINKLY_KEY_PAID, workspaceId: LINKLY_WORKSPACE_PAID },
          free: { key: LINKLY_KEY_FREE, workspaceId: LINKLY_WORKSPACE_FREE },
        },
        timeoutMs: linklyTimeoutMs,
        postAnswer: linklyPostAnswer,
      },
    }),
    dubHooks: () => dubHooks.list(),
    linklyHooks: () => linklyHooks.list(),
    requests: (provider) => recorder.list(provider),
    deliverDub: (envelope, body) => dubDelivery.deliver(envelope, body),
    redeliverDub: (eventId) => dubDelivery.redeliver(eventId),
    disableDubHook: (hookId) => dubHooks.disable(hookId),
    setDubWorkspace,
    deliverLinkly: (payload, body) => deliverLinkly(linklyDelivery, payload, body),
    setLinklyPostAnswer,
    injectFault: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    reset,
  };

  const server = createSandboxServer({
    apis: {
      dub: new DubApi(dubHooks, new DubOAuth(dubWorkspace), limiter, dubWorkspace, createOverlap, options.dubExtraFolders ?? 0, dubLog),
      linkly: new LinklyApi(linklyHooks, () => linklyPostAnswer, options.linklyApi ?? 'v1'),
    },
    faults,
    recorder,
    control,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  urls.url = `http://127.0.0.1:${port}`;
  urls.dubBaseUrl = `${urls.url}${DUB_MOUNT}`;
  urls.linklyBaseUrl = `${urls.url}${LINKLY_MOUNT}`;

  let closing: Promise<void> | undefined;
  return {
    ...urls,
    dub: {
      hooks: () => dubHooks.list(),
      deliver: deliverDub,
      redeliver: (eventId) => dubDelivery.redeliver(eventId),
      disable: (hookId) => dubHooks.disable(hookId),
      requests: () => recorder.list('dub'),
      setWorkspace: setDubWorkspace,
      overlapCreates: (count) => createOverlap.arm(count),
      postbacks: {
        add: (url, triggers) => dubPostbacks.add(url, triggers),
        send: (event, data) => dubPostbacks.send(event, data),
        disable: (id) => dubPostbacks.disable(id),
        list: () => dubPostbacks.list(),
      },
    },
    linkly: {
      hooks: () => linklyHooks.list(),
      deliver: (payload) => deliverLinkly(linklyDelivery, payload, JSON.stringify(payload)),
      setPostAnswer: setLinklyPostAnswer,
      requests: () => recorder.list('linkly'),
    },
    faults: { inject: (fault) => faults.inject(fault), clear: () => faults.clear() },
    reset,
    close: () => {
      closing ??= (async () => {
        closed = true;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await poster.close();
      })();
      return closing;
    },
  };
}
