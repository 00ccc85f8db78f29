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
  /** The chosen score (checked), undefined for none yet. */
  chosen: number | undefined
  /** Index of the answer the arrow keys are on, which is the group's one tab stop; -1 for none yet. */
  selected: number
  /** The arrow keys, a click or a tap moved to the answer at `index`. */
  onSelect(index: number): void
  /** A score was chosen, first or again: by click or tap, or with Enter or Space (`byKeyboard`). */
  onChoose(score: number, byKeyboard: boolean): void
}

/**
 * The answers as a radio group (WAI-ARIA radio pattern): one tab stop, arrow keys and Home/End move,
 * Enter or Space chooses (checks). Unlike native radios the arrows only move, because choosing sends the
 * score at once: walking from 0 to 9 must not answer 1, 2, 3… on the way. So the answer the arrows are on
 * shows only the focus ring, and only the chosen one is filled. A click or tap chooses straight away.
 */
export function Scale({
  kind,
  labelledBy,
  low,
  high,
  rtl,
  chosen,
  selected,
  onSelect,
  onChoose,
}: ScaleProps) {
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
        onSelect(index)
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
            aria-checked={value === chosen}
            aria-describedby={index === 0 ? 'lo' : index === last ? 'hi' : undefined}
            tabIndex={index === Math.max(selected, 0) ? 0 : -1}
            onClick={() => {
              onSelect(index)
              onChoose(value, false)
            }}
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
