import type { Lang } from '../i18n/index.js';
import type { ParticipationRefusal } from './policy.js';

/** Why someone may not take part, in words, so pages explain instead of offering a failing button. */
export function refusalText(r: ParticipationRefusal, lang: Lang, blockReason: string | null): string {
  const uk = lang === 'uk';
  switch (r) {
    case 'signed-out':
      return uk ? 'Щоб узяти участь, увійдіть.' : 'Sign in to take part.';
    case 'suspended':
      return uk ? 'Участь у цій громаді тимчасово призупинено.' : 'Participation in this community is suspended.';
    case 'blocked':
      return uk
        ? `Модератор громади обмежив вашу участь тут. Причина: ${blockReason ?? '—'}`
        : `A moderator of this community has restricted your participation here. Reason: ${blockReason ?? '—'}`;
    case 'weak-sign-in':
      return uk
        ? 'Тут потрібен вхід через id.gov.ua: вхід поштою для цього недостатній.'
        : 'This needs an id.gov.ua sign-in: e-mail sign-in is not enough here.';
    case 'not-resident':
      return uk
        ? 'Брати участь можуть лише мешканці цієї громади (за адресою реєстрації).'
        : 'Only residents of this community (by registered address) may take part.';
    case 'too-young':
      return uk ? 'Ви ще не досягли віку, з якого можна брати участь.' : 'You have not yet reached the minimum age to take part.';
    case 'no-birth-date':
      return uk
        ? 'Тут є вікове обмеження, а дата вашого народження невідома: увійдіть через id.gov.ua.'
        : 'There is an age limit and your birth date is unknown: sign in with id.gov.ua.';
  }
}
