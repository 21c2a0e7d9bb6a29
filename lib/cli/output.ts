export type CliIO = { stdout(text: string): void; stderr(text: string): void };

/** Prints `data` as JSON with --json, else the human lines. */
export function emit(io: CliIO, json: boolean, data: unknown, human: string | string[]): void {
  io.stdout(json ? `${JSON.stringify(data, null, 2)}\n` : `${([] as string[]).concat(human).join('\n')}\n`);
}

export function table(rows: Record<string, unknown>[], columns: string[]): string[] {
  if (rows.length === 0) return ['(none)'];
  const cell = (v: unknown) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return [line(columns), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))];
}
