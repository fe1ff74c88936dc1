import type { Actor, AgentMetadata } from '@baton/contracts';
import type { Prisma } from '@baton/db';
import type { Principal } from '../deps.ts';
import { DomainError } from '../errors.ts';


export const MAX_METADATA_CHARS = 16_000;

/**
 * The metadata as plain JSON, the way it will be stored and read back (dates become ISO strings, undefined
 * values disappear). Refuses what JSON cannot hold (BAD_INPUT) and more than MAX_METADATA_CHARS (PAYLOAD_TOO_LARGE).
 */
export function toJsonMetadata(metadata: AgentMetadata, field: string): Prisma.InputJsonObject {
  let text: string;
  try {
    text = JSON.stringify(metadata);
  } catch {
    throw new DomainError('BAD_INPUT', `${field}: is not representable as JSON`, {
      issues: [{ path: [field], message: 'is not representable as JSON' }],
    });
  }
  if (text.length > MAX_METADATA_CHARS) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `${field}: is ${text.length} characters as JSON; the limit is ${MAX_METADATA_CHARS}`, {
      issues: [{ path: [field], message: `is longer than ${MAX_METADATA_CHARS} characters as JSON` }],
    });
  }
  return JSON.parse(text) as Prisma.InputJsonObject;
}

export const actorOf = (p: Principal): Actor =>
  p.kind === 'user' ? { kind: 'user', id: p.userId, name: p.name } : { kind: 'agent', id: p.apiKeyId, name: p.name };
