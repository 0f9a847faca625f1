/**
 * shared/ is exactly what the connectors ship: nothing under shared/, zapier/ or n8n/ imports the sandbox, and no
 * shipped build carries it. The CLI reaches the sandbox only at run time, for `linkhooks sandbox` and `demo`.
 * Reads dist/ as `npm test` builds it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CONTROL_MOUNT, DUB_WORKSPACE_BUSINESS } from '../../sandbox';

const REPO = path.join(__dirname, '..', '..');
const SANDBOX = path.join(REPO, 'sandbox');
const DIST = path.join(REPO, 'dist');

/** Strings only the sandbox has: its control mount (server code) and a fixture id (data). */
const MARKERS = [CONTROL_MOUNT, DUB_WORKSPACE_BUSINESS.id];

function filesUnder(dir: string, wanted: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && wanted(entry.name) && !entry.parentPath.includes('node_modules'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The files under `sandbox/` that `file` imports or requires, by relative path. */
function sandboxImportsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers = [...source.matchAll(/(?:from\s+|import\(\s*|require\(\s*)['"](\.[^'"]+)['"]/g)].map((match) => match[1] ?? '');
  return specifiers.filter((specifier) => {
    const target = path.resolve(path.dirname(file), specifier);
    return target === SANDBOX || target.startsWith(`${SANDBOX}${path.sep}`);
  });
}

function builtFile(...parts: string[]): string {
  const file = path.join(DIST, ...parts);
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build (npm test does) first.`);
  return file;
}

describe('the sandbox stays out of what ships', () => {
  test('the import scan finds a sandbox import where there is one', () => {
    expect(sandboxImportsOf(path.join(__dirname, 'fidelity.test.ts'))).toEqual(['../../sandbox']);
  });

  test.each(['shared', 'zapier', 'n8n'])('no file under %s/ imports sandbox/', (folder) => {
    const offenders = filesUnder(path.join(REPO, folder), (name) => /\.(ts|js|mjs|cjs)$/.test(name))
      .map((file) => ({ file: path.relative(REPO, file), imports: sandboxImportsOf(file) }))
      .filter(({ imports }) => imports.length > 0);
    expect(offenders).toEqual([]);
  });

  test("the sandbox's own build carries the markers the next checks look for", () => {
    const sandboxBuild = readFileSync(builtFile('sandbox', 'cli.js'), 'utf8');
    for (const marker of MARKERS) expect(sandboxBuild).toContain(marker);
  });

  test.each([
    ['the Zapier Dub app', ['zapier-dub', 'index.js']],
    ['the Zapier Linkly app', ['zapier-linkly', 'index.js']],
    ['the CLI', ['cli', 'linkhooks.js']],
  ])('%s contains no sandbox code', (_name, parts) => {
    const text = readFileSync(builtFile(...parts), 'utf8');
    expect(MARKERS.filter((marker) => text.includes(marker))).toEqual([]);
  });

  test.each(['dub', 'linkly'])('the n8n package for %s contains no sandbox code', (service) => {
    const files = filesUnder(builtFile('n8n', service), () => true);
    expect(files.length).toBeGreaterThan(0);
    const carrying = files.filter((file) => MARKERS.some((marker) => readFileSync(file, 'utf8').includes(marker)));
    expect(carrying.map((file) => path.relative(DIST, file))).toEqual([]);
  });

  test('the built CLI loads the sandbox at run time for `linkhooks demo`', () => {
    const output = execFileSync(process.execPath, [builtFile('cli', 'linkhooks.js'), 'demo'], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
    expect(output).toMatch(/^Sandbox at http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toMatch(/\d+ events emitted, 1 refused; hooks removed \(Dub 0, Linkly 0 left\)\./);
  });
});
