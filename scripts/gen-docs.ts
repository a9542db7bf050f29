/**
 * Writes the generated pages under docs/ (the rules from the rule catalogue, the statechart from the
 * machine, the town plan from its schema); with --check, only reports which are stale and exits 1 if any is. Run after the build:
 * `npm run build && npm run docs [-- --check]`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderStatechartDoc, STATECHART_DOC_PATH } from '../machines/diagram';
import { renderRulesDoc, RULES_DOC_PATH } from '../machines/rules/rulesDoc';
import { renderTownPlanDoc, TOWN_PLAN_DOC_PATH } from '../machines/townPlanDoc';

const PAGES: Array<{ path: string; render: () => string }> = [
  { path: RULES_DOC_PATH, render: renderRulesDoc },
  { path: STATECHART_DOC_PATH, render: renderStatechartDoc },
  { path: TOWN_PLAN_DOC_PATH, render: renderTownPlanDoc },
];

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
  const root = repositoryRoot(__dirname);
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const page of PAGES) {
    const target = path.join(root, page.path);
    const text = page.render();
    if (check) {
      const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
      if (current === text) console.log(`${page.path} is up to date`);
      else {
        stale += 1;
        console.error(`${page.path} is stale: run npm run build && npm run docs`);
      }
      continue;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    console.log(`wrote ${page.path}`);
  }
  if (stale) process.exit(1);
}

main();
