import * as fs from 'fs';
import * as path from 'path';

const folder = path.join(__dirname, '../../../machines/rules');
const sources = fs.readdirSync(folder).filter((f) => f.endsWith('.ts'));

/** What would make a rule non-deterministic or unusable in the Temporal workflow sandbox. */
const forbidden: [string, RegExp][] = [
  ['a Node built-in import', /from '(node:)?(fs|path|crypto|os|child_process|http|https|net|util|process)'/],
  ['require()', /\brequire\(/],
  ['the clock (Date.now)', /Date\.now\(/],
  ['the clock (new Date())', /new Date\(\s*\)/],
  ['randomness', /Math\.random\(/],
  ['process state', /\bprocess\./],
  ['a Temporal import', /@temporalio/],
  ['a timer', /\bset(Timeout|Interval)\(/],
];

describe('the rules module stays pure', () => {
  it.each(sources)('%s uses no I/O, clock, randomness or Temporal API', (file) => {
    const text = fs.readFileSync(path.join(folder, file), 'utf8');
    for (const [what, pattern] of forbidden) expect({ file, what, found: pattern.test(text) }).toEqual({ file, what, found: false });
  });
});
