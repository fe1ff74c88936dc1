import { DEFAULT_STATE_NAMES, STATE_CATEGORIES } from '@baton/contracts';
import type { Tx } from '../deps.ts';

/**
 * Gives a new product the default state of each category (Open, In progress, Done, Closed, Won't fix), as the
 * migration that introduced states gave every existing product. Called where products are made (insertProduct).
 */
export async function insertDefaultStates(tx: Pick<Tx, 'workflowState'>, productId: string): Promise<void> {
  await tx.workflowState.createMany({
    data: STATE_CATEGORIES.map((category, position) => {
      const name = DEFAULT_STATE_NAMES[category];
      return { productId, name, nameKey: name.toLowerCase(), category, defaultFor: category, position };
    }),
  });
}
