import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * scripts/setup.sh in a scratch tree whose `npm` is a stand-in: it notes every call, and `npm ci` lays out a
 * better-sqlite3 that loads but was not compiled (as a downloaded prebuilt binary is), which only its own
 * build-release script compiles. The real package.json decides which install scripts may run.
 */
function scratchTree() {
  const root = mkdtempSync(join(tmpdir(), 'setup-script-'));
  const bin = join(root, 'bin');
  mkdirSync(join(root, 'scripts'));
  mkdirSync(bin);
  copyFileSync(join(ROOT, 'scripts', 'setup.sh'), join(root, 'scripts', 'setup.sh'));
  copyFileSync(join(ROOT, 'package.json'), join(root, 'package.json'));
  writeFileSync(join(root, 'package-lock.json'), '{}');
  writeFileSync(join(root, 'scripts', 'install-tools.sh'), 'exit 0\n');
  const npm = `#!/usr/bin/env bash
echo "npm $*" >> "${root}/calls"
sqlite=node_modules/better-sqlite3
case "$1" in
  ci)
    mkdir -p "$sqlite"
    echo '{"name": "better-sqlite3", "main": "index.js"}' > "$sqlite/package.json"
    echo 'module.exports = class { close() {} };' > "$sqlite/index.js"
    echo '{}' > node_modules/.package-lock.json ;;
  run)
    if [[ " $* " == *" build-release "* ]]; then mkdir -p "$sqlite/build/Release/obj.target"; fi ;;
esac
`;
  writeFileSync(join(bin, 'npm'), npm);
  chmodSync(join(bin, 'npm'), 0o755);
  const run = () =>
    execFileSync('bash', [join(root, 'scripts', 'setup.sh')], {
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const calls = () => (existsSync(join(root, 'calls')) ? readFileSync(join(root, 'calls'), 'utf8').trim().split('\n') : []);
  return { root, run, calls };
}

describe('scripts/setup.sh and install scripts', () => {
  it('runs no dependency install script but those allowScripts approves, and compiles better-sqlite3 from source', () => {
    const tree = scratchTree();
    tree.run();
    const approved = Object.entries(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).allowScripts as Record<string, boolean>)
      .filter(([name, ok]) => ok && name !== 'better-sqlite3')
      .map(([name]) => name);
    expect(tree.calls()).toEqual([
      'npm ci --ignore-scripts --no-audit --no-fund --loglevel=error',
      `npm rebuild ${approved.join(' ')} --no-audit --no-fund --loglevel=error`,
      'npm run --silent --prefix node_modules/better-sqlite3 build-release',
      'npm run --silent build',
    ]);
  });

  it('compiles better-sqlite3 again when the installed one was not compiled here (a prebuilt download)', () => {
    const tree = scratchTree();
    tree.run();
    rmSync(join(tree.root, 'node_modules', 'better-sqlite3', 'build'), { recursive: true });
    writeFileSync(join(tree.root, 'calls'), '');
    const out = tree.run();
    expect(out).toContain('better-sqlite3 does not load or was not compiled here');
    expect(tree.calls().filter(Boolean)).toEqual([
      'npm run --silent --prefix node_modules/better-sqlite3 build-release',
      'npm run --silent build',
    ]);
  });
});
