// A one-line progress bar on a terminal's stderr; plain log lines when stderr is not a terminal.
export interface ProgressLine {
  update(done: number, total: number | null, current: string): void;
  log(line: string): void;
  done(): void;
}

export function createProgressLine(stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }): ProgressLine {
  const tty = Boolean(stream.isTTY);
  let lastDraw = 0;
  let drawn = false;
  const clear = (): void => {
    if (tty && drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  return {
    update(done, total, current) {
      if (!tty) return;
      const now = Date.now();
      if (now - lastDraw < 80 && total !== done) return; // redraw at most ~12 times a second
      lastDraw = now;
      const width = Math.max(40, (stream.columns ?? 80) - 1);
      let bar = '';
      if (total && total > 0) {
        const cells = 20;
        const filled = Math.round((done / total) * cells);
        bar = `[${'#'.repeat(filled)}${'.'.repeat(cells - filled)}] ${done}/${total} `;
      } else {
        bar = `${done} `;
      }
      const line = `${bar}${current}`;
      stream.write(`\r\x1b[2K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
      drawn = true;
    },
    log(line) {
      clear();
      stream.write(`${line}\n`);
    },
    done() {
      clear();
    },
  };
}
