#!/usr/bin/env node
// n8n's security scan of community packages (@n8n/scan-community-package), run on what we publish. Its CLI only
// fetches from the registry, so this does what it does there with our own build: `npm pack` each package folder,
// unpack the tarball, and run the scanner's analyzePackage on the unpacked files (compiled .js and package.json),
// and on the package's source folder (package.json, nodes/, credentials/), as the registry scan does on the source
// its provenance names. Any finding fails. Prints each tarball's and each node file's size. Run after the build:
// `npm run scan:n8n`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { N8N_PACKAGES, n8nPackageDir } from './build/n8n.mjs';
import { ensureNpmTool } from './n8n-lint.mjs';

export const SCANNER_VERSION = '0.32.0';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (message) => process.stderr.write(`[n8n-scan] ${message}\n`);

/** Packs a package folder as `npm publish` would and unpacks it into `into`; returns the tarball's size in bytes. */
function packAndUnpack(packageDir, into) {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', into], { cwd: packageDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  const unpacked = path.join(into, 'package');
  fs.mkdirSync(unpacked);
  execFileSync('tar', ['-xzf', path.join(into, packed.filename), '-C', unpacked, '--strip-components=1']);
  return { unpacked, tarballBytes: packed.size, files: packed.files };
}

export async function scanN8nPackages() {
  const tools = await ensureNpmTool('@n8n/scan-community-package', SCANNER_VERSION, { label: 'n8n-scan', present: 'eslint' });
  const scanner = await import(pathToFileURL(path.join(tools, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs')).href);
  let failed = false;
  for (const { service, name } of N8N_PACKAGES) {
    const packageDir = path.join(repoRoot, n8nPackageDir(service));
    if (!fs.existsSync(path.join(packageDir, 'package.json'))) throw new Error(`${packageDir} is not built: run node scripts/build.mjs n8n`);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
    try {
      const { unpacked, tarballBytes, files } = packAndUnpack(packageDir, scratch);
      const nodeSizes = files.filter((file) => file.path.endsWith('.node.js')).map((file) => `${file.path} ${file.size} B`);
      log(`${name}: tarball ${tarballBytes} B; ${nodeSizes.join('; ')}`);
      const legs = [
        ['published tarball', await scanner.analyzePackage(unpacked, ['**/*.js', 'package.json'])],
        ['source', await scanner.analyzePackage(path.join(repoRoot, 'n8n', service), scanner.SOURCE_FILE_PATTERNS)],
      ];
      for (const [leg, result] of legs) {
        if (result.passed) {
          log(`${name} (${leg}): no findings`);
        } else {
          failed = true;
          log(`${name} (${leg}): ${result.message}`);
          if (result.details) process.stderr.write(`${result.details}\n`);
        }
      }
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  scanN8nPackages().then(
    (code) => process.exit(code),
    (error) => {
      log(error.message);
      process.exit(1);
    },
  );
}
