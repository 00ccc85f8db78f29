/** Whether the browser asks not to be tracked: Do-Not-Track, or Global Privacy Control, its successor. */
export const asksNotToTrack = (): boolean => {
  const browser = navigator as Navigator & { globalPrivacyControl?: boolean }
  return browser.doNotTrack === '1' || browser.globalPrivacyControl === true
}
