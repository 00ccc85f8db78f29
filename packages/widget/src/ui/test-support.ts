import { act } from 'preact/test-utils'
import { vi } from 'vitest'
import type { WidgetSurvey } from '../survey'
import { type MountOptions, mountSurvey } from './mount'

/** An active NPS survey as the config endpoint returns it, with `changes` on top. */
export function aSurvey(changes: Partial<WidgetSurvey> = {}): WidgetSurvey {
  return {
    id: 'srv_test_0001',
    kind: 'nps',
    defaultLocale: 'en',
    question: { en: 'How likely are you to recommend us?' },
    followUp: {
      default: { en: 'Why that score?' },
      detractor: { en: 'What should we fix first?' },
      promoter: { en: 'What do you like most?' },
    },
    targeting: {
      triggers: [{ type: 'pageview' }],
      delaySeconds: 0,
      audience: [],
      samplePercent: 100,
      displayLimit: 1,
      recurEveryDays: null,
    },
    appearance: { position: 'bottom-right', brandColor: '#4f46e5', theme: 'auto' },
    ...changes,
  }
}

/** Mounts a survey with spy callbacks and gives the handles a test needs. */
export function mount(survey: WidgetSurvey = aSurvey(), locales: readonly string[] = ['en']) {
  const options = {
    survey,
    locales,
    onShown: vi.fn(),
    onScore: vi.fn(),
    onComment: vi.fn(),
    onDismiss: vi.fn(),
    onClose: vi.fn(),
  } satisfies MountOptions
  let handle: ReturnType<typeof mountSurvey> | undefined
  act(() => {
    handle = mountSurvey(options)
  })
  const host = document.querySelector<HTMLElement>('heed-survey')
  const root = host?.shadowRoot
  const find = <E extends Element = HTMLElement>(selector: string) => root?.querySelector<E>(selector) ?? null
  return {
    ...options,
    handle: handle!,
    host,
    root,
    find,
    dialog: () => find('[role=dialog]'),
    radios: () => [...(root?.querySelectorAll<HTMLElement>('[role=radio]') ?? [])],
    title: () => find('#q')?.textContent,
    /** The follow-up question, which labels the text box once a score is chosen. */
    followUp: () => find('label')?.textContent,
    textarea: () => find<HTMLTextAreaElement>('textarea'),
    buttons: () => [...(root?.querySelectorAll<HTMLButtonElement>('button') ?? [])],
  }
}

/** Dispatches a key press on `target` the way a browser does (bubbling, cancelable), then renders. */
export function press(target: Element, key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', {
    key,
    bubbles: true,
    cancelable: true,
    composed: true,
    ...init,
  })
  act(() => {
    target.dispatchEvent(event)
  })
  return event
}

/** Clicks `target`, then renders. */
export function click(target: Element): void {
  act(() => {
    ;(target as HTMLElement).click()
  })
}

/** Types `text` into the text box as a person does (an input event per change), then renders. */
export function type(textarea: HTMLTextAreaElement, text: string): void {
  act(() => {
    textarea.value = text
    textarea.dispatchEvent(new Event('input', { bubbles: true }))
  })
}

/** Empties the page between tests: <body>, and the widgets a browser without popovers puts after it. */
export function clearPage(): void {
  document.body.innerHTML = ''
  for (const host of document.querySelectorAll('heed-survey')) host.remove()
}
