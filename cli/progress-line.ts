/**
 * One progress line. On a terminal it redraws itself in place (`\r`); in a log or a pipe it prints a line
 * at most every 10 % so CI output stays readable. A dependency (cli-progress) would add little over these
 * twenty lines: one bar, no multi-bar layouts, and the non-TTY case needs handling anyway.
 */
export class ProgressLine {
  private lastPrintedTenth = -1;
  private drawn = false;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  update(fraction: number, detail: string): void {
    const share = Math.max(0, Math.min(1, fraction));
    if (this.out.isTTY) {
      const width = 30;
      const filled = Math.round(share * width);
      this.out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${detail}\u001b[K`);
      this.drawn = true;
      return;
    }
    const tenth = Math.floor(share * 10);
    if (tenth === this.lastPrintedTenth) return;
    this.lastPrintedTenth = tenth;
    this.out.write(`${String(tenth * 10).padStart(3)}%  ${detail}\n`);
  }

  /** Ends the line so what follows starts on its own. */
  done(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}
