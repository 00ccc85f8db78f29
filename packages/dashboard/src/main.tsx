import { render } from 'preact'
import { App } from './app'
import { applyTheme, savedTheme } from './theme'
// uPlot's few rules load with the page's CSS: esbuild does not attach a lazy chunk's CSS to the page.
import 'uplot/dist/uPlot.min.css'
import './styles.css'
import './pages/accounts/accounts.css'

applyTheme(savedTheme())
const root = document.getElementById('app')
if (root) render(<App />, root)
