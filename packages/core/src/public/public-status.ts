import type { ItemStatus, PublicStatus } from '@baton/contracts';

/**
 * What the public roadmap says of an item. The team sets a public status (`Item.publicStatus`); work in progress
 * and done work speak for themselves, so those two follow the internal status whatever was set. Without a word
 * from the team an open item reads as planned (the team wrote it down) and a closed one as declined. An idea in
 * triage, or accepted but not yet given a word, is under review: accepting an idea promises a look, not the work.
 */
export function publicStatusOf(item: { status: ItemStatus; publicStatus: PublicStatus | null }): PublicStatus {
  switch (item.status) {
    case 'triage':
      return 'under_review';
    case 'in_progress':
    case 'done':
      return item.status;
    case 'open':
      return item.publicStatus ?? 'planned';
    case 'closed':
    case 'wont_fix':
      return item.publicStatus === 'done' || item.publicStatus === 'duplicate' ? item.publicStatus : 'declined';
  }
}

/** The words public pages, badges and emails use for each public status. */
export const PUBLIC_STATUS_SAY: Record<PublicStatus, string> = {
  under_review: 'is under review',
  planned: 'is planned',
  in_progress: 'is now in progress',
  done: 'is done',
  declined: 'was declined',
  duplicate: 'was merged into another idea',
};
