import { FencingToken, TtlSeconds } from '@baton/contracts';
import { errorOf } from '@baton/client';
import { checked, duration, int, str } from '../args/values.ts';
import type { OptionSpec, OptionValues } from '../args/spec.ts';
import { CliFailure } from '../cli-error.ts';
import type { Session } from '../session.ts';

export const ttlOption: OptionSpec = {
  type: 'string',
  value: 'DURATION',
  help: "lease length: seconds or 90s, 15m, 2h (default: the product's)",
};
export const fencingOption: OptionSpec = {
  type: 'string',
  value: 'N',
  help: "the lease's fencing token (default: the one saved by claim/next)",
};

export function ttl(values: OptionValues, command: string): number | undefined {
  const raw = str(values, 'ttl');
  return raw === undefined ? undefined : checked(TtlSeconds, duration(raw, '--ttl', command), '--ttl', command);
}

/** The fencing token from --fencing-token, else the one remembered for this item; `required` fails without one. */
export async function fencingToken(
  s: Session,
  ref: string,
  values: OptionValues,
  command: string,
  required: boolean,
): Promise<number | undefined> {
  const raw = str(values, 'fencing-token');
  if (raw !== undefined) return checked(FencingToken, int(raw, '--fencing-token', command), '--fencing-token', command);
  const lease = await s.lease(ref);
  if (lease) return lease.fencingToken;
  if (required)
    throw new CliFailure('NO_LEASE', `no lease on ${ref} is saved here; claim it first (baton claim ${ref}) or pass --fencing-token`);
  return undefined;
}

/** When the saved lease turns out to be lost (LEASE_EXPIRED for the token it holds), it is forgotten; the error stands. */
export async function forgetIfLost<T>(s: Session, itemKey: string, usedToken: number | undefined, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (e) {
    const saved = errorOf(e)?.code === 'LEASE_EXPIRED' ? await s.lease(itemKey) : null;
    if (saved && saved.fencingToken === usedToken) {
      await s.forgetLease(itemKey);
      s.out.note(`The saved lease on ${itemKey} is no longer valid and was forgotten; claim the item again.`);
    }
    throw e;
  }
}
