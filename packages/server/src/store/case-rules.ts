import type { CaseStatus } from '../db/schema'

export const CASE_STATUSES = ['open', 'contacted', 'resolved', 'wont_fix'] as const satisfies CaseStatus[]

/** A closed case is done with: it is never overdue and gets no reminders. */
export const CLOSED_STATUSES = ['resolved', 'wont_fix'] as const satisfies CaseStatus[]

export const isClosed = (status: CaseStatus) => (CLOSED_STATUSES as readonly CaseStatus[]).includes(status)

/**
 * Where a case may go from each status: forward through contact to an outcome (contact may be skipped when
 * the answer alone settles it), and back to open when a closed case turns out not to be.
 */
const NEXT_STATUSES: Record<CaseStatus, readonly CaseStatus[]> = {
  open: ['contacted', 'resolved', 'wont_fix'],
  contacted: ['resolved', 'wont_fix'],
  resolved: ['open'],
  wont_fix: ['open'],
}

/** The fields of a case people change. */
export interface CaseFields {
  status: CaseStatus
  owner: string | null
  rootCause: string | null
  tags: string[]
  firstContactAt: number | null
  resolvedAt: number | null
}

/** What a request asks to change; a field left out keeps its value. */
export interface CaseChange {
  status?: CaseStatus
  owner?: string | null
  rootCause?: string | null
  tags?: string[]
}

export type ChangedField = keyof CaseChange

/** One field's change, as the history records it. */
export interface FieldChange {
  field: ChangedField
  from: unknown
  to: unknown
}

export type ChangePlan =
  | { outcome: 'changed'; next: CaseFields; changes: FieldChange[] }
  | { outcome: 'refused'; field: ChangedField; message: string }

const sameTags = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((tag, i) => tag === b[i])

/**
 * The case after the change, and what changed, or why the change is refused: a status the current one
 * cannot move to, or a resolved case without a root cause (a case is resolved by knowing why the customer
 * was unhappy). The first contact is when the case first leaves `open` for `contacted` or `resolved`;
 * closing sets `resolvedAt`, reopening clears it. An empty list of changes means nothing to do.
 */
export function planCaseChange(current: CaseFields, change: CaseChange, now: number): ChangePlan {
  const next: CaseFields = { ...current }
  const changes: FieldChange[] = []

  if (change.status !== undefined && change.status !== current.status) {
    if (!NEXT_STATUSES[current.status].includes(change.status)) {
      const allowed = NEXT_STATUSES[current.status].join(', ')
      return {
        outcome: 'refused',
        field: 'status',
        message: `a ${current.status} case cannot become ${change.status}; it can become ${allowed}`,
      }
    }
    next.status = change.status
    changes.push({ field: 'status', from: current.status, to: change.status })
    if (next.firstContactAt === null && (next.status === 'contacted' || next.status === 'resolved')) {
      next.firstContactAt = now
    }
    if (isClosed(next.status)) next.resolvedAt = now
    else if (next.status === 'open') next.resolvedAt = null
  }
  if (change.owner !== undefined && change.owner !== current.owner) {
    next.owner = change.owner
    changes.push({ field: 'owner', from: current.owner, to: change.owner })
  }
  if (change.rootCause !== undefined && change.rootCause !== current.rootCause) {
    next.rootCause = change.rootCause
    changes.push({ field: 'rootCause', from: current.rootCause, to: change.rootCause })
  }
  if (change.tags !== undefined && !sameTags(change.tags, current.tags)) {
    next.tags = change.tags
    changes.push({ field: 'tags', from: current.tags, to: change.tags })
  }
  if (next.status === 'resolved' && next.rootCause === null) {
    return {
      outcome: 'refused',
      field: 'rootCause',
      message: 'is required to resolve a case: say why the customer was unhappy',
    }
  }
  return { outcome: 'changed', next, changes }
}
