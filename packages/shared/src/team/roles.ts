/** The person trait holding someone's role at the customer. */
export const ROLE_TRAIT = 'role'

/** Roles that count as a known contact for coverage: someone who decides, or someone who carries Heed inside. */
export const COVERAGE_ROLES = ['decision_maker', 'champion'] as const

/**
 * A role as written by the customer ("Decision maker", "decision-maker", " CHAMPION ") in one spelling:
 * lower case, spaces and hyphens as underscores, trimmed.
 */
export function normaliseRole(role: string): string {
  return role
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
}

/** Whether a person with this `role` trait makes their account covered. */
export function isCoverageRole(role: unknown): boolean {
  return typeof role === 'string' && (COVERAGE_ROLES as readonly string[]).includes(normaliseRole(role))
}
