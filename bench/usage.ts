/** Samples this process's resident set size; `process.resourceUsage().maxRSS` only knows the lifetime peak. */
export function sampleRss(intervalMs = 100): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

export interface Usage {
  wallMs: number;
  /** This process's CPU time, user + system, all threads. */
  cpuMs: number;
  peakRssBytes: number;
}

/** Wall time, CPU time and peak RSS of what this process does from now until `stop()`; `elapsedMs()` reads the wall clock on the way. */
export function measureUsage(): { elapsedMs(): number; stop(): Usage } {
  const rss = sampleRss();
  const cpu = process.cpuUsage();
  const started = performance.now();
  return {
    elapsedMs: () => performance.now() - started,
    stop() {
      const wallMs = performance.now() - started;
      const used = process.cpuUsage(cpu);
      return { wallMs, cpuMs: (used.user + used.system) / 1000, peakRssBytes: rss.stop() };
    },
  };
}
