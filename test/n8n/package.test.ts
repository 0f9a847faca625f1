import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The package.json fields n8n's community-node checks read (the lint's require-homepage and valid-author rules, the
 * verification's public repository), checked on the package's own manifest, which the build copies as it is.
 */
interface Manifest {
  name?: string;
  homepage?: unknown;
  repository?: { type?: unknown; url?: unknown; directory?: unknown } | string;
  author?: { name?: unknown; email?: unknown; url?: unknown } | string;
  license?: unknown;
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'n8n', 'package.json'), 'utf8')) as Manifest;

/** What `new URL` accepts, over https, and with nothing left to fill in. */
function isPublicUrl(value: unknown): boolean {
  if (typeof value !== 'string' || /[<>{}]/.test(value)) return false;
  try {
    return new URL(value.replace(/^git\+/, '')).protocol === 'https:';
  } catch {
    return false;
  }
}

describe('n8n/package.json, as n8n publishes community nodes', () => {
  it('names a homepage', () => {
    expect(isPublicUrl(manifest.homepage)).toBe(true);
  });

  it('names its public git repository, and the folder the package is in', () => {
    const repository = manifest.repository;
    expect(typeof repository).toBe('object');
    if (typeof repository !== 'object') return;
    expect(repository.type).toBe('git');
    expect(isPublicUrl(repository.url)).toBe(true);
    expect(String(repository.url)).toMatch(/\.git$/);
    expect(repository.directory).toBe('n8n');
    // The homepage points into the same repository.
    expect(String(manifest.homepage)).toContain(String(repository.url).replace(/^git\+/, '').replace(/\.git$/, ''));
  });

  it('names an author with a name and an email', () => {
    const author = manifest.author;
    expect(typeof author).toBe('object');
    if (typeof author !== 'object') return;
    expect(author.name).toEqual(expect.stringMatching(/\S/));
    expect(author.email).toEqual(expect.stringMatching(/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/));
  });

  it('is MIT licensed, with the name community nodes need', () => {
    expect(manifest.license).toBe('MIT');
    expect(manifest.name).toMatch(/^n8n-nodes-/);
  });
});

describe('n8n/package.json states the n8n versions the package supports', () => {
  const engines = (manifest as Manifest & { engines?: Record<string, unknown> }).engines ?? {};
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

  it("as the README's Compatibility section does: n8n 1.123.0 and later, through 2.x", () => {
    expect(engines.n8n).toBe('>=1.123.0 <3.0.0');
    expect(readme).toContain('**Supported: n8n 1.123.0 and later**');
  });

  it('and type-checks against the n8n-workflow that n8n 1.123.0 ships (1.120.0)', () => {
    const root = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(root.devDependencies['n8n-workflow-oldest']).toBe('npm:n8n-workflow@1.120.0');
  });
});
