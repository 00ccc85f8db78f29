import { mayShow, recordAnswered, recordShown } from './fatigue'
import { newId } from './ids'
import type { Path } from './queue'
import { report, safe } from './safe'
import { state, update } from './state'
import type { WidgetConfig, WidgetSurvey } from './survey'
import { isTargeted } from './targeting'
import type { SurveyHandle } from './ui/mount'

/** Loads the survey UI's module, only when a survey is about to show. */
export type LoadUi = () => Promise<typeof import('./ui-chunk')>

// The survey engine: when a survey shows, and what is reported of it. One widget per page: its state
// lives in this module.
let loadUi: LoadUi
let config: WidgetConfig | undefined
let locales: readonly string[]
let send: (path: Path, body: object) => unknown
let silent: () => unknown
/** What happened before the config came, to replay once it has; undefined once it has, or never will. */
let early: (() => void)[] | undefined = []
/** Surveys waiting out their delay on this page. */
let timers: ReturnType<typeof setTimeout>[] = []
let shownOnThisPage: boolean | undefined
/** The survey being loaded or on screen: a token, with its handle once mounted. */
let showing: { h?: SurveyHandle } | undefined

/** Where the survey UI comes from: the bundler's chunk (npm) or the file next to the script. */
export const useUi = (loader: LoadUi) => {
  loadUi = loader
}

/** Runs `action` once the surveys are known: now, later, or never (no config, or privacy forbids). */
const whenStarted = (action: () => void) => (config ? action() : early?.push(action))

/**
 * Hands the engine the project's config (undefined when there is none to be had: the request failed, or
 * privacy forbids), what it needs from the loader, and what happened on the page until now.
 */
export const startSurveys = (
  loaded: WidgetConfig | undefined,
  preferredLocales: readonly string[],
  sender: typeof send,
  isSilent: typeof silent,
): void => {
  config = loaded
  locales = preferredLocales
  send = sender
  silent = isSilent
  if (loaded) for (const action of early!) safe(action)()
  early = undefined
}

/** Shows the survey unless one is up or privacy forbids; `targeted` ones also obey fatigue and one per page. */
const present = async (survey: WidgetSurvey, targeted?: boolean) => {
  const current: { h?: SurveyHandle } = {}
  try {
    if (
      showing ||
      silent() ||
      (targeted && (shownOnThisPage || !mayShow(state().f, survey, config!.project.recontactDays)))
    )
      return
    const surveyId = survey.id
    const displayId = newId()
    const display = (event: string) => send('displays', { id: displayId, surveyId, event })
    const responseId = newId()
    // The same response id for the score and the comment: the server adds the comment to the score.
    const respond = (body: object) => send('responses', { id: responseId, surveyId, ...body })
    showing = current
    shownOnThisPage = true
    const { mountSurvey, pickLocalized } = await loadUi()
    // Closed (reset, opt-out) while the UI was loading.
    if (showing !== current) return
    // The translation the UI shows, picked as it picks it: the language the person answers in.
    const tags = Object.keys(survey.question)
    const locale = pickLocalized(
      Object.fromEntries(tags.map((tag) => [tag, tag])),
      locales,
      survey.defaultLocale,
    )
    current.h = mountSurvey({
      survey,
      locales,
      // A display, for the response rate and for fatigue, only once the survey is seen: a survey mounted
      // but out of view or hidden by a content blocker was not shown to anyone.
      onShown() {
        update((saved) => recordShown(saved.f, surveyId))
        display('shown')
      },
      onScore(score) {
        update((saved) => recordAnswered(saved.f, surveyId))
        respond({ displayId, score, locale })
      },
      onComment: (comment) => respond({ comment }),
      onDismiss: () => display('dismissed'),
      // Only the survey on screen calls this: closeSurvey() takes a survey away without a call.
      onClose: () => (showing = undefined),
    })
  } catch (error) {
    if (showing === current) showing = undefined
    report(error)
  }
}

/**
 * A page view (no `event`) or a tracked event happened: starts the delay of every survey it triggers
 * whose audience and sample hold the person. Fatigue is checked once the delay is over.
 */
const consider = (event?: string, properties?: Record<string, unknown>) => {
  const person = state()
  for (const survey of config!.surveys)
    if (isTargeted(survey, person, location.href, event, properties))
      timers.push(setTimeout(present, survey.targeting.delaySeconds * 1000, survey, true))
}

const cancelTimers = () => {
  for (const timer of timers) clearTimeout(timer)
  timers = []
}

/** A page view: surveys waiting on the last page are cancelled, and one survey may show on this one. */
export const surveysOnPage = () =>
  whenStarted(() => {
    cancelTimers()
    shownOnThisPage = false
    consider()
  })

/** A tracked event, which may trigger surveys. */
export const surveysOnEvent = (name: string, properties?: Record<string, unknown>) =>
  whenStarted(() => consider(name, properties))

/** Shows a live survey now, whatever its targeting; privacy still applies. */
export const showSurvey = (surveyId: string) =>
  whenStarted(() => {
    const survey = config!.surveys.find(({ id }) => id === surveyId)
    survey ? present(survey) : console.debug('heed: no live survey', surveyId)
  })

/** Takes away the survey on screen and cancels those waiting (reset, opt-out). */
export const closeSurvey = () => {
  cancelTimers()
  showing?.h?.close()
  showing = undefined
}
