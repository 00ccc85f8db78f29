/** What a component measured for one account, before weighting. */
export interface ComponentReading {
  raw: number
  unit: string
  points: number
  sentence: string
}
