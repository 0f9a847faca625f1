/** /__sandbox/*: the sandbox's own endpoints, for another process (the CLI, the n8n end-to-end
 *  test) that cannot call the in-process API. Not recorded and never faulted. */
import { z } from 'zod/v4';
import { json, parseJson, type ApiRequest, type ApiResponse } from './http';
import type { DeliveryReport, DubEnvelope, DubHook, DubWorkspaceSettings, Fault, LinklyHook, LinklyPostAnswer, Provider, RecordedRequest } from './types';

/** Where the control endpoints live, beside the two APIs. Also the marker the boundary test looks for: no shipped
 *  bundle may contain it. */
export const CONTROL_MOUNT = '/__sandbox';

export interface ControlTarget {
  info(): Record<string, unknown>;
  dubHooks(): DubHook[];
  linklyHooks(): LinklyHook[];
  requests(provider: Provider): RecordedRequest[];
  /** `body` is the exact bytes to send; `envelope` its parsed form, for routing. */
  deliverDub(envelope: DubEnvelope, body: string): Promise<DeliveryReport[]>;
  redeliverDub(eventId: string): Promise<DeliveryReport[]>;
  disableDubHook(hookId: string): DubHook | undefined;
  setDubWorkspace(settings: Partial<DubWorkspaceSettings>): DubWorkspaceSettings;
  deliverLinkly(payload: unknown, body: string): Promise<DeliveryReport[]>;
  setLinklyPostAnswer(answer: LinklyPostAnswer): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  reset(): void;
}

const workspaceSchema = z.strictObject({
  programPayouts: z.enum(['external', 'internal', 'none']).optional(),
  userRole: z.enum(['owner', 'member']).optional(),
});

const envelopeSchema = z.object({ id: z.string(), event: z.string(), createdAt: z.string(), data: z.unknown() });

const times = z.number().positive().optional();
// JSON has no RegExp: `path` is a prefix, `pathPattern` a regular expression source.
const matchSchema = z.object({
  provider: z.enum(['dub', 'linkly']),
  method: z.string().optional(),
  path: z.string().optional(),
  pathPattern: z.string().optional(),
});
const headers = z.record(z.string(), z.string().nullable()).optional();
const faultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rate_limit'), match: matchSchema, times, resetInMs: z.number().optional(), headers }),
  z.object({ kind: z.literal('server_error'), match: matchSchema, times, status: z.number().int().min(500).max(599).optional(), headers }),
  z.object({ kind: z.literal('slow'), match: matchSchema, times, delayMs: z.number().nonnegative() }),
  z.object({ kind: z.literal('slow_answer'), match: matchSchema, times, delayMs: z.number().nonnegative() }),
  z.object({ kind: z.literal('lost_response'), match: matchSchema, times }),
  z.object({ kind: z.literal('stale_list'), match: matchSchema, times, hidden: z.number().int().positive().optional() }),
]);

const redeliverSchema = z.object({ eventId: z.string().min(1) });
const postAnswerSchema = z.object({ answer: z.enum(['with-id', 'without-id']) });

function problem(message: string): ApiResponse {
  return json(400, { error: message });
}

function toFault(raw: z.infer<typeof faultSchema>): Fault | string {
  const { pathPattern, ...match } = raw.match;
  let path: string | RegExp | undefined = match.path;
  if (pathPattern !== undefined) {
    try {
      path = new RegExp(pathPattern);
    } catch {
      return `pathPattern is not a valid regular expression: ${pathPattern}`;
    }
  }
  return { ...raw, match: { ...match, path } };
}

export async function handleControl(target: ControlTarget, req: ApiRequest): Promise<ApiResponse> {
  const route = `${req.method} /${req.segments.join('/')}`;
  switch (route) {
    case 'GET /':
    case 'GET /info':
      return json(200, target.info());
    case 'GET /hooks':
      return json(200, { dub: target.dubHooks(), linkly: target.linklyHooks() });
    case 'GET /requests':
      return json(200, { dub: target.requests('dub'), linkly: target.requests('linkly') });
    case 'POST /dub/deliver': {
      const parsed = parseJson(req.body);
      const envelope = parsed.ok ? envelopeSchema.safeParse(parsed.value) : undefined;
      if (!envelope?.success) return problem('Body must be a Dub event envelope: {"id","event","createdAt","data"}.');
      const { id, event, createdAt, data } = envelope.data;
      return json(200, { reports: await target.deliverDub({ id, event, createdAt, data }, req.body) });
    }
    case 'POST /dub/redeliver': {
      const parsed = parseJson(req.body);
      const request = parsed.ok ? redeliverSchema.safeParse(parsed.value) : undefined;
      if (!request?.success) return problem('Body must be {"eventId": "evt_..."}.');
      const reports = await target.redeliverDub(request.data.eventId);
      if (reports.length === 0) return json(404, { error: `No hook has taken event ${request.data.eventId} with a 2xx yet.` });
      return json(200, { reports });
    }
    case 'PATCH /dub/workspace': {
      const parsed = parseJson(req.body);
      const request = parsed.ok ? workspaceSchema.safeParse(parsed.value) : undefined;
      if (!request?.success) return problem('Body must be {"programPayouts"?: "external"|"internal"|"none", "userRole"?: "owner"|"member"}.');
      const { programPayouts, userRole } = request.data;
      return json(200, target.setDubWorkspace({ ...(programPayouts ? { programPayouts } : {}), ...(userRole ? { userRole } : {}) }));
    }
    case 'PUT /linkly/post-answer': {
      const parsed = parseJson(req.body);
      const request = parsed.ok ? postAnswerSchema.safeParse(parsed.value) : undefined;
      if (!request?.success) return problem('Body must be {"answer": "with-id"} or {"answer": "without-id"}.');
      target.setLinklyPostAnswer(request.data.answer);
      return json(200, { answer: request.data.answer });
    }
    case 'POST /linkly/deliver': {
      const parsed = parseJson(req.body);
      if (!parsed.ok) return problem('Body must be a JSON Linkly click payload.');
      return json(200, { reports: await target.deliverLinkly(parsed.value, req.body) });
    }
    case 'POST /faults': {
      const parsed = parseJson(req.body);
      const result = parsed.ok ? faultSchema.safeParse(parsed.value) : undefined;
      if (!result?.success) {
        const detail = result ? result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') : 'not JSON';
        return problem(`Invalid fault (${detail}).`);
      }
      const fault = toFault(result.data);
      if (typeof fault === 'string') return problem(fault);
      target.injectFault(fault);
      return json(201, { ok: true });
    }
    case 'DELETE /faults':
      target.clearFaults();
      return json(200, { ok: true });
    case 'POST /reset':
      target.reset();
      return json(200, { ok: true });
    default: {
      // POST /dub/hooks/{id}/disable
      const [provider, hooks, hookId, action, ...rest] = req.segments;
      if (req.method === 'POST' && provider === 'dub' && hooks === 'hooks' && hookId && action === 'disable' && rest.length === 0) {
        const hook = target.disableDubHook(hookId);
        return hook ? json(200, { hook }) : json(404, { error: `No Dub hook ${hookId}.` });
      }
      return json(404, { error: `No sandbox control endpoint ${route}.` });
    }
  }
}
