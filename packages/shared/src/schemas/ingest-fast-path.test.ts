import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { ZDisplayPayload, ZEventBatch, ZResponsePayload } from './ingest'
import { type FastPath, fastDisplayPayload, fastEventBatch, fastResponsePayload } from './ingest-fast-path'

const CHECKERS = [
  ['events', ZEventBatch, fastEventBatch],
  ['responses', ZResponsePayload, fastResponsePayload],
  ['displays', ZDisplayPayload, fastDisplayPayload],
] as const

/** The invariant callers rely on: a value from the fast path is exactly what zod returns. */
function expectSound<S extends z.ZodType>(schema: S, fast: FastPath<z.output<S>>, input: unknown): boolean {
  const checked = fast(input)
  if (checked === undefined) return false
  const parsed = schema.safeParse(input)
  expect(parsed.success).toBe(true)
  expect(checked).toEqual(parsed.data)
  return true
}

/** For rules mirrored exactly: the fast path takes a value if and only if zod does. */
function expectSame<S extends z.ZodType>(schema: S, fast: FastPath<z.output<S>>, input: unknown): void {
  expect(expectSound(schema, fast, input)).toBe(schema.safeParse(input).success)
}

const PAGE = 'https://app.example.com/settings/billing?tab=plans#invoices'
const event = {
  id: 'evt_V1StGXR8',
  type: 'page',
  name: 'Billing',
  properties: { path: '/settings/billing', step: 2, plan: 'pro' },
  anonymousId: 'anon_V1StGXR8',
  userId: 'user-42',
  accountId: 'acct-7',
  sessionId: 'sess_V1StGXR8',
  url: PAGE,
  timestamp: '2024-05-01T12:00:00.123Z',
}
const response = {
  id: 'resp_0001',
  surveyId: 'srv_1',
  displayId: 'disp_0001',
  anonymousId: 'anon_V1StGXR8',
  userId: 'user-42',
  accountId: 'acct-7',
  score: 9,
  comment: 'Great support!',
  locale: 'pt-BR',
  url: PAGE,
  traits: { plan: 'pro', seats: 12, trial: false, churnedAt: null },
  timestamp: '2024-05-01T14:00:00+02:00',
}
const display = {
  id: 'disp_0001',
  surveyId: 'srv_1',
  anonymousId: 'anon_V1StGXR8',
  userId: 'user-42',
  event: 'shown',
  url: PAGE,
  timestamp: '2024-05-01T12:00:00Z',
}

describe('fastEventBatch', () => {
  it('returns what ZEventBatch returns for what the widget and the benchmark send', () => {
    const batch = { events: [event, { ...event, id: 'evt_2abcdefg', type: 'track', name: 'Export Clicked' }] }
    expect(fastEventBatch(batch)).toEqual(ZEventBatch.parse(batch))
    const minimal = {
      events: [
        { id: 'evt_3abcdefg', name: 'Signed Up', anonymousId: 'anon_1234', timestamp: event.timestamp },
      ],
    }
    expect(fastEventBatch(minimal)).toEqual({ events: [{ ...minimal.events[0], type: 'track' }] })
  })

  it('trims person and account ids, drops unknown keys and keeps properties as given', () => {
    const batch = { events: [{ ...event, userId: ' user-42\u00a0', accountId: '\tacct-7 ', extra: 1 }] }
    const checked = fastEventBatch(batch)
    expect(checked).toEqual(ZEventBatch.parse(batch))
    expect(checked?.events[0]).toMatchObject({ userId: 'user-42', accountId: 'acct-7' })
    expect(checked?.events[0]).not.toHaveProperty('extra')
    expect(checked?.events[0]?.properties).toBe(event.properties)
  })

  it('leaves refusals to zod', () => {
    for (const events of [
      [],
      Array(101).fill(event),
      [{ ...event, type: 'identify' }],
      [{ ...event, name: '' }],
      [{ ...event, sessionId: 'short' }],
      'all',
    ]) {
      expect(fastEventBatch({ events })).toBeUndefined()
      expect(ZEventBatch.safeParse({ events }).success).toBe(false)
    }
    expect(fastEventBatch(null)).toBeUndefined()
    expect(fastEventBatch([event])).toBeUndefined()
  })
})

describe('fastResponsePayload', () => {
  it('returns what ZResponsePayload returns: trimmed comment, canonical locale, copied traits', () => {
    expect(fastResponsePayload(response)).toEqual(ZResponsePayload.parse(response))
    const scoreOnly = { id: 'resp_0002', surveyId: 'srv_1', anonymousId: 'anon_V1StGXR8', score: 0 }
    expect(fastResponsePayload(scoreOnly)).toEqual(scoreOnly)
    const commentOnly = { ...scoreOnly, score: undefined, comment: '  Slow exports  ', locale: 'zh_hant_tw' }
    expect(fastResponsePayload(commentOnly)).toEqual({
      ...scoreOnly,
      score: undefined,
      comment: 'Slow exports',
      locale: 'zh-Hant-TW',
    })
    expect(fastResponsePayload(response)?.traits).not.toBe(response.traits)
  })

  it('leaves refusals to zod', () => {
    for (const bad of [
      { ...response, score: undefined, comment: undefined },
      { ...response, score: undefined, comment: '   ' },
      { ...response, score: 11 },
      { ...response, score: 9.5 },
      { ...response, locale: 'english' },
      { ...response, traits: { address: { city: 'Lisbon' } } },
      { ...response, displayId: 'short' },
      { ...response, comment: 42 },
    ]) {
      expect(fastResponsePayload(bad)).toBeUndefined()
      expect(ZResponsePayload.safeParse(bad).success).toBe(false)
    }
  })
})

describe('fastDisplayPayload', () => {
  it('returns what ZDisplayPayload returns', () => {
    expect(fastDisplayPayload(display)).toEqual(display)
    const dismissed = { id: 'disp_0002', surveyId: 'srv_1', anonymousId: 'anon_V1StGXR8', event: 'dismissed' }
    expect(fastDisplayPayload({ ...dismissed, viewport: '390x844' })).toEqual(dismissed)
  })

  it('leaves refusals to zod', () => {
    for (const bad of [
      { ...display, event: 'clicked' },
      { ...display, surveyId: '' },
      { ...display, url: 'javascript:alert(1)' },
    ]) {
      expect(fastDisplayPayload(bad)).toBeUndefined()
      expect(ZDisplayPayload.safeParse(bad).success).toBe(false)
    }
  })
})

describe('the rules the fast path mirrors', () => {
  const withUrl = (url: unknown) => ({ ...display, url })
  const withTimestamp = (timestamp: unknown) => ({ ...display, timestamp })
  const withUserId = (userId: unknown) => ({ ...display, userId })
  const withProperties = (properties: unknown) => ({ events: [{ ...event, properties }] })
  const withTraits = (traits: unknown) => ({ ...response, traits })

  it('takes the URLs browsers report', () => {
    for (const url of [
      'http://localhost:3000/',
      'https://app.example.com',
      'HTTPS://App.Example.COM:8443/a/b?q=%20x&y=[1]#/route?x=1',
      'https://my-app.co.uk/path;params/~user/@handle/\\back',
      `https://example.com/${'x'.repeat(2048 - 'https://example.com/'.length)}`,
    ]) {
      expect(expectSound(ZDisplayPayload, fastDisplayPayload, withUrl(url)), url).toBe(true)
    }
  })

  it('leaves unusual URLs to zod, valid or not', () => {
    for (const url of [
      'https://xn--bcher-kva.example/',
      'https://bücher.example/',
      'http://127.0.0.1:3000/',
      'http://[::1]/',
      'https://user:pass@example.com/',
      'https://example.com:65535/',
      'https://example.com./',
      'https://example.com/a b',
      ' https://example.com/',
      'https://exa\nmple.com/',
      'https://example.com/ü',
      'https://example.123/',
      'https://example.com:99999/',
      'https:example.com',
      'ftp://example.com/',
      `https://example.com/${'x'.repeat(2049 - 'https://example.com/'.length)}`,
      42,
    ]) {
      expect(expectSound(ZDisplayPayload, fastDisplayPayload, withUrl(url)), String(url)).toBe(false)
    }
  })

  it('takes every ISO 8601 form ZTimestamp takes, and only those', () => {
    for (const timestamp of [
      '2024-02-29T00:00:00Z',
      '2000-02-29T23:59:59.999999999+14:00',
      '2023-02-28T12:00:00-00:30',
      '2024-01-31T12:00:00Z',
      '2024-04-30T12:00:00Z',
      '2024-08-31T12:00:00Z',
      '2024-12-31T12:00:00Z',
      '0000-02-29T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2024-02-30T00:00:00Z',
      '2024-04-31T00:00:00Z',
      '2024-09-31T00:00:00Z',
      '2024-11-31T00:00:00Z',
      '2024-05-01T12:00Z',
      '2024-05-01T12:00:00',
      '2024-05-01t12:00:00z',
      '2024-05-01T24:00:00Z',
      '2024-05-01T12:00:00.Z',
      '2024-05-01T12:00:00+0200',
      '2024-05-01 12:00:00Z',
      1714564800000,
    ]) {
      expectSame(ZDisplayPayload, fastDisplayPayload, withTimestamp(timestamp))
    }
  })

  it('trims external ids and refuses control characters as zod does', () => {
    for (const userId of [
      '42',
      ' 42 ',
      '\ufeff42\u3000',
      'a'.repeat(200),
      ` ${'a'.repeat(200)} `,
      'a'.repeat(201),
      '   ',
      'a\u0085b',
      'a\u007fb',
      'a\u00a0b',
      '😀',
      '\ud800',
      7,
    ]) {
      expectSame(ZDisplayPayload, fastDisplayPayload, withUserId(userId))
    }
  })

  it('measures properties as JSON.stringify would, escapes and surrogates included', () => {
    const strings = (count: number, text: string) =>
      Object.fromEntries(Array.from({ length: count }, (_, i) => [`p${i}`, text]))
    for (const properties of [
      {},
      { a: [], b: {}, c: [[]], d: null, e: true, f: false, g: -0, h: 1e21, i: -1.5e-7 },
      strings(8, 'x'.repeat(1000)),
      strings(9, 'x'.repeat(1000)),
      // Eight strings of 1000 make 8065 bytes; a ninth of 119 makes exactly 8192, the limit.
      { ...strings(8, 'x'.repeat(1000)), p8: 'x'.repeat(119) },
      { ...strings(8, 'x'.repeat(1000)), p8: 'x'.repeat(120) },
      { ...strings(8, 'x'.repeat(1000)), p8: `é${'x'.repeat(118)}` },
      strings(4, '€'.repeat(800)),
      strings(5, '😀'.repeat(450)),
      strings(6, 'é'.repeat(700)),
      strings(2, '"\\\b\f\n\r\t\u0000\u001f\u007f'.repeat(90)),
      strings(8, '\ud800'.repeat(166)),
      strings(8, '\udc00\ud83d'.repeat(83)),
      { list: Array.from({ length: 50 }, () => 'x'.repeat(160)) },
      { list: Array.from({ length: 50 }, () => 'x'.repeat(170)) },
      { a: { b: { c: 'x'.repeat(1000) }, d: strings(8, 'y'.repeat(1000)) } },
      { a: [{ b: 1 }], c: [[1, 2]] },
      { a: [[[1]]] },
      { a: { b: { c: {} } } },
      { a: Array(51).fill(0) },
      { a: Array(2) },
      { a: 'x'.repeat(1001) },
      { ['k'.repeat(100)]: 1, ['l'.repeat(101)]: 2 },
      { '': 1 },
      strings(101, ''),
      { a: Number.NaN },
      { a: undefined },
      { a: new Date(0) },
      { a: () => 1 },
      Object.create(null),
      [],
      'plan=pro',
    ]) {
      expectSame(ZEventBatch, fastEventBatch, withProperties(properties))
    }
  })

  it('counts code points where zod does: a surrogate pair is one character, a lone surrogate too', () => {
    const texts = (limit: number) => [
      '😀'.repeat(limit),
      `${'😀'.repeat(limit - 1)}\ud800`,
      `a${'😀'.repeat(limit - 1)}\ud800`,
      '😀'.repeat(limit + 1),
      `\udc00${'😀'.repeat(limit)}`,
      `${'😀'.repeat(limit)}\ud800`,
    ]
    for (const name of texts(200)) expectSame(ZEventBatch, fastEventBatch, { events: [{ ...event, name }] })
    for (const userId of texts(200)) expectSame(ZDisplayPayload, fastDisplayPayload, withUserId(userId))
    for (const comment of texts(5000))
      expectSame(ZResponsePayload, fastResponsePayload, { ...response, comment })
    for (const key of texts(100)) expectSame(ZResponsePayload, fastResponsePayload, withTraits({ [key]: 1 }))
    for (const trait of texts(1000)) expectSame(ZResponsePayload, fastResponsePayload, withTraits({ trait }))
  })

  it('checks traits as ZTraits does, and leaves __proto__ and symbol keys to zod', () => {
    const many = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`t${i}`, i]))
    for (const traits of [
      many(50),
      many(51),
      { ['k'.repeat(100)]: 'x'.repeat(1000) },
      { ['k'.repeat(101)]: 1 },
      { '': 1 },
      { a: 'x'.repeat(1001) },
      { a: Number.POSITIVE_INFINITY },
      { a: [] },
      { a: undefined },
      ['pro'],
    ]) {
      expectSame(ZResponsePayload, fastResponsePayload, withTraits(traits))
    }
    expect(
      expectSound(ZResponsePayload, fastResponsePayload, withTraits(JSON.parse('{"__proto__":"x"}'))),
    ).toBe(false)
    expect(expectSound(ZResponsePayload, fastResponsePayload, withTraits({ [Symbol('s')]: 1 }))).toBe(false)
  })
})

// Generators: payloads with realistic values, with values at and just past every limit, and with odd URLs.

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'
const idOf = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...URL_SAFE), minLength, maxLength, size: 'max' })
const clientId = idOf(8, 64)
const serverId = idOf(1, 64)

/** Any UTF-16 unit, lone surrogates and control characters included, weighted towards the awkward ones. */
const anyUnit = fc.oneof(
  fc.constantFrom(
    'a',
    'Z',
    '0',
    ' ',
    '"',
    '\\',
    '\n',
    '\u0000',
    '\u007f',
    '\u0085',
    '\u00a0',
    'é',
    '€',
    '😀',
    '\ud800',
    '\udc00',
    '\ufeff',
    '\u2028',
  ),
  fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
)
const text = (maxLength: number) =>
  fc.oneof(fc.string({ unit: 'grapheme', maxLength }), fc.string({ unit: anyUnit, maxLength }))

const whitespace = fc.string({
  unit: fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u2003', '\u3000', '\ufeff'),
  maxLength: 2,
})
const twoDigits = (n: number) => String(n).padStart(2, '0')
const offset = fc.oneof(
  fc.constant('Z'),
  fc
    .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([sign, hours, minutes]) => `${sign}${twoDigits(hours)}:${twoDigits(minutes)}`),
)
/** Every form ZTimestamp accepts; the day may not exist in its month (Feb 29 of a common year, Apr 31). */
const timestamp = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hours: fc.integer({ min: 0, max: 23 }),
    minutes: fc.integer({ min: 0, max: 59 }),
    seconds: fc.integer({ min: 0, max: 59 }),
    fraction: fc.oneof(fc.constant(''), fc.stringMatching(/^\.\d{1,12}$/)),
    offset,
  })
  .map(
    ({ year, month, day, hours, minutes, seconds, fraction, offset }) =>
      `${String(year).padStart(4, '0')}-${twoDigits(month)}-${twoDigits(day)}T${twoDigits(hours)}:${twoDigits(minutes)}:${twoDigits(seconds)}${fraction}${offset}`,
  )
const timestampNow = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString())

const notPunycode = (label: string) => !label.startsWith('xn--')
const label = fc.stringMatching(/^[a-z\d](?:[a-z\d-]{0,20}[a-z\d])?$/).filter(notPunycode)
/** URLs as location.href reports them: an ASCII host name, then printable ASCII. */
const pageUrl = fc
  .record({
    scheme: fc.constantFrom('https', 'http', 'HTTPS'),
    labels: fc.array(label, { maxLength: 3 }),
    top: fc.stringMatching(/^[a-z][a-z\d-]{0,10}$/).filter(notPunycode),
    port: fc.option(fc.integer({ min: 0, max: 59_999 }), { nil: undefined }),
    rest: fc.oneof(
      fc.constant(''),
      fc.stringMatching(/^[/?#][!-~]{0,100}$/),
      fc.constantFrom('/', '/a/b?c=d&e=%20#f'),
    ),
  })
  .map(
    ({ scheme, labels, top, port, rest }) =>
      `${scheme}://${[...labels, top].join('.')}${port === undefined ? '' : `:${port}`}${rest}`,
  )
const oddUrl = fc
  .tuple(
    fc.constantFrom(
      'https://',
      'http://',
      'HTTP://',
      'https:',
      'https:/',
      'ftp://',
      'javascript:',
      ' https://',
      '',
    ),
    fc.string({
      unit: fc.constantFrom(
        'a',
        'Z',
        '0',
        '9',
        '-',
        '.',
        ':',
        '@',
        '[',
        ']',
        '%',
        '_',
        'x',
        'n',
        '/',
        '\\',
        '?',
        '#',
        ' ',
        '\t',
        'ü',
        'ſ',
        'K',
        '\u0000',
      ),
      maxLength: 30,
    }),
  )
  .map(([start, rest]) => start + rest)

const KEYS = fc.oneof(fc.constantFrom('path', 'plan', 'step', 'k'.repeat(100)), text(101))
const scalar = fc.oneof(
  text(1001),
  fc.constant('x'.repeat(1000)),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
)
const { json } = fc.letrec((tie) => ({
  json: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('json'), { maxLength: 52 }),
  object: fc.dictionary(KEYS, tie('json'), { maxKeys: 12 }),
}))
/** How each kind of field is generated: realistic values, or values at and just past every limit. */
interface Fields {
  name: fc.Arbitrary<string>
  externalId: fc.Arbitrary<string>
  properties: fc.Arbitrary<Record<string, unknown>>
  traits: fc.Arbitrary<Record<string, unknown>>
  comment: fc.Arbitrary<string>
  locale: fc.Arbitrary<string>
  url: fc.Arbitrary<string>
  timestamp: fc.Arbitrary<string>
}

const COMMON: Fields = {
  name: fc.constantFrom('Report Viewed', 'Filter Applied', 'Export Clicked', PAGE),
  externalId: fc.oneof(
    fc.nat().map((n) => `user-${n}`),
    fc.constantFrom('42', 'ana@example.com', 'acct_Acme'),
  ),
  properties: fc.record(
    { path: fc.stringMatching(/^\/[a-z/]{0,30}$/), step: fc.nat(), plan: fc.constantFrom('pro', 'free') },
    { requiredKeys: [] },
  ),
  traits: fc.record(
    { plan: fc.constantFrom('pro', 'free'), seats: fc.nat(), trial: fc.boolean() },
    { requiredKeys: [] },
  ),
  comment: fc.constantFrom('Great support!', '  Exports are slow\n', 'Très bien 👍'),
  locale: fc.constantFrom('en', 'de', 'pt-BR', 'en-US', 'zh-Hant-TW'),
  url: pageUrl,
  timestamp: timestampNow,
}

const EDGES: Fields = {
  name: fc.oneof(COMMON.name, text(201)),
  externalId: fc.oneof(
    COMMON.externalId,
    fc.tuple(whitespace, text(201), whitespace).map(([a, id, b]) => a + id + b),
  ),
  properties: fc.oneof(
    COMMON.properties,
    fc.dictionary(KEYS, json, { maxKeys: 12 }),
    fc.dictionary(
      fc.string({ maxLength: 3 }),
      fc.string({ unit: anyUnit, minLength: 900, maxLength: 1000 }),
      {
        minKeys: 7,
        maxKeys: 9,
      },
    ),
  ),
  // fast-check now and then makes the key '__proto__', which the fast path leaves to zod (tested above).
  traits: fc.dictionary(
    fc.oneof(
      fc.constantFrom('plan', 'seats', 'k'.repeat(100)),
      text(101).filter((key) => key !== '__proto__'),
    ),
    fc.oneof(text(1001), fc.double(), fc.boolean(), fc.constant(null)),
    { maxKeys: 52 },
  ),
  comment: fc.oneof(
    COMMON.comment,
    text(5001),
    fc.string({ unit: anyUnit, minLength: 4990, maxLength: 5010 }),
  ),
  locale: fc.oneof(
    COMMON.locale,
    fc.stringMatching(
      /^[a-zA-Z]{2,3}(?:[-_][a-zA-Z]{4})?(?:[-_](?:[a-zA-Z]{2}|\d{3}))?(?:[-_][a-z\d]{4,8})?$/,
    ),
  ),
  url: pageUrl,
  timestamp: fc.oneof(timestampNow, timestamp),
}

/** Every sort of URL, to check that the fast path never takes one that zod refuses. */
const ODD_URLS: Fields = { ...COMMON, url: fc.oneof(pageUrl, oddUrl) }

const eventBatchOf = (fields: Fields) => {
  const event = fc.record(
    {
      id: clientId,
      type: fc.constantFrom('track', 'page'),
      name: fields.name,
      properties: fields.properties,
      anonymousId: clientId,
      userId: fields.externalId,
      accountId: fields.externalId,
      sessionId: clientId,
      url: fields.url,
      timestamp: fields.timestamp,
    },
    { requiredKeys: ['id', 'name', 'anonymousId', 'timestamp'] },
  )
  return fc.record({ events: fc.array(event, { minLength: 1, maxLength: 5 }) })
}
/** Answers with a score, a comment or both, as ZResponsePayload requires. */
const responseOf = (fields: Fields) =>
  fc
    .record(
      {
        id: clientId,
        surveyId: serverId,
        displayId: clientId,
        anonymousId: clientId,
        userId: fields.externalId,
        accountId: fields.externalId,
        score: fc.integer({ min: 0, max: 10 }),
        comment: fields.comment,
        locale: fields.locale,
        url: fields.url,
        traits: fields.traits,
        timestamp: fields.timestamp,
      },
      { requiredKeys: ['id', 'surveyId', 'anonymousId'] },
    )
    .filter((response) => response.score !== undefined || response.comment !== undefined)
const displayOf = (fields: Fields) =>
  fc.record(
    {
      id: clientId,
      surveyId: serverId,
      anonymousId: clientId,
      userId: fields.externalId,
      event: fc.constantFrom('shown', 'dismissed'),
      url: fields.url,
      timestamp: fields.timestamp,
    },
    { requiredKeys: ['id', 'surveyId', 'anonymousId', 'event'] },
  )
const PAYLOADS = { events: eventBatchOf, responses: responseOf, displays: displayOf }

// Mutations of valid payloads: one value anywhere in the tree replaced, deleted, or joined by another key.

const BAD_VALUES = fc.oneof(
  fc.constantFrom(
    null,
    undefined,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    1.5,
    -1,
    11,
    1e21,
    '',
    ' ',
    'bad id!',
    'a\u0000b',
    'x'.repeat(65),
    'x'.repeat(201),
    'x'.repeat(1001),
    'x'.repeat(5001),
    'track',
    'identify',
    'dismissed',
    '2024-02-30T00:00:00Z',
    'javascript:alert(1)',
    'https://xn--a.example/',
    true,
    [],
    [1],
    {},
    { a: { b: { c: {} } } },
    new Date(0),
  ),
  fc.string({ unit: anyUnit, maxLength: 10 }),
  fc.jsonValue({ maxDepth: 3 }),
)

interface Mutation {
  at: number
  kind: 'replace' | 'delete' | 'add' | 'proto'
  key: string
  value: unknown
}
const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'delete', 'add', 'proto'),
  key: fc.constantFrom('extra', 'type', 'events', 'toString', 'constructor'),
  value: BAD_VALUES,
})

const isContainer = (value: unknown): value is Record<string, unknown> =>
  Array.isArray(value) || (typeof value === 'object' && value !== null && !(value instanceof Date))

/** A copy of the arrays and objects in `value`, with holes and odd own keys ('__proto__', 'constructor'). */
function copyOf(value: unknown): unknown {
  if (!isContainer(value)) return value
  const copy = Array.isArray(value) ? new Array(value.length) : Object.create(Object.getPrototypeOf(value))
  for (const key of Object.keys(value)) {
    Object.defineProperty(copy, key, {
      value: copyOf(value[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return copy
}

/** Every array and object in `value`, outer first. */
function containers(value: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (!isContainer(value)) return found
  found.push(value)
  for (const child of Object.values(value)) containers(child, found)
  return found
}

function mutate(payload: unknown, { at, kind, key, value }: Mutation): unknown {
  const copy = copyOf(payload)
  const all = containers(copy)
  const target = all[at % all.length]!
  const keys = Object.keys(target)
  const existing = keys[at % Math.max(keys.length, 1)] ?? key
  if (kind === 'replace') target[existing] = value
  else if (kind === 'delete') delete target[existing]
  else if (kind === 'add') target[key] = value
  // An own '__proto__' key, as JSON.parse makes from '{"__proto__": …}'; assigning one would set the prototype.
  else
    Object.defineProperty(target, '__proto__', {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  return copy
}

describe.each(CHECKERS)('the fast path for %s', (name, schema, fast) => {
  const payloadOf = PAYLOADS[name]

  it('takes realistic payloads, as the widget sends them', () => {
    fc.assert(
      fc.property(payloadOf(COMMON), (payload) => void expect(expectSound(schema, fast, payload)).toBe(true)),
    )
  })

  it('takes a value exactly when zod does, at and past every limit', () => {
    fc.assert(
      fc.property(payloadOf(EDGES), (payload) => expectSame(schema, fast, payload)),
      { numRuns: 200 },
    )
  })

  it('never takes a URL zod refuses', () => {
    fc.assert(
      fc.property(payloadOf(ODD_URLS), (payload) => void expectSound(schema, fast, payload)),
      { numRuns: 300 },
    )
  })

  it('never takes a broken payload zod refuses', () => {
    fc.assert(
      fc.property(
        payloadOf(EDGES),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (payload, mutations) => {
          expectSound(schema, fast, mutations.reduce(mutate, payload))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('never throws, whatever it is given', () => {
    fc.assert(fc.property(fc.anything({ maxDepth: 4 }), (value) => void expectSound(schema, fast, value)))
  })
})
