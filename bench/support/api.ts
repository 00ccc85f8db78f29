/** The admin API, called as any client would: over HTTP with the project's secret key. */

const REQUEST_TIMEOUT_MS = 120_000

export async function createNpsSurvey(baseUrl: string, secretKey: string): Promise<string> {
  const response = await fetch(new URL('/admin/v1/surveys', baseUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Bench NPS',
      kind: 'nps',
      status: 'active',
      defaultLocale: 'en',
      question: { en: 'How likely are you to recommend us to a friend?' },
      followUp: { default: { en: 'What is the main reason for your score?' } },
      targeting: { triggers: [{ type: 'pageview' }] },
    }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  })
  if (response.status !== 201)
    throw new Error(`creating the survey: ${response.status} ${await response.text()}`)
  const { survey } = (await response.json()) as { survey: { id: string } }
  return survey.id
}

/** GET with the secret key; throws unless the answer is 200, so a timing never counts an error page. */
export async function getJson<T>(baseUrl: string, path: string, secretKey: string): Promise<T> {
  const response = await fetch(new URL(path, baseUrl), {
    headers: { authorization: `Bearer ${secretKey}` },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  })
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}
