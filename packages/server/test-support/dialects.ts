// Which storage dialects a test run covers. Read by the global setup, and by test files that need to know
// whether SQLite runs too (the PostgreSQL answer also arrives as inject('postgresUrl')).
export const KNOWN_DIALECTS = ['sqlite', 'postgres'] as const
export type TestDialect = (typeof KNOWN_DIALECTS)[number]

/** HEED_TEST_DIALECTS, e.g. "sqlite" or "sqlite,postgres" (the default). */
export function testDialects(): TestDialect[] {
  const raw = process.env.HEED_TEST_DIALECTS ?? KNOWN_DIALECTS.join(',')
  const dialects = raw
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '')
  // A typo such as "postgresql" would otherwise skip that dialect without a word.
  const unknown = dialects.filter((name) => !isDialect(name))
  if (unknown.length > 0) {
    throw new Error(
      `HEED_TEST_DIALECTS has unknown dialect(s) ${unknown.join(', ')}; known: ${KNOWN_DIALECTS.join(', ')}`,
    )
  }
  return dialects.filter(isDialect)
}

function isDialect(name: string): name is TestDialect {
  return (KNOWN_DIALECTS as readonly string[]).includes(name)
}
