export interface CaseJson {
  id: string
  responseId: string
  owner: string | null
  status: 'open' | 'contacted' | 'resolved' | 'wont_fix'
  rootCause: string | null
  tags: string[]
  dueAt: string
  firstContactAt: string | null
  resolvedAt: string | null
  createdAt: string
  overdue: boolean
  accountId: string | null
  response: { score: number | null; bucket: string | null; comment: string | null; sentiment: string | null }
}
