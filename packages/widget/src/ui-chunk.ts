// The lazily loaded survey UI as the loader imports it (dist/heed-ui.js; the npm build's ui chunk): the
// UI's mountSurvey, and the locale picker the UI picks its translation with. The loader borrows the
// picker to name the language a response was given in, so the code is not paid twice, and not on pages
// where no survey shows.
export { pickLocalized } from '@heed/shared/schemas/localized-text'
export { mountSurvey } from './ui/mount'
