import type { IWebhookFunctions } from 'n8n-workflow';
import { redactSecrets } from '../../shared';

/** The levels this package writes at. */
export interface NodeLog {
  info(message: string): void;
  warn(message: string): void;
}

interface LoggerLike {
  info?: unknown;
  warn?: unknown;
}

/**
 * n8n's log for this node: the context's `logger` (every supported n8n has one, n8n-workflow 1.120 and 2.x alike),
 * feature-tested all the same so that a host without it loses the line, never the delivery. Each line names the
 * workflow and node, and is masked like every message (no secret, token or key).
 */
export function nodeLog(context: IWebhookFunctions): NodeLog {
  const logger = Reflect.get(context, 'logger') as LoggerLike | undefined;
  const where = `${context.getNode().name} (workflow ${context.getWorkflow().id ?? 'unsaved'})`;
  const at = (level: 'info' | 'warn') => (message: string) => {
    const write = logger?.[level];
    if (typeof write === 'function') write.call(logger, redactSecrets(`${where}: ${message}`));
  };
  return { info: at('info'), warn: at('warn') };
}
