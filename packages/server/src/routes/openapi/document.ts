import { z } from 'zod'
import { type Auth, OPERATIONS, type Operation } from './operations'

const SECURITY: Record<Auth, Record<string, string[]>[]> = {
  none: [],
  public: [{ publicKeyQuery: [] }, { publicKeyBearer: [] }],
  writeKey: [{ writeKey: [] }],
  secret: [{ secretKey: [] }],
  person: [{}, { sessionCookie: [] }],
  stripeSignature: [{ stripeSignature: [] }],
}

const toJsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' })

/** `post /admin/v1/surveys/:id/pause` → `postAdminV1SurveysByIdPause`: unique, as method and path are. */
function operationId(operation: Operation): string {
  const words = operation.path
    .split('/')
    .filter((part) => part !== '')
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part))
    .flatMap((part) => part.split(/[^A-Za-z0-9]+/))
    .filter((word) => word !== '')
  return operation.method + words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('')
}

/** What a success answer holds: the widget's files are scripts, every other answer is JSON. */
function successContent(operation: Operation) {
  if (operation.tag === 'widget') {
    return { 'text/javascript': { schema: { type: 'string', description: 'A script or source map' } } }
  }
  const schema = operation.answer
    ? toJsonSchema(operation.answer, 'output')
    : { type: 'object', description: 'The JSON answer' }
  return { 'application/json': { schema } }
}

/** Statuses answered without a body. */
const EMPTY = new Set(['204', '304'])

const ERROR = {
  description: 'Error',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string' },
              message: { type: 'string' },
              issues: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { field: { type: 'string' }, message: { type: 'string' } },
                },
              },
              requestId: { type: 'string' },
            },
          },
        },
      },
    },
  },
}

function operationObject(operation: Operation) {
  const pathParameters = [...operation.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }))
  const querySchema =
    operation.query && (toJsonSchema(operation.query) as { properties?: object; required?: string[] })
  const queryParameters = Object.entries(querySchema?.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: querySchema?.required?.includes(name) ?? false,
    schema,
  }))
  const responses: Record<string, unknown> = {}
  for (const [status, description] of Object.entries(operation.responses)) {
    responses[status] = EMPTY.has(status)
      ? { description }
      : { description, content: successContent(operation) }
  }
  responses['4XX'] = ERROR
  return {
    operationId: operationId(operation),
    tags: [operation.tag],
    summary: operation.summary,
    security: SECURITY[operation.auth],
    parameters: [...pathParameters, ...queryParameters],
    ...(operation.body && {
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: toJsonSchema(operation.body) },
          'text/plain': {
            schema: { type: 'string', description: 'The same JSON, sent without a CORS preflight' },
          },
          // Segment and RudderStack libraries label their JSON in other ways; the routes read any type.
          ...(operation.tag === 'segment' && {
            'application/x-www-form-urlencoded': {
              schema: { type: 'string', description: 'The same JSON, as RudderStack libraries label it' },
            },
          }),
        },
      },
    }),
    responses,
  }
}

/** The OpenAPI 3.1 description of the whole API, generated from the zod schemas the routes validate with. */
export function openApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const operation of OPERATIONS) {
    const path = operation.path.replace(/:(\w+)/g, '{$1}')
    paths[path] ??= {}
    paths[path][operation.method] = operationObject(operation)
  }
  return {
    openapi: '3.1.0',
    // Relative to where this document was read from: the server that serves it serves the API.
    servers: [{ url: '/', description: 'The server this document was read from' }],
    info: {
      title: 'Heed API',
      version,
      description:
        'Ingest (public key) for the widget and servers, a Segment-compatible tracking API, and the admin API (secret key).',
    },
    tags: [
      { name: 'ingest', description: 'Public API for the widget and servers' },
      { name: 'segment', description: 'Segment HTTP tracking API, write key = public key' },
      { name: 'admin', description: 'Admin API, secret key as Bearer token' },
      { name: 'auth', description: 'Sign-in for people (the dashboard): session cookie and CSRF token' },
      { name: 'integrations', description: 'Webhooks other services send, signed by them' },
      { name: 'widget', description: 'The widget script for web pages, public and cacheable' },
      { name: 'meta', description: 'Health and this document' },
    ],
    components: {
      securitySchemes: {
        publicKeyQuery: { type: 'apiKey', in: 'query', name: 'key' },
        publicKeyBearer: { type: 'http', scheme: 'bearer' },
        writeKey: { type: 'http', scheme: 'basic', description: 'The public key as the user name' },
        secretKey: { type: 'http', scheme: 'bearer', description: 'A secret key, sk_…' },
        stripeSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'Stripe-Signature',
          description:
            'HMAC-SHA256 of the body by the project’s Stripe endpoint secret, at most 300 seconds old',
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'heed_session',
          description: 'A signed-in person',
        },
      },
    },
    paths,
  }
}
