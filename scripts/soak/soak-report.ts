/** The soak test's checks and their rendering. */

/** `SoakCheck` is one pass/fail line of the final report. */
export interface SoakCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** `SoakReport` is the soak test's result (printed, and written as JSON with `--report`). */
export interface SoakReport {
  readonly ok: boolean;
  readonly startedAt: string;
  readonly minutes: number;
  readonly streams: { readonly ffmpeg: number; readonly loadGenerator: number; readonly faults: boolean };
  readonly checks: readonly SoakCheck[];
  readonly rss: { readonly samples: readonly { t: number; bytes: number }[]; readonly slopeMbPerMin: number };
  readonly heartbeats: Record<string, unknown>;
  readonly pollers: readonly Record<string, unknown>[];
  readonly events: Record<string, number>;
  readonly loadGenerator: unknown;
  readonly logErrors: readonly string[];
  readonly logWarnings: Record<string, number>;
}

/** `renderChecks` is the human summary: one line per check, then the verdict. */
export function renderChecks(report: SoakReport): string {
  const lines = report.checks.map((c) => `${c.ok ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`);
  lines.push(
    report.ok
      ? 'soak: all checks passed'
      : `soak: ${report.checks.filter((c) => !c.ok).length} check(s) failed`,
  );
  return lines.join('\n');
}
