import { ErrorPanel } from '../../ui/states'
import { HealthModelSection } from '../health-settings/health-model-section'
import { LifecycleRulesSection } from '../health-settings/lifecycle-rules-section'
import { GoalsSection } from './goals'
import { KeysSection } from './keys'
import { PeopleSection } from './people'
import { ProjectSection } from './project'
import { RevenueSection } from './revenue'
import { ThemesSection } from './themes'
import { WebhooksSection } from './webhooks'

/** Each section of the settings has its own URL, /app/settings/<section>; people are the first. */
const SECTIONS = [
  { key: 'people', label: 'People', component: PeopleSection },
  { key: 'project', label: 'Project', component: ProjectSection },
  { key: 'goals', label: 'Goals', component: GoalsSection },
  { key: 'themes', label: 'Themes', component: ThemesSection },
  { key: 'webhooks', label: 'Webhooks', component: WebhooksSection },
  { key: 'keys', label: 'Keys', component: KeysSection },
  { key: 'revenue', label: 'Revenue', component: RevenueSection },
  { key: 'health', label: 'Health', component: HealthModelSection },
  { key: 'lifecycle', label: 'Lifecycle', component: LifecycleRulesSection },
] as const

export function SettingsPage({ section = 'people' }: { section?: string }) {
  const current = SECTIONS.find((item) => item.key === section)
  const Section = current?.component
  return (
    <section aria-labelledby="settings-title" class="stack">
      <div class="page-head">
        <h1 id="settings-title">Settings</h1>
      </div>
      <nav aria-label="Settings" class="segmented settings-nav">
        {SECTIONS.map((item) => (
          <a
            key={item.key}
            href={item.key === 'people' ? '/app/settings' : `/app/settings/${item.key}`}
            aria-current={item.key === current?.key ? 'page' : undefined}
          >
            {item.label}
          </a>
        ))}
      </nav>
      {Section ? <Section /> : <ErrorPanel message="There is no such section of the settings." />}
    </section>
  )
}
