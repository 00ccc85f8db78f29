/** A cell as the exporters hand it over: text from customers, or a value Heed produced itself. */
export type CsvCell = string | number | boolean | null

/** First characters that make Excel, LibreOffice and Google Sheets read a cell as a formula (or a DDE call). */
const FORMULA_START = /^[=+\-@\t\r]/
/** Characters that force a field into quotes under RFC 4180. */
const NEEDS_QUOTES = /[",\r\n]/
const QUOTE = /"/g

/**
 * One field of RFC 4180 text. Strings starting with =, +, -, @, tab or CR get a leading single quote so a
 * spreadsheet shows them as text instead of running them (OWASP's advice for CSV injection); the quote is
 * visible in the cell, which is the price of never executing a customer's comment. Numbers and booleans are
 * Heed's own values (a score of -1 never occurs, a negative MRR change is a number) and stay as they are, so
 * sums still work. null is an empty field.
 */
export function csvField(cell: CsvCell): string {
  if (cell === null) return ''
  if (typeof cell !== 'string') return String(cell)
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell
  return NEEDS_QUOTES.test(text) ? `"${text.replace(QUOTE, '""')}"` : text
}

/** One record, CRLF-terminated as RFC 4180 asks. */
export function csvRecord(cells: readonly CsvCell[]): string {
  let line = ''
  for (let index = 0; index < cells.length; index++) {
    if (index > 0) line += ','
    line += csvField(cells[index] ?? null)
  }
  return `${line}\r\n`
}
