/** The project as GET /admin/v1/project answers. */
export interface ProjectJson {
  id: string
  name: string
  publicKey: string
  allowedOrigins: string[]
  recontactDays: number
  honorDoNotTrack: boolean
  timeZone: string
  followUpSlaHours: number
  createdAt: string
}

/** The fields of a form whose names the API named in a refusal ('allowedOrigins.2' names allowedOrigins). */
export const invalidIn = (fields: string[], name: string) =>
  fields.some((field) => field === name || field.startsWith(`${name}.`))
