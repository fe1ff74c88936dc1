import { appRouter, createCallerFactory, type Context } from '@baton/api';
import type { z } from 'zod';

/** What REST needs of a tRPC v11 procedure: its kind and the zod schemas it was built with (`_def`). */
export type ProcedureInfo = {
  type: 'query' | 'mutation' | 'subscription';
  /** chained `.input()` schemas, merged by tRPC in order (e.g. WriteMeta, then the procedure's own) */
  inputs: z.ZodType[];
  output: z.ZodType | undefined;
};

type Def = { type: ProcedureInfo['type']; inputs?: z.ZodType[]; output?: z.ZodType };

/** The procedure at a dotted path (`items.checklist.set`), or null when the router has none. */
export function procedureAt(path: string): ProcedureInfo | null {
  // at runtime `_def.procedures` is flat, keyed by dotted path (its declared type is the nested record)
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: Def } | undefined>;
  const def = procedures[path]?._def;
  return def ? { type: def.type, inputs: def.inputs ?? [], output: def.output } : null;
}

const callerFactory = createCallerFactory(appRouter);

/**
 * Calls a procedure by path through `createCaller`: the same middleware chain (auth, header product, error
 * mapping, input and output validation) as /trpc.
 */
export function callProcedure(ctx: Context, path: string, input: unknown): Promise<unknown> {
  let target: unknown = callerFactory(ctx);
  for (const segment of path.split('.')) target = (target as Record<string, unknown>)[segment];
  return (target as (input: unknown) => Promise<unknown>)(input);
}
