import { Component, createRef } from 'preact'
import { brandColour, textOn } from './colour'
import { FollowUp } from './follow-up'
import type { MountOptions } from './mount'
import { Scale } from './scale'
import { wordingFor } from './wording'

/** How long the thank-you stays before the widget closes itself. */
const THANK_YOU_MS = 3000

/** The id of the text that names the widget: the question, then the thank-you. */
const TITLE = 'q'

/** What the survey needs of the mount options: whether it is seen is the mount's business. */
type SurveyProps = Omit<MountOptions, 'onShown'>

interface SurveyState {
  /** The chosen score (sent at once); undefined while none is. */
  score?: number
  /** Index of the answer the arrow keys are on (the group's tab stop), -1 for none yet. */
  selected: number
  /** The follow-up comment typed so far. */
  text: string
  thanked: boolean
}

/**
 * One survey from question to thank-you: the score, then the follow-up under the scale, where the score
 * can still be changed until the comment is sent, then a thank-you that closes itself. A non-modal
 * dialog: it never takes focus when it opens, so a person typing in the page is not interrupted; once they
 * are inside it, focus stays inside it from step to step.
 *
 * The one stateful component, and a class: Preact's Component is in the bundle anyway, preact/hooks
 * would add a tenth of the size budget.
 */
export class Survey extends Component<SurveyProps, SurveyState> {
  override state: SurveyState = { selected: -1, text: '', thanked: false }
  private dialog = createRef<HTMLDivElement>()
  private textarea = createRef<HTMLTextAreaElement>()
  /** Where focus goes once the next step has rendered. */
  private focusNext?: () => HTMLElement | null
  private timer?: ReturnType<typeof setTimeout>

  override componentDidUpdate() {
    this.focusNext?.()?.focus()
    this.focusNext = undefined
  }

  override componentWillUnmount() {
    clearTimeout(this.timer)
  }

  private close = () => {
    if (this.state.score === undefined) this.props.onDismiss()
    this.props.onClose()
  }

  /**
   * Focus moves to `target` once the next step has rendered (the focused control may be about to leave
   * the DOM with its step; then it would fall to the page's <body>). Only when focus is in the widget.
   */
  private keepFocus(target: () => HTMLElement | null) {
    const root = this.dialog.current?.getRootNode() as ShadowRoot | undefined
    if (root?.activeElement) this.focusNext = target
  }

  /** A score chosen, first or again: the answer chosen with a pointer keeps focus, as the scale stays. */
  private choose = (score: number, byKeyboard: boolean) => {
    // Into the text box only from the keyboard: after a tap it would pop up a phone's keyboard.
    if (byKeyboard) this.keepFocus(() => this.textarea.current)
    this.setState({ score })
    this.props.onScore(score)
  }

  private thank = (comment?: string) => {
    this.keepFocus(() => this.dialog.current)
    this.setState({ thanked: true })
    this.timer = setTimeout(this.props.onClose, THANK_YOU_MS)
    if (comment) this.props.onComment(comment)
  }

  override render({ survey, locales }: SurveyProps, { score, selected, text, thanked }: SurveyState) {
    const words = wordingFor(survey, locales)
    const { appearance } = survey
    const brand = brandColour(appearance.brandColor)
    return (
      <div
        ref={this.dialog}
        role="dialog"
        aria-labelledby={TITLE}
        lang={words.locale}
        dir={words.dir}
        tabIndex={-1}
        class={`w ${appearance.position} ${appearance.theme}`}
        style={{ '--b': brand, '--bt': textOn(brand) }}
        onKeyDown={(event) => {
          // While an input method composes (Japanese, Chinese…), Escape cancels the composition, not the survey.
          if (event.key === 'Escape' && !event.isComposing) {
            // Handled here: the page's own Escape handlers (its modals) should not fire as well.
            event.stopPropagation()
            this.close()
          }
        }}
      >
        <button type="button" class="x" aria-label={words.close} onClick={this.close}>
          ×
        </button>
        {thanked ? (
          <p id={TITLE} class="h" role="status">
            {words.thanks}
          </p>
        ) : (
          <>
            <h2 id={TITLE} class="h">
              {words.question}
            </h2>
            <Scale
              kind={survey.kind}
              labelledBy={TITLE}
              low={words.low}
              high={words.high}
              rtl={words.dir === 'rtl'}
              chosen={score}
              selected={selected}
              onSelect={(index) => this.setState({ selected: index })}
              onChoose={this.choose}
            />
            {score !== undefined && (
              <FollowUp
                question={words.followUp(score)}
                text={text}
                send={words.send}
                skip={words.skip}
                textarea={this.textarea}
                onInput={(typed) => this.setState({ text: typed })}
                onSend={this.thank}
                onSkip={() => this.thank()}
              />
            )}
          </>
        )}
      </div>
    )
  }
}
