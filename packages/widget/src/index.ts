import { useUi } from './client'

// For apps that bundle their code: the survey UI is a chunk of its own, which the app's bundler loads only
// when a survey is about to show.
useUi(() => import('./ui-chunk'))

export type { Account, InitOptions } from './client'
export { identify, init, optIn, optOut, page, reset, show, track } from './client'
export type { WidgetConfig, WidgetSurvey } from './survey'
