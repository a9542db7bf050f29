import * as fs from 'node:fs';
import * as path from 'node:path';

let cachedRoot: string | undefined;

/** The project root: the nearest folder above this file with a package.json (from client/ and from dist/client/). */
export function projectRoot(): string {
  if (cachedRoot) return cachedRoot;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return (cachedRoot = dir);
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  }
}

/** The project's git-ignored data folder (data/), or the one ELECTION_DATA_DIR names: stores, dev keys, the desk's key. */
export function projectDataDir(): string {
  return process.env.ELECTION_DATA_DIR ? path.resolve(process.env.ELECTION_DATA_DIR) : path.join(projectRoot(), 'data');
}
