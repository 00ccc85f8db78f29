import type { WebhookEvent } from './event-body'

/**
 * A Slack incoming-webhook message (`{ text, blocks }`): `text` is the notification and the fallback,
 * `blocks` the message people read. Anything the customer's users wrote is escaped, so a comment cannot
 * mention @channel or forge a link.
 */
export interface SlackMessage {
  text: string
  blocks: Array<Record<string, unknown>>
}

const escapeMrkdwn = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

const field = (data: unknown, name: string): unknown =>
  data !== null && typeof data === 'object' ? (data as Record<string, unknown>)[name] : undefined

const textField = (data: unknown, name: string): string | undefined => {
  const value = field(data, name)
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined
}

/** Slack shows at most 3,000 characters in a section; long comments are cut with an ellipsis. */
const MAX_QUOTE = 2_500

function quote(comment: string): string {
  const cut = comment.length > MAX_QUOTE ? `${comment.slice(0, MAX_QUOTE)}…` : comment
  return cut
    .split('\n')
    .map((line) => `> ${escapeMrkdwn(line)}`)
    .join('\n')
}

function headline(event: WebhookEvent): string {
  const { data } = event
  const kind = textField(data, 'kind')?.toUpperCase() ?? 'Survey'
  const score = textField(data, 'score')
  switch (event.type) {
    case 'detractor.created':
      return `New detractor: ${kind} ${score}`
    case 'response.created':
      return `New ${kind} response: ${score} (${textField(data, 'bucket')})`
    case 'case.updated': {
      const [id, status] = [textField(data, 'id'), textField(data, 'status')]
      return `Case${id ? ` ${id}` : ''} updated${status ? `: ${status}` : ''}`
    }
    case 'account.health_changed':
      return `Account health ${textField(data, 'from')} → ${textField(data, 'to')} (${textField(data, 'score')}/100)`
    case 'webhook.test':
      return 'Heed test event: this webhook works'
  }
}

/** Who and where, for the context line under the message. */
function context(event: WebhookEvent): string {
  const { data } = event
  const parts = [
    ['person', textField(data, 'personId')],
    ['account', textField(data, 'accountId')],
    ['owner', textField(data, 'owner')],
    ['root cause', textField(data, 'rootCause')],
    ['by', textField(data, 'by')],
    ['survey', textField(data, 'surveyId')],
    ['response', event.type === 'case.updated' ? textField(data, 'responseId') : textField(data, 'id')],
  ]
  return parts
    .filter((part): part is [string, string] => part[1] !== undefined)
    .map(([name, value]) => `${name} ${escapeMrkdwn(value)}`)
    .join(' · ')
}

export function slackMessage(event: WebhookEvent): SlackMessage {
  const title = escapeMrkdwn(headline(event))
  // A response's comment, or the note just added to a case.
  const comment = textField(event.data, 'comment') ?? textField(field(event.data, 'note'), 'text')
  const blocks: Array<Record<string, unknown>> = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${title}*${comment ? `\n${quote(comment)}` : ''}` } },
  ]
  const line = context(event)
  if (line !== '') blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: line }] })
  return { text: title, blocks }
}
