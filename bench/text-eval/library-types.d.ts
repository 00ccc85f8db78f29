// The two candidates that ship no types: only what the evaluation calls.
declare module 'wink-sentiment' {
  export default function sentiment(text: string): { score: number; normalizedScore: number }
}

declare module 'vader-sentiment' {
  const vader: {
    SentimentIntensityAnalyzer: {
      polarity_scores(text: string): { neg: number; neu: number; pos: number; compound: number }
    }
  }
  export default vader
}
