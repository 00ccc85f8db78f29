import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { csvField, csvRecord } from './encode'

/** A strict RFC 4180 reader for one record, to check that what we write reads back as written. */
function readRecord(text: string): string[] {
  expect(text.endsWith('\r\n')).toBe(true)
  const fields: string[] = []
  let index = 0
  const body = text.slice(0, -2)
  for (;;) {
    let field = ''
    if (body[index] === '"') {
      index++
      for (;;) {
        const quote = body.indexOf('"', index)
        expect(quote).toBeGreaterThanOrEqual(0)
        field += body.slice(index, quote)
        if (body[quote + 1] === '"') {
          field += '"'
          index = quote + 2
        } else {
          index = quote + 1
          break
        }
      }
    } else {
      const comma = body.indexOf(',', index)
      const end = comma < 0 ? body.length : comma
      field = body.slice(index, end)
      expect(field).not.toMatch(/[",\r\n]/)
      index = end
    }
    fields.push(field)
    if (index >= body.length) return fields
    expect(body[index]).toBe(',')
    index++
  }
}

describe('CSV encoding', () => {
  it('quotes fields holding a comma, quote, CR or LF, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField('cr\rhere')).toBe('"cr\rhere"')
    expect(csvField('')).toBe('')
    expect(csvField(null)).toBe('')
  })

  it('ends each record with CRLF', () => {
    expect(csvRecord(['a', 1, true, null, 'x,y'])).toBe('a,1,true,,"x,y"\r\n')
  })

  it('neutralises text a spreadsheet would run as a formula, and leaves our own numbers alone', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`)
    expect(csvField('+1')).toBe("'+1")
    expect(csvField('-2+3')).toBe("'-2+3")
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvField('\tcmd')).toBe("'\tcmd")
    expect(csvField('\r=1')).toBe(`"'\r=1"`)
    expect(csvField('a=1')).toBe('a=1')
    expect(csvField(-5)).toBe('-5')
  })

  it('reads back as written, neutralised cells with their one added quote', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme-ascii' }), { minLength: 1, maxLength: 6 }),
        (cells) => {
          const read = readRecord(csvRecord(cells))
          expect(read).toEqual(cells.map((cell) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)))
        },
      ),
      { numRuns: 300 },
    )
  })
})
