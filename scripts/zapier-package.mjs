#!/usr/bin/env node
// Runs `zapier-platform build --skip-validation` in each built app folder (dist/zapier-dub, dist/zapier-dub-oauth,
// dist/zapier-linkly), as `push` would before uploading, and prints each zip's size. Exits non-zero if a build fails,
// or if the CLI warns that the source archive takes every file (a folder without its .gitignore).
//
// Offline: the CLI copies the folder, runs `npm install` there from the folder's package-lock.json, with npm told to
// use its cache only (the repo's `npm ci` filled it); then it zips the app and load-tests the zip (its own check
// that the app loads from build.zip alone). Validation is skipped: it asks Zapier's servers. The CLI runs on the
// cached Node 24 (scripts/tools.mjs), with a scratch HOME so no Zapier login or config of the user is read.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildZapierApps, ZAPIER_APPS, zapierAppDir } from './build/zapier.mjs';
import { ensureZapierCli, node24Env } from './tools.mjs';

const log = (message) => process.stderr.write(`[zapier-package] ${message}\n`);
const NO_GITIGNORE_WARNING = 'There is no .gitignore';

if (ZAPIER_APPS.some((app) => !fs.existsSync(path.join(zapierAppDir(app.name), 'index.js')))) {
  log('building the apps first (dist/zapier-* is missing)');
  await buildZapierApps();
}

const cli = await ensureZapierCli();
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'zapier-package-home-'));
const env = {
  ...node24Env(cli),
  HOME: home,
  DISABLE_ZAPIER_ANALYTICS: '1',
  NO_UPDATE_NOTIFIER: '1',
  // The user's npm cache, though HOME is a scratch folder; and nothing but the cache.
  npm_config_cache: process.env.npm_config_cache ?? path.join(os.homedir(), '.npm'),
  npm_config_offline: 'true',
};

const failed = [];
const sizes = [];
try {
  for (const app of ZAPIER_APPS) {
    const dir = path.resolve(zapierAppDir(app.name));
    fs.rmSync(path.join(dir, 'build'), { recursive: true, force: true });
    log(`${app.title}: zapier-platform build --skip-validation in ${dir}`);
    const result = spawnSync(cli.node, [cli.zapier, 'build', '--skip-validation'], { cwd: dir, env, encoding: 'utf8' });
    const output = `${result.stdout}${result.stderr}`;
    if (result.status !== 0) {
      process.stderr.write(output);
      failed.push(`${app.title} (exit ${result.status ?? result.signal})`);
      continue;
    }
    if (output.includes(NO_GITIGNORE_WARNING)) failed.push(`${app.title} (the source archive took every file: no .gitignore)`);
    const size = (file) => fs.statSync(path.join(dir, 'build', file)).size;
    sizes.push({ app: app.title, folder: path.relative(process.cwd(), dir), build: size('build.zip'), source: size('source.zip') });
  }
} finally {
  fs.rmSync(home, { recursive: true, force: true });
}

const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
for (const { app, folder, build, source } of sizes) log(`${app}: ${folder}/build/build.zip ${kb(build)}, source.zip ${kb(source)}`);
if (failed.length > 0) {
  log(`failed: ${failed.join(', ')}`);
  process.exit(1);
}
log('every app builds offline and loads from its zip');
