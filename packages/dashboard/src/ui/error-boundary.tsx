import { Component, type ComponentChildren } from 'preact'
import { ErrorPanel } from './states'

/** Keeps a crash inside one page: the page shows what went wrong, the navigation stays usable. */
export class ErrorBoundary extends Component<{ children: ComponentChildren }, { error?: Error }> {
  override state: { error?: Error } = {}

  static override getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  override render() {
    const { error } = this.state
    if (error) return <ErrorPanel message={error.message} retry={() => this.setState({ error: undefined })} />
    return this.props.children
  }
}
