/**
 * A progress bar on stderr for long work. It draws only on a TTY so that piped
 * output and `--json` consumers never see control characters.
 */
export interface Progress {
  tick(done: number): void;
  finish(): void;
}

export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const enabled = Boolean(stream.isTTY) && total > 0;
  let lastDrawn = -1;
  const draw = (done: number) => {
    const width = 30;
    const ratio = Math.min(1, done / total);
    const percent = Math.floor(ratio * 100);
    if (percent === lastDrawn) return;
    lastDrawn = percent;
    const filled = Math.round(ratio * width);
    stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}% (${done}/${total})`);
  };
  return {
    tick(done) { if (enabled) draw(done); },
    finish() { if (enabled) { draw(total); stream.write('\n'); } },
  };
}
