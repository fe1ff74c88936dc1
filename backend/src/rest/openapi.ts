import { z } from 'zod';
import { SESSION_COOKIE } from '@baton/contracts';
import { RestError } from './error-response.ts';
import { procedureAt } from './procedures.ts';
import { openApiPath, pathParams, REST_ROUTES, type RestRoute } from './routes.ts';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

/** zod -> JSON Schema 2020-12 (what OpenAPI 3.1 uses). Dates travel as ISO strings in JSON. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output', defs: Record<string, JsonSchema>): JsonSchema {
  const out = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      if ((zodSchema as unknown as { _zod: { def: { type: string } } })._zod.def.type === 'date') {
        jsonSchema.type = 'string';
        jsonSchema.format = 'date-time';
      }
    },
  }) as JsonSchema;
  delete out.$schema;
  const local = out.$defs as Record<string, JsonSchema> | undefined;
  delete out.$defs;
  if (!local) return out;
  // schemas registered with an id come out as $defs: hoist them into components so every $ref resolves
  Object.assign(defs, local);
  return JSON.parse(JSON.stringify(out).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
}

/** tRPC merges chained inputs into one object: merge their JSON Schemas the same way. */
function mergedInput(
  inputs: z.ZodType[],
  defs: Record<string, JsonSchema>,
): { properties: Record<string, JsonSchema>; required: string[] } {
  const properties: Record<string, JsonSchema> = {};
  const required = new Set<string>();
  for (const input of inputs) {
    const s = jsonSchema(input, 'input', defs);
    Object.assign(properties, s.properties ?? {});
    for (const r of s.required ?? []) required.add(r);
  }
  return { properties, required: [...required] };
}

const errorRef = (name: string) => ({ $ref: `#/components/responses/${name}` });

/**
 * Every status a route can answer, each with the Baton codes behind it (packages/api/src/errors.ts maps codes to
 * statuses; this list follows it). Reads cannot conflict; writes add the lease, version and idempotency answers.
 */
const RESPONSES: Record<string, { description: string; retryAfter?: boolean }> = {
  '400': { description: 'BAD_INPUT (details.issues names each field and why) or BAD_QUERY (the query language)' },
  '401': { description: 'UNAUTHENTICATED: no key, or a revoked, expired or unknown one' },
  '403': { description: 'FORBIDDEN: the key lacks the scope (or the person the role), or the address is not allowed' },
  '404': { description: 'NOT_FOUND: missing, deleted, or in another organization (the same answer on purpose)' },
  '409': {
    description:
      'CONFLICT (a stale expectedVersion, a duplicate), CLAIM_CONFLICT (someone else holds the item: details.holder), PRODUCT_ARCHIVED, or IN_PROGRESS: a request with this Idempotency-Key is still running; send the same request again after Retry-After',
    retryAfter: true,
  },
  '412': { description: 'LEASE_EXPIRED: your lease ended or your fencing token is stale; claim again' },
  '413': { description: 'PAYLOAD_TOO_LARGE: the body or a text is over its limit' },
  '415': { description: 'UNSUPPORTED_MEDIA_TYPE: the body must be application/json' },
  '422': { description: 'INVALID_TRANSITION (details.allowed), DEPENDENCY_CYCLE (details.cycle) or IDEMPOTENCY_MISMATCH (a key reused for another request)' },
  '429': { description: 'RATE_LIMITED: over the key\'s requests per minute; retry after Retry-After seconds', retryAfter: true },
  '503': { description: 'UNAVAILABLE: the database is unreachable or busy; retry (after Retry-After when sent)', retryAfter: true },
};
const READ_ERRORS = Object.fromEntries(['400', '401', '403', '404', '429', '503'].map((s) => [s, errorRef(`Status${s}`)]));
const WRITE_ERRORS = Object.fromEntries(Object.keys(RESPONSES).map((s) => [s, errorRef(`Status${s}`)]));
const retryAfterHeader = {
  'Retry-After': { description: 'Seconds to wait before sending the request again', schema: { type: 'integer', minimum: 0 } },
};

function operation(route: RestRoute, defs: Record<string, JsonSchema>) {
  const procedure = procedureAt(route.procedure);
  if (!procedure) return null;
  const { properties, required } = mergedInput(procedure.inputs, defs);
  const inPath = new Set(pathParams(route.path));
  const parameters: Record<string, unknown>[] = [...inPath].map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: properties[name] ?? { type: 'string' },
  }));
  parameters.push({
    name: 'x-product-id',
    in: 'header',
    required: false,
    description: 'The product: its id or its key (BAT). Or pass productId in the query',
    schema: { type: 'string' },
  });
  const rest = Object.keys(properties).filter((k) => !inPath.has(k));
  let requestBody: Record<string, unknown> | undefined;
  if (route.method === 'get') {
    for (const name of rest) {
      const array = properties[name]?.type === 'array';
      parameters.push({
        name,
        in: 'query',
        // productId may come from the header instead
        required: name !== 'productId' && required.includes(name),
        schema: properties[name],
        ...(array && { style: 'form', explode: true, description: 'repeat the parameter or separate values with commas' }),
      });
    }
  } else {
    if ('productId' in properties) parameters.push({ name: 'productId', in: 'query', required: false, schema: properties.productId });
    if ('idempotencyKey' in properties) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'A retried request with the same key returns the first result and changes nothing',
        schema: properties.idempotencyKey,
      });
    }
    const bodyFields = rest.filter((k) => k !== 'productId' && k !== 'idempotencyKey');
    const bodyRequired = required.filter((k) => bodyFields.includes(k));
    requestBody = {
      required: bodyRequired.length > 0,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: Object.fromEntries(bodyFields.map((k) => [k, properties[k]])),
            ...(bodyRequired.length && { required: bodyRequired }),
          },
        },
      },
    };
  }
  const output = procedure.output ? jsonSchema(procedure.output, 'output', defs) : {};
  return {
    operationId: route.name,
    summary: route.summary,
    tags: [route.tag],
    description: `Calls the \`${route.procedure}\` procedure.`,
    parameters,
    ...(requestBody && { requestBody }),
    responses: {
      [String(route.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: output } } },
      ...(route.method === 'get' ? READ_ERRORS : WRITE_ERRORS),
      default: errorRef('Error'),
    },
  };
}

/** The OpenAPI 3.1 document of the REST routes, generated from the route table and the procedures' schemas. */
export function openApiDocument(serverUrl: string) {
  const defs: Record<string, JsonSchema> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of REST_ROUTES) {
    const op = operation(route, defs);
    if (!op) continue;
    (paths[openApiPath(route.path)] ??= {})[route.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Baton agent API',
      version: '1.0.0',
      description:
        'REST for agents and CI that do not use the typed TypeScript client. Every route calls the same procedure as /trpc. ' +
        'Errors answer `{ error: { code, message, details } }`; `code` is a Baton error code.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    paths,
    components: {
      schemas: { ...defs, Error: jsonSchema(RestError, 'output', defs) },
      responses: Object.fromEntries([
        ['Error', { description: 'A Baton error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }],
        ...Object.entries(RESPONSES).map(([status, r]) => [
          `Status${status}`,
          {
            description: r.description,
            ...(r.retryAfter && { headers: retryAfterHeader }),
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        ]),
      ]),
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key (bat_...) or a session token' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
      },
    },
  };
}
