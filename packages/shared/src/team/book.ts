import { type Share, shareOf } from './metrics'

/** What the server counts for one CS manager's book of accounts, as it is now. */
export interface BookCounts {
  accounts: number
  /** Current MRR of the book in the reporting currency's minor units. */
  mrr: number
  /** Accounts per health band; `unscored` for those without a score. */
  health: { green: number; yellow: number; red: number; unscored: number }
  /** Accounts with at least one person whose `role` is a decision-maker or a champion. */
  accountsCovered: number
}

export interface BookFigures extends BookCounts {
  /** Accounts covered ÷ accounts in the book. */
  contactCoverage: Share
}

export function bookFigures(counts: BookCounts): BookFigures {
  return { ...counts, contactCoverage: shareOf(counts.accountsCovered, counts.accounts) }
}

export function addBookCounts(all: readonly BookCounts[]): BookCounts {
  const sum = (pick: (c: BookCounts) => number) => all.reduce((total, c) => total + pick(c), 0)
  return {
    accounts: sum((c) => c.accounts),
    mrr: sum((c) => c.mrr),
    health: {
      green: sum((c) => c.health.green),
      yellow: sum((c) => c.health.yellow),
      red: sum((c) => c.health.red),
      unscored: sum((c) => c.health.unscored),
    },
    accountsCovered: sum((c) => c.accountsCovered),
  }
}

export const emptyBookCounts = (): BookCounts => ({
  accounts: 0,
  mrr: 0,
  health: { green: 0, yellow: 0, red: 0, unscored: 0 },
  accountsCovered: 0,
})
