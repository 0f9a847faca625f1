#!/usr/bin/env node
// Runs Zapier's own CLI check, `zapier-platform validate --without-style`, in each built app folder
// (dist/zapier-dub, dist/zapier-dub-oauth, dist/zapier-linkly). Exits non-zero if any app fails. CI runs it after `npm run build`.
//
// The CLI needs Node 22 or later, so it runs on the Node 24 that scripts/tools.mjs installs into its cache.
// It finds zapier-platform-core by walking up from the app folder, so the repo's own install serves it: nothing
// is installed into dist/. Analytics and update checks are off, so it makes no network call.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildZapierApps, ZAPIER_APPS, zapierAppDir } from './build/zapier.mjs';
import { ensureZapierCli, node24Env } from './tools.mjs';

const log = (message) => process.stderr.write(`[zapier-validate] ${message}\n`);

if (ZAPIER_APPS.some((app) => !fs.existsSync(path.join(zapierAppDir(app.name), 'index.js')))) {
  log('building the apps first (dist/zapier-* is missing)');
  await buildZapierApps();
}

const cli = await ensureZapierCli();
// A scratch HOME keeps the CLI away from the user's Zapier login and config files.
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'zapier-validate-home-'));
const env = { ...node24Env(cli), HOME: home, DISABLE_ZAPIER_ANALYTICS: '1', NO_UPDATE_NOTIFIER: '1' };

const failed = [];
try {
  for (const app of ZAPIER_APPS) {
    const dir = path.resolve(zapierAppDir(app.name));
    log(`${app.title}: zapier-platform validate --without-style in ${dir}`);
    const result = spawnSync(cli.node, [cli.zapier, 'validate', '--without-style'], { cwd: dir, env, stdio: 'inherit' });
    if (result.status !== 0) failed.push(`${app.title} (exit ${result.status ?? result.signal})`);
  }
} finally {
  fs.rmSync(home, { recursive: true, force: true });
}

if (failed.length > 0) {
  log(`failed: ${failed.join(', ')}`);
  process.exit(1);
}
log('every app is structurally valid');
