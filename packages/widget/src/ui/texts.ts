import { pickLocalized } from '@heed/shared/schemas/localized-text'
import type { SurveyKind } from '@heed/shared/scores/scales'

/**
 * What the widget says in its own words when a survey does not say it: the buttons, the thank-you and the
 * words under both ends of each scale. One '|'-joined string per language because every byte here ships
 * to the page: send | skip | close | thank you | NPS low | NPS high | CSAT low | CSAT high | CES low | CES high.
 */
const DEFAULT_TEXTS: Record<string, string> = {
  en: 'Send|Skip|Close|Thank you for your feedback!|Not at all likely|Extremely likely|Very dissatisfied|Very satisfied|Very difficult|Very easy',
  de: 'Senden|Überspringen|Schließen|Danke für Ihr Feedback!|Sehr unwahrscheinlich|Sehr wahrscheinlich|Sehr unzufrieden|Sehr zufrieden|Sehr schwierig|Sehr einfach',
  fr: 'Envoyer|Passer|Fermer|Merci pour votre avis\u00a0!|Pas du tout probable|Très probable|Très insatisfait|Très satisfait|Très difficile|Très facile',
  es: 'Enviar|Omitir|Cerrar|¡Gracias por tu opinión!|Nada probable|Muy probable|Muy insatisfecho|Muy satisfecho|Muy difícil|Muy fácil',
  pt: 'Enviar|Pular|Fechar|Obrigado pela sua opinião!|Nada provável|Muito provável|Muito insatisfeito|Muito satisfeito|Muito difícil|Muito fácil',
  ja: '送信|スキップ|閉じる|ご意見ありがとうございました。|全くそう思わない|非常にそう思う|非常に不満|非常に満足|非常に難しい|非常に簡単',
  ar: 'إرسال|تخطي|إغلاق|شكرًا على ملاحظاتك!|غير محتمل إطلاقًا|محتمل للغاية|غير راضٍ إطلاقًا|راضٍ جدًا|صعب جدًا|سهل جدًا',
  he: 'שליחה|דילוג|סגירה|תודה על המשוב!|בכלל לא סביר|סביר מאוד|לא מרוצה בכלל|מרוצה מאוד|קשה מאוד|קל מאוד',
}

const KINDS: readonly SurveyKind[] = ['nps', 'csat', 'ces']

export interface DefaultTexts {
  send: string
  skip: string
  close: string
  thanks: string
  /** Under the lowest answer of the scale. */
  low: string
  /** Under the highest answer of the scale. */
  high: string
}

/** The widget's own words in the language of `locale` (English when it has none) for a survey of `kind`. */
export function defaultTexts(locale: string, kind: SurveyKind): DefaultTexts {
  const [send, skip, close, thanks, ...labels] = pickLocalized(DEFAULT_TEXTS, [locale], 'en').split('|') as [
    string,
    string,
    string,
    string,
    ...string[],
  ]
  const low = KINDS.indexOf(kind) * 2
  return { send, skip, close, thanks, low: labels[low]!, high: labels[low + 1]! }
}
