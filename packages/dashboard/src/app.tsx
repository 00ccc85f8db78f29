import { useCallback, useEffect, useState } from 'preact/hooks'
import { LocationProvider, lazy, Route, Router, useLocation } from 'preact-iso'
import { ApiFailure, api, startSession } from './api'
import { CasesPage } from './pages/cases'
import { CasePage } from './pages/cases/case-page'
import { ResponsesPage } from './pages/responses'
import { SetPasswordPage } from './pages/set-password'
import { SettingsPage } from './pages/settings'
import { SignInPage } from './pages/sign-in'
import { SurveysPage } from './pages/surveys'
import { type Me, SessionContext } from './session'
import { ErrorBoundary } from './ui/error-boundary'
import { Layout } from './ui/layout'
import { ErrorPanel, Loading } from './ui/states'

// The overview draws charts: it and the charts library load only when it is opened.
const OverviewPage = lazy(() => import('./pages/overview').then((module) => module.OverviewPage))
const RootCausesPage = lazy(() => import('./pages/root-causes').then((module) => module.RootCausesPage))
const RevenuePage = lazy(() => import('./pages/revenue').then((module) => module.RevenuePage))
const UsagePage = lazy(() => import('./pages/usage').then((module) => module.UsagePage))
const AccountsPage = lazy(() => import('./pages/accounts').then((module) => module.AccountsPage))
const AccountPage = lazy(() => import('./pages/accounts/account-page').then((module) => module.AccountPage))
const ReportPage = lazy(() => import('./pages/report').then((module) => module.ReportPage))
// The survey editor brings the widget's UI for its preview.
const NewSurveyPage = lazy(() => import('./pages/surveys/editor').then((module) => module.NewSurveyPage))
const EditSurveyPage = lazy(() => import('./pages/surveys/editor').then((module) => module.EditSurveyPage))

type SessionState =
  | { state: 'checking' }
  | { state: 'out' }
  | { state: 'in'; me: Me }
  | { state: 'error'; message: string }

function Signed() {
  const location = useLocation()
  const [session, setSession] = useState<SessionState>({ state: 'checking' })
  const signedOut = useCallback(() => setSession({ state: 'out' }), [])
  const check = useCallback(() => {
    api.get<Me>('/auth/v1/me').then(
      (me) => {
        startSession(me.csrfToken, signedOut)
        setSession({ state: 'in', me })
      },
      (error: unknown) =>
        setSession(
          error instanceof ApiFailure && error.status === 401
            ? { state: 'out' }
            : { state: 'error', message: error instanceof Error ? error.message : String(error) },
        ),
    )
  }, [signedOut])
  useEffect(check, [])

  if (location.path === '/app/set-password') return <SetPasswordPage />
  if (session.state === 'checking') return <Loading />
  if (session.state === 'error') return <ErrorPanel message={session.message} retry={check} />
  if (session.state === 'out') return <SignInPage onSignedIn={check} />
  const signOut = () => {
    api.post('/auth/v1/sign-out').finally(signedOut)
  }
  return (
    <SessionContext.Provider value={{ me: session.me, signOut }}>
      <Layout>
        <ErrorBoundary>
          <Router>
            <Route path="/app/" component={OverviewPage} />
            <Route path="/app/responses" component={ResponsesPage} />
            <Route path="/app/cases" component={CasesPage} />
            <Route path="/app/cases/:id" component={CasePage} />
            <Route path="/app/root-causes" component={RootCausesPage} />
            <Route path="/app/revenue" component={RevenuePage} />
            <Route path="/app/usage" component={UsagePage} />
            <Route path="/app/accounts" component={AccountsPage} />
            <Route path="/app/accounts/:id" component={AccountPage} />
            <Route path="/app/report" component={ReportPage} />
            <Route path="/app/surveys" component={SurveysPage} />
            <Route path="/app/surveys/new" component={NewSurveyPage} />
            <Route path="/app/surveys/:id" component={EditSurveyPage} />
            <Route path="/app/settings" component={SettingsPage} />
            <Route path="/app/settings/:section" component={SettingsPage} />
            <Route default component={NotFound} />
          </Router>
        </ErrorBoundary>
      </Layout>
    </SessionContext.Provider>
  )
}

function NotFound() {
  return <ErrorPanel message="There is no such page in the dashboard." />
}

export function App() {
  return (
    <LocationProvider scope="/app">
      <Signed />
    </LocationProvider>
  )
}
