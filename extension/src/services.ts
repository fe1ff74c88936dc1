import type { Connection } from './connection/connection.ts';
import type { ItemsTree } from './tree/items-tree.ts';
import type { CurrentWork } from './work/current-work.ts';

/** What commands need, built once in main.ts's start() and passed in (no module-level singletons). */
export type Services = {
  connection: Connection;
  work: CurrentWork;
  trees: { myItems: ItemsTree; ready: ItemsTree; search: ItemsTree };
  refreshAll(): void;
};
