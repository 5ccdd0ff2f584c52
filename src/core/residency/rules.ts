/** What a sign-in's address match leaves as the person's residency (pure). */
import type { AddressResolution, NoneReason } from '../katottg/address.js';
import type { ResidencyCandidate, ResidencyStatus } from '../db/schema.js';
import type { Text } from '../i18n/index.js';

export interface ResidencyColumns {
  registered_address: string | null;
  territorial_code: string | null;
  residency_status: ResidencyStatus;
  residency_reason: NoneReason | null;
  residency_candidates: ResidencyCandidate[];
}

export interface PreviousResidency {
  registered_address: string | null;
  territorial_code: string | null;
  residency_status: ResidencyStatus | null;
}

/**
 * Every sign-in matches the address afresh. What the person chose, or a moderator confirmed, stands while
 * the address is the same text: a choice only while it is still among the candidates.
 */
export function residencyAfterSignIn(address: string | null, r: AddressResolution, prev: PreviousResidency | undefined): ResidencyColumns {
  const candidates = r.kind === 'ambiguous' ? r.candidates : [];
  if (prev && prev.registered_address === address && prev.territorial_code !== null) {
    const kept = prev.residency_status === 'confirmed' || (prev.residency_status === 'chosen' && candidates.some((c) => c.code === prev.territorial_code));
    if (kept) {
      return {
        registered_address: address,
        territorial_code: prev.territorial_code,
        residency_status: prev.residency_status!,
        residency_reason: null,
        residency_candidates: candidates,
      };
    }
  }
  if (r.kind === 'match')
    return { registered_address: address, territorial_code: r.code, residency_status: 'matched', residency_reason: null, residency_candidates: [] };
  if (r.kind === 'ambiguous')
    return { registered_address: address, territorial_code: null, residency_status: 'ambiguous', residency_reason: null, residency_candidates: candidates };
  return { registered_address: address, territorial_code: null, residency_status: 'unmatched', residency_reason: r.reason, residency_candidates: [] };
}

/** Why an address matched no settlement, as the person reads it in the cabinet. */
export const NONE_REASONS: Record<NoneReason, Text> = {
  empty: { uk: 'id.gov.ua не передав адресу реєстрації.', en: 'id.gov.ua passed no registered address.' },
  'no-settlement': {
    uk: 'В адресі реєстрації не знайдено назви населеного пункту.',
    en: 'The registered address names no settlement we could find.',
  },
  'unknown-oblast': {
    uk: 'Область з адреси реєстрації не знайдено в кодифікаторі КАТОТТГ.',
    en: 'The oblast of the registered address is not in the КАТОТТГ codifier.',
  },
  'unknown-settlement': {
    uk: 'Населеного пункту з адреси реєстрації немає в кодифікаторі КАТОТТГ (можливо, його перейменовано).',
    en: 'The settlement of the registered address is not in the КАТОТТГ codifier (it may have been renamed).',
  },
  'not-in-oblast': {
    uk: 'Населений пункт з такою назвою є, але не в області, яку називає адреса.',
    en: 'A settlement of that name exists, but not in the oblast the address names.',
  },
  'not-in-raion': {
    uk: 'Населений пункт з такою назвою є, але не в районі, який називає адреса.',
    en: 'A settlement of that name exists, but not in the raion the address names.',
  },
};
