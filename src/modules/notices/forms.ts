/** The notice form: its one field checked, and who may post (the participation rules of the board). */
import { CHARACTERS_UP_TO, pluralWord, type Lang } from '../../core/i18n/index.js';

export const NOTICE_MAX = 500;

/** Anyone signed in, by e-mail too, of any age and residence, who is not blocked in the community. */
export const RULES = { allowEmail: true, residentsOnly: false, minAge: null };

/** Field errors of a notice's text (empty when it may be posted). */
export function noticeErrors(body: string, lang: Lang): Record<string, string> {
  const uk = lang === 'uk';
  const errors: Record<string, string> = {};
  if (!body) errors.body = uk ? 'Напишіть текст оголошення' : 'Write the text of the notice';
  else if ([...body].length > NOTICE_MAX)
    errors.body = `${uk ? 'Не більше' : 'At most'} ${NOTICE_MAX} ${pluralWord(NOTICE_MAX, CHARACTERS_UP_TO, uk ? 'uk' : 'en')} (${uk ? 'зараз' : 'now'} ${[...body].length})`;
  return errors;
}
