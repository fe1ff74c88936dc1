import type { PrismaPg } from '@prisma/adapter-pg';

/** One SQL statement as the driver sent it; `transaction` numbers the transaction it ran in (BEGIN included). */
export type Statement = { sql: string; transaction: number | null };

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;

/**
 * Wraps adapter-pg so every statement is reported with the transaction it belongs to: how the query budget test
 * (test/integration/query-budget.int.test.ts) counts what a request costs. It sits at the driver, under
 * Prisma's client, so raw SQL and the BEGIN and COMMIT of interactive transactions count too.
 */
export function observeStatements(factory: PrismaPg, onStatement: (s: Statement) => void): PrismaPg {
  let transactions = 0;
  const queryable = <T extends object>(target: T, transaction: number | null): T =>
    new Proxy(target, {
      get(t, prop, receiver) {
        const value: unknown = Reflect.get(t, prop, receiver);
        if (typeof value !== 'function') return value;
        if (prop === 'queryRaw' || prop === 'executeRaw') {
          return (query: { sql: string }) => {
            onStatement({ sql: query.sql, transaction });
            return (value as (q: unknown) => unknown).call(t, query);
          };
        }
        if (prop === 'startTransaction') {
          return async (...args: unknown[]) => {
            const id = ++transactions;
            // adapter-pg sends BEGIN itself, on the transaction's own connection
            onStatement({ sql: 'BEGIN', transaction: id });
            const tx = (await (value as (...a: unknown[]) => Promise<Transaction>).apply(t, args)) as Transaction;
            return queryable(tx, id);
          };
        }
        return (value as (...a: unknown[]) => unknown).bind(t);
      },
    });
  return new Proxy(factory, {
    get(t, prop, receiver) {
      const value: unknown = Reflect.get(t, prop, receiver);
      if (prop === 'connect') return async () => queryable(await (value as () => Promise<Adapter>).call(t), null);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
}
