/** "12m left", "1h 5m left", "expired": the status bar's view of a lease; urgent under two minutes. */
export function leaseLeft(expiresAt: Date, now: Date): { text: string; urgent: boolean } {
  const ms = expiresAt.getTime() - now.getTime();
  if (ms <= 0) return { text: 'expired', urgent: true };
  const minutes = Math.floor(ms / 60_000);
  const text = minutes < 1 ? `${Math.ceil(ms / 1000)}s left` : minutes < 60 ? `${minutes}m left` : `${Math.floor(minutes / 60)}h ${minutes % 60}m left`;
  return { text, urgent: ms < 120_000 };
}
