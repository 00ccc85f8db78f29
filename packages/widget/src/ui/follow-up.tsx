import type { Ref } from 'preact'

/** The longest comment the ingest API accepts (LIMITS.comment in @heed/shared, not imported: it would ship every limit). */
const MAX_COMMENT = 5000

export interface FollowUpProps {
  question: string
  /** What is typed so far. */
  text: string
  send: string
  skip: string
  /** The text box, so the survey can move focus into it after a score chosen with the keyboard. */
  textarea: Ref<HTMLTextAreaElement>
  onInput(text: string): void
  /** The comment, trimmed and never empty. */
  onSend(comment: string): void
  onSkip(): void
}

/**
 * The open "why?" question, under the scale once a score is chosen. Ctrl+Enter (⌘+Enter) sends too; Enter
 * alone is a new line.
 */
export function FollowUp({ question, text, send, skip, textarea, onInput, onSend, onSkip }: FollowUpProps) {
  const comment = text.trim()
  const submit = () => {
    if (comment) onSend(comment)
  }
  return (
    <>
      <label class="f" for="t">
        {question}
      </label>
      <textarea
        id="t"
        ref={textarea}
        maxLength={MAX_COMMENT}
        value={text}
        onInput={(event) => onInput(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault()
            submit()
          }
        }}
      />
      <div class="a">
        <button type="button" onClick={onSkip}>
          {skip}
        </button>
        <button type="button" class="p" disabled={!comment} onClick={submit}>
          {send}
        </button>
      </div>
    </>
  )
}
