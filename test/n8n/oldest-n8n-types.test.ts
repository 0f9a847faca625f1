import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `npm run typecheck` checks n8n/ against the oldest supported n8n-workflow's types (tsconfig.n8n-oldest.json) as well
 * as the current ones, so code that calls an n8n API the oldest supported n8n lacks fails `npm test`. Proven here on
 * copies of our own files with the feature tests taken out: the oldest check names the missing API, while the check
 * against the current n8n passes the same copies (which is why it alone would not do).
 */
const REPO = path.resolve(__dirname, '..', '..');
const TSC = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');

interface Misuse {
  file: string;
  /** What the feature test (or the portable call) is, and the unguarded use of the newer API put in its place. */
  from: string;
  to: string;
}

const MISUSES: Misuse[] = [
  {
    // n8n before 2.34 has no getWebhookResourceUrl: calling it throws, and n8n answers every delivery 500.
    file: 'n8n/common/webhook-url.ts',
    from: "  if (knowsServedUrl(context)) {\n    const served = context.getWebhookResourceUrl('default');",
    to: "  {\n    const served = context.getWebhookResourceUrl('default');",
  },
  {
    // n8n 1.x reads this object as `true` and hands a 401 back without refreshing the OAuth 2 token.
    file: 'n8n/common/transport.ts',
    from: '        ignoreHttpStatusErrors: true,\n',
    to: '        ignoreHttpStatusErrors: { ignore: true, except: [401] },\n',
  },
];

let scratch: string;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'linkhooks-oldest-types-'));
  for (const misuse of MISUSES) {
    const source = fs.readFileSync(path.join(REPO, misuse.file), 'utf8');
    expect(source).toContain(misuse.from);
    // The copy imports what the original imports, from the repository.
    const dir = path.dirname(path.join(REPO, misuse.file));
    const copy = source
      .replace(misuse.from, misuse.to)
      .replace(/from '(\.{1,2}\/[^']+)'/g, (_, relative: string) => `from '${path.join(dir, relative)}'`);
    fs.writeFileSync(path.join(scratch, path.basename(misuse.file)), copy);
  }
});

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/**
 * Runs tsc over the copies with `baseConfig`'s settings: its n8n-workflow, or (outside the repository, where no
 * node_modules is found) the current one. Answers tsc's error lines.
 */
function typecheckCopies(baseConfig: string, paths?: Record<string, string[]>): Promise<string[]> {
  const config = path.join(scratch, `tsconfig.${path.basename(baseConfig)}`);
  fs.writeFileSync(
    config,
    JSON.stringify({
      extends: path.join(REPO, baseConfig),
      compilerOptions: {
        baseUrl: REPO,
        ...(paths ? { paths } : {}),
        typeRoots: [path.join(REPO, 'node_modules', '@types')],
        types: ['node'],
        // The feature tests taken out leave their helpers unused.
        noUnusedLocals: false,
      },
      include: [],
      files: MISUSES.map((misuse) => path.join(scratch, path.basename(misuse.file))),
    }),
  );
  return new Promise((resolve) => {
    execFile(process.execPath, [TSC, '--noEmit', '-p', config], { cwd: REPO }, (_error, stdout) =>
      resolve(stdout.split('\n').filter((line) => line.includes('error TS'))),
    );
  });
}

describe('n8n code is type-checked against the oldest supported n8n', () => {
  it('fails on an n8n API the oldest supported n8n lacks, naming it', async () => {
    const errors = await typecheckCopies('tsconfig.n8n-oldest.json');
    expect(errors).toEqual([
      expect.stringMatching(/transport\.ts.*'\{ ignore: true; except: number\[\]; \}' is not assignable to type 'boolean/),
      expect.stringMatching(/webhook-url\.ts.*Property 'getWebhookResourceUrl' does not exist on type 'IWebhookFunctions'/),
    ]);
  }, 180_000);

  it('the check against the current n8n alone passes the same copies', async () => {
    expect(await typecheckCopies('tsconfig.json', { 'n8n-workflow': ['node_modules/n8n-workflow'] })).toEqual([]);
  }, 180_000);
});
