import { describe, expect, it } from 'vitest'
import { jsonOf, testApp } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'

interface Document {
  openapi: string
  servers?: Array<{ url: string }>
  paths: Record<
    string,
    Record<
      string,
      {
        operationId?: string
        requestBody?: { content: Record<string, { schema: unknown }> }
        responses: Record<string, { content?: Record<string, { schema?: unknown }> }>
      }
    >
  >
}

/** Every `anyOf` in a JSON value that has no alternative (tools read it as "matches nothing"). */
function emptyAnyOfs(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null) return []
  const found =
    Array.isArray((value as { anyOf?: unknown }).anyOf) && (value as { anyOf: unknown[] }).anyOf.length === 0
  return [
    ...(found ? [path] : []),
    ...Object.entries(value).flatMap(([key, inner]) => emptyAnyOfs(inner, `${path}/${key}`)),
  ]
}

/** `METHOD /path/{param}` for every route the app serves, regex alternatives (`:call{a|b}`) expanded. */
function servedRoutes(app: ReturnType<typeof testApp>): string[] {
  const routes = new Set<string>()
  for (const { method, path } of app.routes) {
    if (method === 'ALL' || path.endsWith('*')) continue
    const alternatives = /:\w+\{([^}]+)\}/.exec(path)
    const paths = alternatives
      ? alternatives[1]!.split('|').map((a) => path.replace(alternatives[0], a))
      : [path]
    for (const p of paths) routes.add(`${method} ${p.replace(/:(\w+)/g, '{$1}')}`)
  }
  return [...routes].sort()
}

describe.each(dialectCases().slice(0, 1))('OpenAPI document', (dialect: DialectCase) => {
  it('documents exactly the routes the app serves, with a schema for every body', async () => {
    const database = await dialect.open()
    try {
      const app = testApp(database)
      const res = await app.request('/openapi.json')
      expect(res.status).toBe(200)
      const document = await jsonOf<Document>(res)
      expect(document.openapi).toBe('3.1.0')
      const documented: string[] = []
      for (const [path, operations] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          documented.push(`${method.toUpperCase()} ${path}`)
          const json = operation.requestBody?.content['application/json']
          if (json) expect(json.schema).toMatchObject({})
        }
      }
      expect(documented.sort()).toEqual(servedRoutes(app))
    } finally {
      await database.close()
    }
  })

  it('names every operation, gives every 2xx answer a schema, and has servers and no empty anyOf', async () => {
    const database = await dialect.open()
    try {
      const document = await jsonOf<Document>(await testApp(database).request('/openapi.json'))
      expect(document.servers?.length).toBeGreaterThan(0)
      const ids: string[] = []
      for (const [path, operations] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          ids.push(operation.operationId ?? `${method} ${path} has none`)
          for (const [status, answer] of Object.entries(operation.responses)) {
            if (!/^2\d\d$/.test(status) || status === '204') continue
            const schemas = Object.values(answer.content ?? {}).map((media) => media.schema)
            expect(schemas.length, `${method} ${path} ${status}`).toBeGreaterThan(0)
            for (const schema of schemas) expect(schema, `${method} ${path} ${status}`).toMatchObject({})
          }
        }
      }
      expect(ids.every((id) => /^[a-z]+[A-Za-z0-9]*$/.test(id))).toBe(true)
      expect(new Set(ids).size).toBe(ids.length)
      expect(emptyAnyOfs(document)).toEqual([])
    } finally {
      await database.close()
    }
  })
})
