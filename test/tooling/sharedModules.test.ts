import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MACHINE_MODULES_OF_WORKFLOWS, sharedWorkflowModules } from '../../worker/bundle';

const root = join(__dirname, '..', '..');

/** The machines/ modules the workflow sources import, as the bundler would reach them. */
function machineImportsOfWorkflows(): string[] {
  const names = new Set<string>();
  for (const file of readdirSync(join(root, 'workflows')).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(root, 'workflows', file), 'utf8');
    for (const match of text.matchAll(/from '\.\.\/machines\/([\w/]+)'/g)) names.add(match[1]!);
  }
  return [...names].sort();
}

describe('the modules every cached workflow shares', () => {
  it('lists exactly the machines/ modules the workflows import, so none is evaluated once per village', () => {
    expect([...MACHINE_MODULES_OF_WORKFLOWS].sort()).toEqual(machineImportsOfWorkflows());
  });

  it('resolves them next to the workflows being bundled, from the sources and from the build alike', () => {
    expect(sharedWorkflowModules(join('/x', 'dist', 'workflows', 'index.js'))).toContain(join('/x', 'dist', 'machines', 'versions'));
    expect(sharedWorkflowModules(join('/x', 'workflows', 'index.ts'))).toEqual(
      expect.arrayContaining(['xstate', 'zod', join('/x', 'machines', 'view')]),
    );
  });
});
