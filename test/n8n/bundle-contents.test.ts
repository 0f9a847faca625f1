import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogue, createDubClient, createLinklyClient, type Provider, type Transport } from '../../shared';
import { recordingPolicy } from '../support/recording-policy';

/**
 * The n8n packages ship only what n8n runs: no sample payloads (n8n shows none; they are Zapier's static samples and
 * the tests' deliveries), and none of the calls only the Zapier apps make (recent events and lists for samples,
 * connection tests). Built here into a scratch folder, as `npm run build` builds them.
 */

const REPO = join(__dirname, '..', '..');
const outRoot = mkdtempSync(join(tmpdir(), 'n8n-bundle-'));
let bundled: Record<Provider, string[]>;

beforeAll(() => {
  const script = `import('./scripts/build/n8n.mjs').then(async (m) => process.stdout.write(JSON.stringify(await m.buildN8nPackages({ outRoot: ${JSON.stringify(outRoot)} }) ?? {})))`;
  bundled = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO, encoding: 'utf8' })) as Record<Provider, string[]>;
}, 60_000);

afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

/** Every .js file of a built package, as one text. */
function bundleText(provider: Provider): string {
  const dir = join(outRoot, 'n8n', provider, 'dist');
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}

/** Every source file outside the samples folders, as one text: what a sample value may also legitimately be. */
const sourceText = (() => {
  const texts: string[] = [];
  for (const root of ['shared', 'n8n']) {
    for (const entry of readdirSync(join(REPO, root), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts')) texts.push(readFileSync(join(entry.parentPath, entry.name), 'utf8'));
    }
  }
  return texts.join('\n');
})();

function stringLeaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringLeaves);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringLeaves);
  return [];
}

/** A sample's own strings (ids, URLs, names): long enough to be its, and written in no source file. */
const distinctiveValuesOf = (sample: unknown) => stringLeaves(sample).filter((text) => text.length >= 12 && !sourceText.includes(text));

/** The calls of the Zapier apps' clients that n8n never makes, and the path each requests. */
const ZAPIER_ONLY_CALLS: Record<Provider, string[]> = { dub: ['events', 'list', 'userInfo'], linkly: ['workspaces', 'clicks'] };
const ZAPIER_ONLY_PATHS: Record<Provider, string[]> = { dub: ['/oauth/userinfo', "'/events'", '"/events"'], linkly: ['/clicks/export', "'/workspaces'", '"/workspaces"'] };

const transport: Transport = { send: () => Promise.reject(new Error('no call is made here')) };
const policy = () => recordingPolicy({ maxAttempts: 1 });
const clientOf: Record<Provider, () => object> = {
  dub: () => createDubClient({ transport, token: 't', policy: policy() }),
  linkly: () => createLinklyClient({ transport, apiKey: 'k', workspaceId: '1', policy: policy() }),
};

describe.each(['dub', 'linkly'] as const)('the %s n8n package', (provider) => {
  it('bundles no sample payload file, nor the code that fetches samples', () => {
    const shipped = bundled[provider] ?? [];
    expect(shipped.length).toBeGreaterThan(0);
    expect(shipped.filter((file) => /\/samples\/|sampling-client|recent-deliveries|catalogue\/samples/.test(file))).toEqual([]);
  });

  it.each(catalogue[provider].map((entry) => [entry.event, entry.sample] as const))('carries no value of the %s sample', (_event, sample) => {
    const values = distinctiveValuesOf(sample);
    expect(values.length).toBeGreaterThan(0);
    const text = bundleText(provider);
    expect(values.filter((value) => text.includes(value))).toEqual([]);
  });

  it("has a client without the calls only Zapier makes, and no path they request", () => {
    expect(Object.keys(clientOf[provider]()).filter((name) => ZAPIER_ONLY_CALLS[provider].includes(name))).toEqual([]);
    const nodeText = readdirSync(join(outRoot, 'n8n', provider, 'dist', 'nodes'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.node.js'))
      .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
      .join('\n');
    expect(ZAPIER_ONLY_PATHS[provider].filter((path) => nodeText.includes(path))).toEqual([]);
  });
});
