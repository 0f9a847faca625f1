import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogue, URL_TOKEN_PARAM } from '../../shared';
import { dubApp, dubDeliveryBundle, linklyApp, sampleBody, zapierRawRequest } from './support';

/** `npm run build`'s Zapier step, into a scratch folder: each app must load and run from its folder alone. */

const REPO = join(__dirname, '..', '..');
const outRoot = mkdtempSync(join(tmpdir(), 'zapier-build-'));
const env = { ...process.env, NODE_PATH: join(REPO, 'node_modules') };

beforeAll(() => {
  execFileSync(process.execPath, ['--input-type=module', '-e', `import('./scripts/build/zapier.mjs').then((m) => m.buildZapierApps({ outRoot: ${JSON.stringify(outRoot)} }))`], {
    cwd: REPO,
    stdio: 'pipe',
  });
}, 60_000);

afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

/** One instant trigger per app and a delivery for it, as Zapier hands it to perform. */
const cases = (() => {
  const sale = catalogue.dub.find((entry) => entry.event === 'sale.created');
  const click = catalogue.linkly[0];
  if (!sale || !click) throw new Error('catalogue entries missing');
  const token = 'tok_built_app_test';
  return [
    { app: 'dub', entry: sale, bundle: dubDeliveryBundle(sampleBody(sale)), authentication: { type: 'custom', fields: ['api_key', 'workspace'] } },
    { app: 'dub-oauth', entry: sale, bundle: dubDeliveryBundle(sampleBody(sale)), authentication: { type: 'oauth2', fields: ['oauth_limits'] } },
    {
      app: 'linkly',
      entry: click,
      bundle: { subscribeData: { id: 'hook_1', url: 'x', token }, rawRequest: zapierRawRequest(sampleBody(click), {}, `${URL_TOKEN_PARAM}=${token}`) },
      authentication: { type: 'custom', fields: ['api_key', 'workspace_id'] },
    },
  ];
})();

interface ProbeReport {
  node: string;
  platformVersion: string;
  authentication: { type: string; fields: string[] };
  schemaErrors: string[];
  triggers: string[];
  /** Each instant trigger's sample and output fields, as the build baked them in. */
  outputs: Record<string, { sample: unknown; outputFields: unknown }>;
  items: unknown[];
}

/** The same, derived from the catalogue by the app's source (functions reported by kind, as the probe does). */
function liveOutputs(app: string): ProbeReport['outputs'] {
  const source = app === 'linkly' ? linklyApp : dubApp;
  const outputs: ProbeReport['outputs'] = {};
  for (const [key, trigger] of Object.entries(source.triggers)) {
    if (trigger.operation.type === 'hook') outputs[key] = { sample: trigger.operation.sample, outputFields: trigger.operation.outputFields };
  }
  return JSON.parse(JSON.stringify(outputs, (_key, value: unknown) => (typeof value === 'function' ? '[function]' : value))) as ProbeReport['outputs'];
}

function probe(node: string, app: string, triggerKey: string, bundle: object): ProbeReport {
  const output = execFileSync(node, [join(__dirname, 'built-app-probe.cjs'), join(outRoot, `zapier-${app}`), triggerKey, JSON.stringify(bundle)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const report = output
    .toString()
    .split('\n')
    .find((line) => line.startsWith('BUILT_APP_REPORT '));
  if (!report) throw new Error(`the probe printed no report:\n${output.toString()}`);
  return JSON.parse(report.slice('BUILT_APP_REPORT '.length)) as ProbeReport;
}

describe.each(cases)('dist/zapier-$app', ({ app, entry, bundle, authentication }) => {
  it('holds just what Zapier deploys: package.json depending on zapier-platform-core only, its lockfile, index.js, .zapierapprc, .gitignore', () => {
    const dir = join(outRoot, `zapier-${app}`);
    expect(readdirSync(dir).sort()).toEqual(['.gitignore', '.zapierapprc', 'index.js', 'package-lock.json', 'package.json']);
    // What `zapier-platform build` must leave out of source.zip.
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['node_modules/', 'build/']));
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg).toEqual(expect.objectContaining({ main: 'index.js', dependencies: { 'zapier-platform-core': '19.1.0' } }));
    expect(JSON.parse(readFileSync(join(dir, '.zapierapprc'), 'utf8'))).toEqual(expect.objectContaining({ includeInBuild: ['node_modules/[^/]+/require\\.mjs$'] }));
    const bundled = readFileSync(join(dir, 'index.js'), 'utf8');
    expect(bundled).toContain('require("zapier-platform-core")');
    expect(bundled).not.toMatch(/require\("(zod|undici)/);
  });

  // The delivery is the catalogue's own sample: perform must give exactly its normalized form.
  it("pins zapier-platform-core's tree exactly as the repo's lockfile does, so Zapier installs what the tests ran", () => {
    const repoLock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; integrity?: string }> };
    const lock = JSON.parse(readFileSync(join(outRoot, `zapier-${app}`, 'package-lock.json'), 'utf8')) as {
      lockfileVersion: number;
      packages: Record<string, { version?: string; integrity?: string; dev?: boolean; dependencies?: Record<string, string> }>;
    };
    expect(lock.lockfileVersion).toBe(3);
    expect(lock.packages['']?.dependencies).toEqual({ 'zapier-platform-core': '19.1.0' });
    const installed = Object.entries(lock.packages).filter(([at]) => at !== '');
    expect(installed.length).toBeGreaterThan(10);
    for (const [at, entry] of installed) {
      expect({ at, version: entry.version, integrity: entry.integrity }).toEqual({ at, version: repoLock.packages[at]?.version, integrity: repoLock.packages[at]?.integrity });
      // The repo has core as a dev dependency; an install with --production would skip anything still marked so.
      expect(entry.dev).toBeUndefined();
    }
  });

  it(`loads with a plain require and runs a trigger on this machine's Node (${process.version})`, () => {
    const report = probe(process.execPath, app, entry.key, bundle);
    expect(report.platformVersion).toBe('19.1.0');
    expect(report.authentication).toEqual(authentication);
    expect(report.schemaErrors).toEqual([]);
    expect(report.triggers).toEqual(expect.arrayContaining(catalogue[entry.provider].map((candidate) => candidate.key)));
    expect(report.items).toEqual([entry.normalizedSample()]);
    expect(report.outputs).toEqual(liveOutputs(app));
  });

  it('gives the Output choice: both puts the delivery under raw beside the normalized fields', () => {
    const report = probe(process.execPath, app, entry.key, { ...bundle, inputData: { output: 'both' } });
    expect(report.items).toEqual([{ ...entry.normalizedSample(), raw: entry.sample }]);
  });

  // Zapier runs apps on Node 22; n8n-era machines have 24. Both runtimes come from the project's tools cache.
  it.each(['node22', 'node24'])('loads and runs on %s (from scripts/tools.mjs)', (tool) => {
    const runtime = execFileSync(process.execPath, [join(REPO, 'scripts', 'tools.mjs'), tool], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();
    const report = probe(runtime, app, entry.key, bundle);
    expect(report.node).toMatch(new RegExp(`^v${tool.slice(4)}\\.`));
    expect(report.items).toEqual([entry.normalizedSample()]);
  }, 120_000);
});
