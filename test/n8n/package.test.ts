import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { INodeType, IWebhookFunctions } from 'n8n-workflow';
import { findEntry, signDubBody } from '../../shared';
import { answerDelivery, webhookContext } from './support/contexts';

/**
 * The two n8n community packages as `npm run build` writes them (built here into a scratch folder), checked as n8n
 * publishes and verifies them: each integrates exactly one service ("Submit each service as its own separate
 * package"), with the package.json fields n8n's lint and verification read.
 */

const REPO = join(__dirname, '..', '..');
const outRoot = mkdtempSync(join(tmpdir(), 'n8n-build-'));

type Service = 'dub' | 'linkly';

const PACKAGES = [
  { service: 'dub', other: 'linkly', name: 'n8n-nodes-dub-trigger', nodes: ['DubTrigger', 'DubPostbackTrigger'], credentials: ['DubApi', 'DubOAuth2Api', 'DubSigningSecretApi'] },
  { service: 'linkly', other: 'dub', name: 'n8n-nodes-linkly-trigger', nodes: ['LinklyTrigger'], credentials: ['LinklyApi'] },
] as const;

interface Manifest {
  name?: string;
  description?: string;
  keywords?: string[];
  homepage?: unknown;
  repository?: { type?: unknown; url?: unknown; directory?: unknown } | string;
  author?: { name?: unknown; email?: unknown; url?: unknown } | string;
  license?: unknown;
  n8n?: { nodes?: string[]; credentials?: string[] };
}

const packageDir = (service: Service, root = outRoot) => join(root, 'n8n', service);
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

beforeAll(() => {
  execFileSync(process.execPath, ['--input-type=module', '-e', `import('./scripts/build/n8n.mjs').then((m) => m.buildN8nPackages({ outRoot: ${JSON.stringify(outRoot)} }))`], {
    cwd: REPO,
    stdio: 'pipe',
  });
  // n8n hands a community package its own n8n-workflow; here the repo's stands in for it.
  mkdirSync(join(outRoot, 'node_modules'));
  symlinkSync(join(REPO, 'node_modules', 'n8n-workflow'), join(outRoot, 'node_modules', 'n8n-workflow'), 'dir');
}, 60_000);

afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Every place a built package names another service: a file whose path does, or a file (bundle, codex, manifest,
 * icon, README) whose text does, with the first mention in context.
 */
function mentionsOf(dir: string, other: Service): string[] {
  const name = new RegExp(other, 'i');
  const found: string[] = [];
  for (const file of filesUnder(dir)) {
    const path = relative(dir, file);
    if (name.test(path)) found.push(`file ${path}`);
    const text = readFileSync(file, 'utf8');
    const match = name.exec(text);
    if (match) found.push(`${path}: …${text.slice(Math.max(0, match.index - 30), match.index + 30)}…`);
  }
  return found;
}

/** A scratch copy of a built package, for breaking on purpose. */
function copyOf(service: Service): string {
  const copy = mkdtempSync(join(outRoot, `broken-${service}-`));
  cpSync(packageDir(service), copy, { recursive: true });
  return copy;
}

/** What n8n's Creator Portal and `new URL` accept: https, nothing left to fill in. */
function isPublicUrl(value: unknown): boolean {
  if (typeof value !== 'string' || /[<>{}]/.test(value)) return false;
  try {
    return new URL(value.replace(/^git\+/, '')).protocol === 'https:';
  } catch {
    return false;
  }
}

describe.each(PACKAGES)('the n8n package $name', ({ service, other, name, nodes, credentials }) => {
  const dir = () => packageDir(service);

  it(`holds ${service} only: no file, bundle, codex, icon or README names ${other}`, () => {
    expect(mentionsOf(dir(), other)).toEqual([]);
  });

  it("lists exactly its own service's nodes and credentials, each built, with its codex naming the package", () => {
    const manifest = manifestOf(dir());
    expect(manifest.n8n?.nodes).toEqual(nodes.map((node) => `dist/nodes/${node}/${node}.node.js`));
    expect(manifest.n8n?.credentials).toEqual(credentials.map((credential) => `dist/credentials/${credential}.credentials.js`));
    const built = filesUnder(join(dir(), 'dist')).map((file) => relative(dir(), file));
    for (const file of [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])]) expect(built).toContain(file);
    for (const node of nodes) {
      const codex = JSON.parse(readFileSync(join(dir(), 'dist', 'nodes', node, `${node}.node.json`), 'utf8')) as { node: string };
      expect(codex.node).toBe(`${name}.${node.charAt(0).toLowerCase()}${node.slice(1)}`);
    }
  });

  it('has a name the registry accepts for community nodes, a description, the keyword n8n searches, and MIT', () => {
    const manifest = manifestOf(dir());
    expect(manifest.name).toBe(name);
    expect(manifest.name).toMatch(/^n8n-nodes-/);
    expect(manifest.description).toMatch(new RegExp(service, 'i'));
    expect(manifest.keywords).toContain('n8n-community-node-package');
    expect(manifest.license).toBe('MIT');
    expect(readFileSync(join(dir(), 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('ships a README naming the package, how to install it and its credentials', () => {
    const readme = readFileSync(join(dir(), 'README.md'), 'utf8');
    expect(readme).toContain(`# ${name}`);
    expect(readme).toMatch(/## Installation[\s\S]*## Credentials[\s\S]*## Compatibility/);
  });

  it('names a homepage and its public git repository, with the folder the package comes from', () => {
    const manifest = manifestOf(dir());
    expect(isPublicUrl(manifest.homepage)).toBe(true);
    const repository = manifest.repository;
    if (typeof repository !== 'object') throw new Error('repository must be an object');
    expect(repository.type).toBe('git');
    expect(isPublicUrl(repository.url)).toBe(true);
    expect(String(repository.url)).toMatch(/\.git$/);
    expect(repository.directory).toBe(`n8n/${service}`);
    expect(String(manifest.homepage)).toContain(String(repository.url).replace(/^git\+/, '').replace(/\.git$/, ''));
  });

  it('names an author with a name and an email', () => {
    const author = manifestOf(dir()).author;
    if (typeof author !== 'object') throw new Error('author must be an object');
    expect(author.name).toEqual(expect.stringMatching(/\S/));
    expect(author.email).toEqual(expect.stringMatching(/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/));
  });
});

describe('the one-service check, on broken copies', () => {
  it("finds another service's credential dropped into a package and listed in its manifest", () => {
    const broken = copyOf('dub');
    copyFileSync(
      join(packageDir('linkly'), 'dist', 'credentials', 'LinklyApi.credentials.js'),
      join(broken, 'dist', 'credentials', 'LinklyApi.credentials.js'),
    );
    const manifest = manifestOf(broken);
    manifest.n8n?.credentials?.push('dist/credentials/LinklyApi.credentials.js');
    writeFileSync(join(broken, 'package.json'), JSON.stringify(manifest));

    const mentions = mentionsOf(broken, 'linkly');
    expect(mentions).toContain('file dist/credentials/LinklyApi.credentials.js');
    expect(mentions).toContainEqual(expect.stringMatching(/^package\.json: /));
  });

  it("finds another service's code inside a node bundle, as one package for both services had", () => {
    const broken = copyOf('linkly');
    const bundle = join(broken, 'dist', 'nodes', 'LinklyTrigger', 'LinklyTrigger.node.js');
    appendFileSync(bundle, readFileSync(join(packageDir('dub'), 'dist', 'nodes', 'DubTrigger', 'DubTrigger.node.js')));

    expect(mentionsOf(broken, 'dub')).toEqual([expect.stringMatching(/^dist[\\/]nodes[\\/]LinklyTrigger[\\/]LinklyTrigger\.node\.js: /)]);
  });
});

describe('the built Dub Trigger, loaded as n8n loads it', () => {
  const SECRET = 'whsec_0123456789abcdef0123456789abcdef';

  /** The node class from the bundle in the built package, not from the sources. */
  function builtDubTrigger(): INodeType {
    const bundle = join(packageDir('dub'), 'dist', 'nodes', 'DubTrigger', 'DubTrigger.node.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is CommonJS, as n8n requires it
    const { DubTrigger } = require(bundle) as { DubTrigger: new () => INodeType };
    expect(dirname(bundle)).toContain(outRoot);
    return new DubTrigger();
  }

  function signedSale(body: string): IWebhookFunctions {
    const { context } = webhookContext(
      { staticData: { hookId: 'wh_1', secret: SECRET }, parameters: { events: ['sale.created'] }, workflow: { id: 'wf-built', name: 'Built' } },
      { body, headers: { 'Dub-Signature': signDubBody(body, SECRET) } },
    );
    return context;
  }

  it('emits a signed sale as the normalized event', async () => {
    const sale = findEntry('dub', 'sale.created')!;
    const context = signedSale(JSON.stringify(sale.sample));
    const response = await builtDubTrigger().webhook!.call(context);
    answerDelivery(context);
    expect((response.workflowData ?? []).flat().map((item) => item.json)).toEqual([sale.normalizedSample()]);
  });

  it('emits a drifted sale (createdAt a number) as one item that lists what did not read, from the built bundle', async () => {
    const sale = findEntry('dub', 'sale.created')!;
    const body = JSON.stringify({ ...(sale.sample as Record<string, unknown>), createdAt: 42 });
    const { context, refusals } = webhookContext(
      { staticData: { hookId: 'wh_1', secret: SECRET }, parameters: { events: ['sale.created'] }, workflow: { id: 'wf-built-2', name: 'Built' } },
      { body, headers: { 'Dub-Signature': signDubBody(body, SECRET) } },
    );
    const response = await builtDubTrigger().webhook!.call(context);
    answerDelivery(context);
    expect(refusals).toEqual([]);
    const items = (response.workflowData ?? []).flat().map((item) => item.json);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: (sale.sample as { id: string }).id,
      unreadFields: [{ path: 'createdAt', expected: 'an ISO 8601 date-time', received: '42' }],
    });
  });
});

describe.each(PACKAGES)('$name states the n8n versions it supports', ({ service }) => {
  const engines = (manifestOf(join(REPO, 'n8n', service)) as Manifest & { engines?: Record<string, unknown> }).engines ?? {};
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');

  it("as the README's Compatibility section does: n8n 1.123.0 and later, through 2.x", () => {
    expect(engines.n8n).toBe('>=1.123.0 <3.0.0');
    expect(readme).toContain('**Supported: n8n 1.123.0 and later**');
  });

  it('and type-checks against the n8n-workflow that n8n 1.123.0 ships (1.120.0)', () => {
    const root = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(root.devDependencies['n8n-workflow-oldest']).toBe('npm:n8n-workflow@1.120.0');
  });
});
