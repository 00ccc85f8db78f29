/** The survey kinds Heed scores. Custom question lists may join later; they will not share these scales. */
export const SURVEY_KINDS = ['nps', 'csat', 'ces'] as const
export type SurveyKind = (typeof SURVEY_KINDS)[number]

/** An inclusive range of integer answers. */
export interface Scale {
  min: number
  max: number
}

/**
 * The answer scale of each kind: NPS asks 0-10 ("how likely are you to recommend…"), CSAT 1-5, and CES 1-7
 * ("the company made it easy for me…", higher is easier).
 */
export const SCALES: Readonly<Record<SurveyKind, Readonly<Scale>>> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
}

/** Whether `score` is an answer the kind's scale allows: an integer from its min to its max. */
export function isValidScore(kind: SurveyKind, score: number): boolean {
  const { min, max } = SCALES[kind]
  return Number.isInteger(score) && score >= min && score <= max
}

/** Every answer of the kind's scale, lowest first. */
export function scaleValues(kind: SurveyKind): number[] {
  const { min, max } = SCALES[kind]
  return Array.from({ length: max - min + 1 }, (_, i) => min + i)
}
