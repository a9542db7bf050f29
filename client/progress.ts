/** What happened to each village so far in a roster start. */
export interface StartCounts {
  started: number;
  already: number;
  failed: number;
  total: number;
}

/** Where progress goes: stderr in the CLI, a collecting stub in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Progress of a roster start: a redrawn bar on a terminal, plain periodic lines in a log. */
export interface StartProgress {
  record(outcome: 'started' | 'already' | 'failed'): void;
  /** A line that must stay on screen (a failure), printed above the bar. */
  note(line: string): void;
  finish(): void;
}

/** "45s", "2m05s", "1h02m". */
export function durationText(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}m`;
}

/** Counts, rate and time left, in words shared by the bar and the plain lines. */
export function progressFigures(counts: StartCounts, elapsedMs: number): string {
  const done = counts.started + counts.already + counts.failed;
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const eta =
    done === counts.total
      ? `done in ${durationText(elapsedMs)}`
      : rate > 0
        ? `ETA ${durationText(((counts.total - done) / rate) * 1000)}`
        : 'ETA -';
  return `${done}/${counts.total}  started ${counts.started}  already ${counts.already}  failed ${counts.failed}  ${rate.toFixed(1)}/s  ${eta}`;
}

/** One frame of the terminal bar, fitted to `columns`. */
export function progressBar(counts: StartCounts, elapsedMs: number, columns = 80): string {
  const figures = progressFigures(counts, elapsedMs);
  const width = Math.max(10, Math.min(40, columns - figures.length - 4));
  const done = counts.started + counts.already + counts.failed;
  const filled = counts.total ? Math.round((done / counts.total) * width) : width;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${figures}`;
}

/**
 * Progress on `stream` for `total` villages: on a terminal a bar redrawn in place a few times a
 * second; otherwise a plain line every `intervalMs` (and a last one), so logs stay readable.
 */
export function startProgress(
  total: number,
  stream: ProgressStream = process.stderr,
  options: { intervalMs?: number; now?: () => number } = {},
): StartProgress {
  const now = options.now ?? Date.now;
  const tty = !!stream.isTTY;
  const intervalMs = options.intervalMs ?? (tty ? 200 : 2000);
  const counts: StartCounts = { started: 0, already: 0, failed: 0, total };
  const began = now();
  let finished = false;
  const draw = () => {
    if (tty) stream.write(`\r\x1b[K${progressBar(counts, now() - began, stream.columns)}`);
    else stream.write(`starting villages: ${progressFigures(counts, now() - began)}\n`);
  };
  const timer = setInterval(draw, intervalMs);
  timer.unref();
  if (tty) draw();
  return {
    record(outcome) {
      counts[outcome] += 1;
    },
    note(line) {
      stream.write(tty ? `\r\x1b[K${line}\n` : `${line}\n`);
      if (tty) draw();
    },
    finish() {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      draw();
      if (tty) stream.write('\n');
    },
  };
}
