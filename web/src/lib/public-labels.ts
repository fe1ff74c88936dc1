import { PUBLIC_STATUS_LABEL } from '@baton/contracts/item-labels';

/** Words the public pages use for statuses and types. */
export const STATUS_LABEL: Record<string, string> = PUBLIC_STATUS_LABEL;
/** The public statuses in their order (contracts' PublicStatus, without bringing zod into public pages). */
export const PUBLIC_STATUSES = Object.keys(STATUS_LABEL);
export { TYPE_LABEL } from '@baton/contracts/item-labels';
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
