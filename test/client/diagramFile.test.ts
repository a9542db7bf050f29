import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { villageDiagram } from '../../client/commands/diagram';
import { publicView } from '../../machines/view';
import { atStage, driveTo } from '../machines/fixtures';

describe('`election status --svg FILE`', () => {
  const view = publicView(driveTo(atStage('slateApproval')).snapshot, { timers: [], decisions: [], refusals: [] });
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());

  it('writes the stage map for its owner only (mode 0600), also over a file that others could read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'diagram-'));
    const fresh = join(dir, 'fresh.svg');
    villageDiagram('reelection/2026/Heluo/Qilipu', view, { svg: fresh });
    expect(statSync(fresh).mode & 0o777).toBe(0o600);

    const old = join(dir, 'old.svg');
    writeFileSync(old, 'old', { mode: 0o644 });
    villageDiagram('reelection/2026/Heluo/Qilipu', view, { svg: old });
    expect(statSync(old).mode & 0o777).toBe(0o600);
    expect(readFileSync(old, 'utf8')).toMatch(/^<svg /);
  });
});
