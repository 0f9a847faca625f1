/**
 * `npm start`: the playground. The sandbox stands in for Dub and Linkly; a real n8n runs our nodes with a ready
 * workflow per trigger; activation registers the hooks; the sandbox delivers every catalogue sample; what each
 * trigger emitted is printed; n8n stays up on 127.0.0.1 until Ctrl-C, when hooks are removed and all stops.
 */
import path from 'node:path';
import { catalogue } from '../shared/catalogue';
import { startSandbox, type DubEnvelope } from '../sandbox';
import { nodeOutput, OWNER, setupOwner, type N8nApi, type Workflow } from './n8n/api';
import { ensureN8nTools, freePort, startN8n } from './n8n/process';
import {
  DUB_NODE,
  dedupedDubWorkflow,
  dubEventWorkflow,
  eventually,
  LINKLY_NODE,
  linklyWorkflow,
  REMOVE_DUPLICATES_NODE,
  sandboxCredentials,
  type TriggerWorkflow,
} from './n8n/workflows';

const say = (line = ''): void => void process.stdout.write(`${line}\n`);

interface Ready {
  label: string;
  provider: 'dub' | 'linkly';
  /** The node whose output is printed. */
  node: string;
  workflow: Workflow;
  trigger: TriggerWorkflow;
  deliver(): Promise<unknown>;
}

async function main(): Promise<void> {
  say('Installing or reusing Node 24 and n8n in the tools cache (minutes on the first run)…');
  await ensureN8nTools();
  const sandbox = await startSandbox();
  const port = Number(process.env.PLAYGROUND_N8N_PORT ?? 5678);
  // A listening sandbox would keep this process alive after n8n failed to start.
  const n8n = await startN8n({ customExtensionsDir: path.resolve('dist', 'n8n'), port: (await isFree(port)) ? port : await freePort() }).catch(
    async (error: unknown) => {
      await sandbox.close();
      throw error;
    },
  );
  const stopAll = async (): Promise<void> => {
    await n8n.stop();
    await sandbox.close();
  };
  try {
    const api = await setupOwner(n8n);
    const ready = await readyWorkflows(api, sandbox);
    say(`\nActivating ${ready.length} workflows; each registers its hook in the sandbox…`);
    for (const item of ready) await api.activate(item.workflow.id);
    await eventually('every hook registered', () =>
      sandbox.dub.hooks().length === count(ready, 'dub') && sandbox.linkly.hooks().length === count(ready, 'linkly') ? true : undefined, 60_000);
    for (const item of ready) await n8n.waitForWebhook(item.trigger.webhookPath);
    say(`Hooks: ${sandbox.dub.hooks().length} in Dub, ${sandbox.linkly.hooks().length} in Linkly. Delivering every sample…\n`);

    for (const item of ready) {
      await item.deliver();
      const [execution] = await api.waitForExecutions(item.workflow.id, 1);
      const items = execution ? nodeOutput(execution, item.node) : [];
      say(`── ${item.label} → ${items.length} item${items.length === 1 ? '' : 's'}`);
      for (const output of items) say(JSON.stringify(output, null, 2));
      say();
    }

    say(`n8n is running at ${n8n.baseUrl}  (log in as ${OWNER.email} / ${OWNER.password})`);
    say(`The sandbox is at ${sandbox.url} (its hooks: ${sandbox.url}/__sandbox/hooks). Press Ctrl-C to stop.`);
    if (process.env.PLAYGROUND_EXIT_AFTER_DEMO !== '1') await untilInterrupted();

    say('\nDeactivating the workflows (their hooks are removed)…');
    for (const item of ready) await api.deactivate(item.workflow.id);
    // n8n removes hooks in the background after deactivation: stopping it sooner would leave orphans.
    await eventually('every hook removed', () => (sandbox.dub.hooks().length + sandbox.linkly.hooks().length === 0 ? true : undefined), 60_000);
    say(`Hooks left: ${sandbox.dub.hooks().length} in Dub, ${sandbox.linkly.hooks().length} in Linkly.`);
  } finally {
    await stopAll();
  }
}

async function readyWorkflows(api: N8nApi, sandbox: Awaited<ReturnType<typeof startSandbox>>): Promise<Ready[]> {
  const { dub: dubCredential, linkly: linklyCredential } = await sandboxCredentials(api, sandbox);
  const ready: Ready[] = [];
  for (const entry of catalogue.dub) {
    const trigger = dubEventWorkflow(dubCredential, entry.event, `Dub: ${entry.label}`);
    const workflow = await api.createWorkflow(trigger.definition);
    ready.push({ label: `Dub · ${entry.label} (${entry.event})`, provider: 'dub', node: DUB_NODE, workflow, trigger, deliver: () => sandbox.dub.deliver(entry.sample as DubEnvelope) });
  }
  // The route to exactly-once across restarts and queue-mode processes (README: Skip Redeliveries): n8n's Remove
  // Duplicates after the trigger. New Sale's delivery above reached it too; here Dub delivers that sale again.
  const sale = catalogue.dub.find((entry) => entry.event === 'sale.created');
  if (sale) {
    const trigger = dedupedDubWorkflow(dubCredential);
    const workflow = await api.createWorkflow(trigger.definition);
    const saleId = (sale.sample as DubEnvelope).id;
    ready.push({
      label: 'Dub · New Sale → Remove Duplicates (the sale, then Dub delivering the same sale again)',
      provider: 'dub',
      node: REMOVE_DUPLICATES_NODE,
      workflow,
      trigger,
      deliver: () => sandbox.dub.redeliver(saleId),
    });
  }
  for (const entry of catalogue.linkly) {
    // Linkly posts every event to every hook: each workflow starts on its own event only.
    const trigger = linklyWorkflow(linklyCredential, entry.event, `Linkly · ${entry.label}`);
    const workflow = await api.createWorkflow(trigger.definition);
    ready.push({ label: `Linkly · ${entry.label}`, provider: 'linkly', node: LINKLY_NODE, workflow, trigger, deliver: () => sandbox.linkly.deliver(entry.sample) });
  }
  return ready;
}

function count(ready: Ready[], provider: Ready['provider']): number {
  return ready.filter((item) => item.provider === provider).length;
}

function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

async function isFree(port: number): Promise<boolean> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const server = net.createServer().once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`The playground failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
