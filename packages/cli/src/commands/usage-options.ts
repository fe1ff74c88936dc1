import { Usage } from '@baton/contracts';
import type { OptionSpec, OptionValues } from '../args/spec.ts';
import { checked, int, str } from '../args/values.ts';
import { UsageError } from '../cli-error.ts';

/** The run's usage flags, the same on progress, status and release: kept on the attempt (docs/attempts.md). */
export const usageOptions: Record<string, OptionSpec> = {
  'input-tokens': { type: 'string', value: 'N', help: 'model input tokens used so far' },
  'output-tokens': { type: 'string', value: 'N', help: 'model output tokens used so far' },
  cost: { type: 'string', value: 'AMOUNT', help: 'what the run cost so far, e.g. 0.42USD' },
  'wall-seconds': { type: 'string', value: 'N', help: 'wall-clock seconds the run has taken' },
  'run-id': { type: 'string', value: 'ID', help: "the agent's own id of this run" },
};

/** `0.42USD` or `0.42 USD` */
function cost(raw: string, command: string) {
  const m = /^(\d+(?:\.\d+)?)\s*([A-Za-z]{3})$/.exec(raw.trim());
  if (!m) throw new UsageError(`--cost must be an amount and a currency, e.g. 0.42USD (got "${raw}")`, command);
  return { amount: Number(m[1]), currency: m[2]!.toUpperCase() };
}

/** The usage the flags give, checked against the server's schema; undefined when none was given. */
export function usageFrom(values: OptionValues, command: string): Usage | undefined {
  const raw = {
    ...(values['input-tokens'] !== undefined && { inputTokens: int(str(values, 'input-tokens')!, '--input-tokens', command) }),
    ...(values['output-tokens'] !== undefined && { outputTokens: int(str(values, 'output-tokens')!, '--output-tokens', command) }),
    ...(values.cost !== undefined && { cost: cost(str(values, 'cost')!, command) }),
    ...(values['wall-seconds'] !== undefined && { wallSeconds: Number(str(values, 'wall-seconds')) }),
    ...(values['run-id'] !== undefined && { runId: str(values, 'run-id') }),
  };
  return Object.keys(raw).length ? checked(Usage, raw, 'usage', command) : undefined;
}
