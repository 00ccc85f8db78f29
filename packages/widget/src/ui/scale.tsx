import { type SurveyKind, scaleValues } from '@heed/shared/scores/scales'

export interface ScaleProps {
  kind: SurveyKind
  /** Id of the question that names the group. */
  labelledBy: string
  /** The words under the lowest and the highest answer. */
  low: string
  high: string
  /** Right to left: the scale runs from the right, so the horizontal arrows swap. */
  rtl: boolean
  /** Index of the selected answer, -1 for none yet. */
  selected: number
  /** The arrow keys moved the selection to the answer at `index`. */
  onSelect(index: number): void
  /** A score was chosen: by click or tap, or with Enter or Space (`byKeyboard`). */
  onChoose(score: number, byKeyboard: boolean): void
}

/**
 * The answers as a radio group (WAI-ARIA radio pattern): one tab stop, arrow keys and Home/End move and
 * select, Enter or Space chooses. Arrows only select because choosing sends the score at once: walking
 * from 0 to 9 must not answer 1, 2, 3… on the way. A click or tap chooses straight away.
 */
export function Scale({ kind, labelledBy, low, high, rtl, selected, onSelect, onChoose }: ScaleProps) {
  const values = scaleValues(kind)
  const last = values.length - 1

  const onKeyDown = (event: KeyboardEvent, index: number) => {
    let next: number
    switch (event.key) {
      case rtl ? 'ArrowLeft' : 'ArrowRight':
      case 'ArrowDown':
        next = index === last ? 0 : index + 1
        break
      case rtl ? 'ArrowRight' : 'ArrowLeft':
      case 'ArrowUp':
        next = index === 0 ? last : index - 1
        break
      case 'Home':
        next = 0
        break
      case 'End':
        next = last
        break
      case 'Enter':
      case ' ':
        event.preventDefault()
        onChoose(values[index]!, true)
        return
      default:
        return
    }
    event.preventDefault()
    onSelect(next)
    ;((event.currentTarget as HTMLElement).parentElement!.children[next] as HTMLElement).focus()
  }

  return (
    <>
      <div role="radiogroup" aria-labelledby={labelledBy} class={`s ${kind}`}>
        {values.map((value, index) => (
          // biome-ignore lint/a11y/useSemanticElements: a native radio checks itself on every arrow key, and here checking is answering.
          <div
            key={value}
            role="radio"
            class="o"
            aria-checked={index === selected}
            aria-describedby={index === 0 ? 'lo' : index === last ? 'hi' : undefined}
            tabIndex={index === Math.max(selected, 0) ? 0 : -1}
            onClick={() => onChoose(value, false)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {value}
          </div>
        ))}
      </div>
      <div class="l">
        <span id="lo">{low}</span>
        <span id="hi">{high}</span>
      </div>
    </>
  )
}
