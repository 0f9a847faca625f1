/** The HTTP front: mounts the two APIs and the control endpoints, records API requests, and
 *  applies injected faults around the handlers. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CONTROL_MOUNT, handleControl, type ControlTarget } from './control';
import { sleep } from './poster';
import type { ErrorFault, FaultStore } from './faults';
import {
  BodyTooLargeError,
  flattenHeaders,
  queryRecord,
  readBody,
  splitPath,
  text,
  type ApiRequest,
  type ApiResponse,
} from './http';
import type { RequestRecorder } from './recorder';
import type { Provider } from './types';

export const DUB_MOUNT = '/dub';
export const LINKLY_MOUNT = '/linkly/api/v1';

export interface ProviderApi {
  handle(req: ApiRequest): ApiResponse | Promise<ApiResponse>;
  faultResponse(fault: ErrorFault, req: ApiRequest): ApiResponse;
}

export interface ServerParts {
  apis: Record<Provider, ProviderApi>;
  faults: FaultStore;
  recorder: RequestRecorder;
  control: ControlTarget;
}

type Mount = { kind: Provider | 'control'; path: string };

const MOUNTS: Array<[string, Mount['kind']]> = [
  [DUB_MOUNT, 'dub'],
  [LINKLY_MOUNT, 'linkly'],
  [CONTROL_MOUNT, 'control'],
];

function locate(pathname: string): Mount | undefined {
  for (const [prefix, kind] of MOUNTS) {
    if (pathname === prefix || pathname.startsWith(`${prefix}/`)) return { kind, path: pathname.slice(prefix.length) || '/' };
  }
  return undefined;
}

function send(res: ServerResponse, response: ApiResponse): void {
  res.writeHead(response.status, response.headers);
  res.end(response.body);
}

export function createSandboxServer(parts: ServerParts): Server {
  return createServer((req, res) => {
    dispatch(parts, req, res).catch((error: unknown) => {
      // A bug in a handler must answer 500, not hang the client.
      if (!res.headersSent) send(res, text(500, `Sandbox error: ${error instanceof Error ? error.message : String(error)}`));
      else res.destroy();
    });
  });
}

async function dispatch(parts: ServerParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const rawUrl = req.url ?? '/';
  const queryAt = rawUrl.indexOf('?');
  const pathname = queryAt >= 0 ? rawUrl.slice(0, queryAt) : rawUrl;
  const search = queryAt >= 0 ? rawUrl.slice(queryAt + 1) : '';

  let body: string;
  try {
    body = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLargeError) send(res, text(413, 'Request body too large for the sandbox.'));
    return;
  }

  const mount = locate(pathname);
  if (!mount) {
    send(res, text(404, `Nothing here. Dub is under ${DUB_MOUNT}, Linkly under ${LINKLY_MOUNT}, controls under ${CONTROL_MOUNT}.`));
    return;
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const headers = flattenHeaders(req.headers);
  const query = new URLSearchParams(search);
  const apiRequest: ApiRequest = { method, path: mount.path, segments: splitPath(mount.path), query, headers, body };

  if (mount.kind === 'control') {
    send(res, await handleControl(parts.control, apiRequest));
    return;
  }

  const provider = mount.kind;
  const recorded = parts.recorder.record({ provider, method, path: mount.path, query: queryRecord(query), headers, body });
  const fault = parts.faults.take(provider, method, mount.path);
  if (fault?.kind === 'slow') await sleep(fault.delayMs);

  const api = parts.apis[provider];
  const answered =
    fault?.kind === 'rate_limit' || fault?.kind === 'server_error' ? api.faultResponse(fault, apiRequest) : await api.handle(apiRequest);
  const response = fault?.kind === 'stale_list' ? withoutNewest(answered, fault.hidden ?? 1) : answered;

  if (fault?.kind === 'slow_answer') await sleep(fault.delayMs);
  if (fault?.kind === 'lost_response') {
    // The work is done (e.g. the hook exists) but the client never learns it: status stays null.
    req.socket.destroy();
    return;
  }
  recorded.status = response.status;
  send(res, response);
}

/** A list answer (a JSON array, newest first, as Dub lists) without its `hidden` newest entries; anything else as is. */
function withoutNewest(response: ApiResponse, hidden: number): ApiResponse {
  if (response.status !== 200) return response;
  let list: unknown;
  try {
    list = JSON.parse(response.body);
  } catch {
    return response;
  }
  return Array.isArray(list) ? { ...response, body: JSON.stringify(list.slice(hidden)) } : response;
}
