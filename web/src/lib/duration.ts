/** "1h 30m", "1.5h", "45m", "2h" or plain minutes ("90") as minutes; null when it is not a duration. */
export function parseDuration(input: string): number | null {
  const s = input.trim().toLowerCase();
  if (/^\d+$/.test(s)) return Number(s) || null;
  const m = /^(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+)\s*m)?$/.exec(s);
  if (!m || (!m[1] && !m[2])) return null;
  const minutes = Math.round(Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0));
  return minutes > 0 ? minutes : null;
}

/** Minutes as "1h 30m". */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h && m ? `${h}h ${m}m` : h ? `${h}h` : `${m}m`;
}
