/** What every end-to-end test file starts from: our built n8n packages, the tools, a sandbox and a real n8n. */
import fs from 'node:fs';
import path from 'node:path';
import { startSandbox, type Sandbox } from '../../sandbox';
import { setupOwner, type OwnerSession } from '../../scripts/n8n/api';
import { ensureN8nTools, startN8n, type N8nHandle } from '../../scripts/n8n/process';
import type { runSummary } from './run-summary';

type RunSummary = ReturnType<typeof runSummary>;

/** The folder n8n loads our two packages from (N8N_CUSTOM_EXTENSIONS): `npm run build` writes both there. */
export const PACKAGE_DIR = path.resolve(__dirname, '../../dist/n8n');

/** Fails at once, saying what to run, when the packages were not built. */
export function requireBuiltPackages(script: string): void {
  if (!['dub', 'linkly'].every((service) => fs.existsSync(path.join(PACKAGE_DIR, service, 'package.json')))) {
    throw new Error(`${PACKAGE_DIR} is missing: run "node scripts/build.mjs n8n" (${script} does) first`);
  }
}

export interface SandboxedN8n {
  sandbox: Sandbox;
  n8n: N8nHandle;
  /** The owner's session: the public API and the editor's REST calls. */
  api: OwnerSession;
}

/** The sandbox and an n8n with our packages and its owner set up; what was started is stopped again if a step fails. */
export async function startSandboxedN8n(run: RunSummary): Promise<SandboxedN8n> {
  requireBuiltPackages('npm run test:e2e');
  await run.timed('tools', ensureN8nTools);
  const sandbox = await startSandbox();
  let n8n: N8nHandle | undefined;
  try {
    n8n = await run.timed('n8n start', () => startN8n({ customExtensionsDir: PACKAGE_DIR }));
    return { sandbox, n8n, api: await setupOwner(n8n) };
  } catch (error) {
    await n8n?.stop();
    await sandbox.close();
    throw error;
  }
}

/** Stops what startSandboxedN8n started (on failure too) and prints the run's summary, named by its n8n version. */
export async function stopSandboxedN8n(started: Partial<SandboxedN8n>, run: RunSummary): Promise<void> {
  await started.n8n?.stop();
  await started.sandbox?.close();
  run.print([], started.n8n?.version);
}
