/** Numbers and times as the dashboard shows them. */

export const KIND_LABELS = { nps: 'NPS', csat: 'CSAT', ces: 'CES' } as const

/** NPS is a whole number of points (-100..100); CSAT a percentage (0..100); CES a mean on 1-7 with one decimal. */
export function formatScore(kind: keyof typeof KIND_LABELS, value: number): string {
  if (kind === 'nps') return Math.round(value).toString()
  if (kind === 'csat') return `${Math.round(value)}%`
  return value.toFixed(1)
}

const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' })
const date = new Intl.DateTimeFormat('en', { dateStyle: 'medium' })

export const formatDateTime = (iso: string | null) => (iso === null ? '—' : dateTime.format(new Date(iso)))
export const formatDate = (iso: string) => date.format(new Date(iso))

/** "in 3 h", "5 d ago": how far a due time is from now. */
export function relative(iso: string, now = Date.now()): string {
  const minutes = Math.round((new Date(iso).getTime() - now) / 60_000)
  const size = Math.abs(minutes)
  const text =
    size < 60 ? `${size} min` : size < 48 * 60 ? `${Math.round(size / 60)} h` : `${Math.round(size / 1440)} d`
  return minutes >= 0 ? `in ${text}` : `${text} ago`
}

export const STATUS_LABELS: Record<string, string> = {
  open: 'Open',
  contacted: 'Contacted',
  resolved: 'Resolved',
  wont_fix: "Won't fix",
}

/** Digits after the decimal point of a currency (0 for JPY, 2 for USD), as Intl knows them. */
function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    )
  } catch {
    return 2
  }
}

/** Minor units as money: 490000 USD is "$4,900"; cents are shown only when `exact`. */
export function formatMoney(minor: number, currency: string, exact = false): string {
  const digits = currencyDigits(currency)
  const shown = exact ? digits : 0
  try {
    return new Intl.NumberFormat('en', {
      style: 'currency',
      currency,
      minimumFractionDigits: shown,
      maximumFractionDigits: shown,
    }).format(minor / 10 ** digits)
  } catch {
    return `${(minor / 10 ** digits).toFixed(shown)} ${currency}`
  }
}

/** A fraction as a percentage with one decimal (1.034 is "103.4%"); null (nothing to divide by) is "—". */
export const formatPercent = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`
