import type { TTraits } from '@heed/shared/schemas/json'
import type { Fatigue } from './fatigue'
import { newId } from './ids'
import { load, save } from './storage'

export interface Account {
  id: string
  traits?: TTraits
}

/** What is kept across page loads, under one key. Short names because it is stored. */
export interface State {
  /** The format's version: a state of another version is started afresh. */
  v: 1
  /** The anonymous id of this browser, until reset(). */
  a: string
  /** The identified person: user id, traits, account, and the last identify call sent. */
  u?: string
  t?: TTraits
  c?: Account
  i?: string
  /** 1 when the person opted out. */
  o?: 1
  f: Fatigue
}

const STATE_KEY = 'heed'

/**
 * Starts the state afresh with a new anonymous id and no person. Opt-out and fatigue, when given, are
 * carried over: they belong to the browser, not to the person.
 */
export const restart = ({ o, f = { s: {} } }: Partial<State> = {}): State => {
  const fresh: State = { v: 1, a: newId(), o, f }
  save(STATE_KEY, fresh)
  return fresh
}

/** The stored state, read on each use so that tabs open side by side see each other's changes. */
export const state = (): State => {
  const saved = load<State>(STATE_KEY)
  return saved?.v === 1 ? saved : restart()
}

export const update = (change: (state: State) => unknown): void => {
  const saved = state()
  change(saved)
  save(STATE_KEY, saved)
}
