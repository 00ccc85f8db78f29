import { describe, expect, it } from 'vitest'
import { jsonOf, testApp } from '../../../test-support/fixtures'
import { type DialectCase, dialectCases } from '../../../test-support/test-database'

interface Document {
  openapi: string
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>
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
})
