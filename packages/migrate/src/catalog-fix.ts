// Workarounds for the Prisma CLI (schema engine, engine "js") over @prisma/adapter-pg 6.19.
//  * prisma/orm#27403: adapter-pg cannot deserialize catalog types such as `name` (OID 19):
//    "Column type 'name' could not be deserialized from the database". Relabel them as text.
//  * prisma/orm#29635: the schema engine reads pg_constraint.contype as a Character; `"char"` must arrive
//    as ColumnType Character or it panics ("RuntimeError: unreachable"), always on PostgreSQL 18 (PGlite).
//  * adapter-pg's executeScript() splits migration SQL on ";" and breaks $$ bodies: send it whole.
// Only the CLI needs this (prisma.config.ts); the app never reads pg_catalog through Prisma.
import pg from 'pg';

const TEXT = 25;
const TEXT_ARRAY = 1009;
const CHAR = 18;
const CHARACTER = 6; // ColumnTypeEnum.Character in @prisma/driver-adapter-utils 6.x
const AS_TEXT = new Set([19, 22, 24, 30, 194, 1033, 2205, 2206, 3734]);
const AS_TEXT_ARRAY = new Set([1002, 1003, 1006, 1008, 1013, 1034, 2210, 2211]);
const CHAR_COLS = Symbol('charCols');

type Field = { dataTypeID: number };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's Result prototype is untyped internals
const proto = (pg as any).Result.prototype;
if (!proto.__batonCatalogFix) {
  const addFields = proto.addFields;
  proto.addFields = function (this: { rows: unknown[] }, fields: Field[]) {
    const charCols: number[] = [];
    fields.forEach((f, i) => {
      if (f.dataTypeID === CHAR) {
        f.dataTypeID = TEXT;
        charCols.push(i);
      } else if (AS_TEXT.has(f.dataTypeID)) f.dataTypeID = TEXT;
      else if (AS_TEXT_ARRAY.has(f.dataTypeID)) f.dataTypeID = TEXT_ARRAY;
    });
    const r = addFields.call(this, fields);
    if (charCols.length) (this.rows as unknown as Record<symbol, number[]>)[CHAR_COLS] = charCols;
    return r;
  };
  proto.__batonCatalogFix = true;
}

type MigrationAdapter = {
  queryRaw(q: unknown): Promise<{ rows: unknown; columnTypes: number[] }>;
  executeScript(script: string): Promise<void>;
  underlyingDriver(): { query(sql: string): Promise<unknown> };
};

export function patchMigrationAdapter<T>(adapter: T): T {
  const a = adapter as unknown as MigrationAdapter & { onError(e: unknown): never };
  const queryRaw = a.queryRaw.bind(a);
  a.queryRaw = async (q) => {
    const res = await queryRaw(q);
    for (const i of (res.rows as Record<symbol, number[]>)[CHAR_COLS] ?? []) res.columnTypes[i] = CHARACTER;
    return res;
  };
  a.executeScript = async (script: string) => {
    try {
      await a.underlyingDriver().query(script);
    } catch (e) {
      a.onError(e);
    }
  };
  return adapter;
}
