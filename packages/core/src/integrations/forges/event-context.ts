import { forgeName, type DeliveryChange, type Forge } from '@baton/contracts';
import type { Deps } from '../../deps.ts';
import type { ForgeSettings } from './forge-settings.ts';

/** Who a forge's changes are attributed to in history, comments and claims: the system, named for its source. */
export const forgeActor = (forge: Forge) => ({ kind: 'system', name: forgeName[forge] }) as const;

export type EventProduct = { id: string; key: string; name: string; organizationId: string; formerKeys: string[] };

/** What handling one delivery needs: the forge and product it was verified for, their settings, what an earlier run did. */
export type EventContext = {
  deps: Deps;
  forge: Forge;
  product: EventProduct;
  settings: ForgeSettings;
  /** the changes a first run of this same delivery made: a replay skips comments already written */
  previous: DeliveryChange[];
};

/** What came of a delivery: the HTTP answer the forge sees, a one-line result and each change, for the log. */
export type EventOutcome = { httpStatus: number; result: string; changes: DeliveryChange[] };

export const alreadyCommented = (ec: EventContext, itemId: string) => ec.previous.some((c) => c.itemId === itemId && c.what === 'comment');

/** A PR link as text: `PR #12 "title"` with its URL, for comments and the log. */
export const prText = (pr: { number: number; title: string; html_url: string }) => `[PR #${pr.number} "${pr.title}"](${pr.html_url})`;
