/**
 * Writes docs/statechart.md (the Mermaid statechart) from the machine; with --check, only reports
 * whether the page is stale and exits 1 if so. Run after `npx tsc -p .`: node dist/scripts/gen-diagram.js [--check]
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderStatechartDoc, STATECHART_DOC_PATH } from '../machines/diagram';

/** The repository root: the nearest folder above this file holding package.json (works from scripts/ and dist/scripts/). */
function repositoryRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

function main(): void {
  const target = path.join(repositoryRoot(__dirname), STATECHART_DOC_PATH);
  const text = renderStatechartDoc();
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (current !== text) {
      console.error(`${STATECHART_DOC_PATH} is stale: run npm run build && npm run diagram`);
      process.exit(1);
    }
    console.log(`${STATECHART_DOC_PATH} is up to date`);
    return;
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  console.log(`wrote ${STATECHART_DOC_PATH}`);
}

main();
