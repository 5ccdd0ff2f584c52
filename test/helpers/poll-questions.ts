/** A poll question the tests add to a consultation: one choice of two, nothing else set. */
import type { QuestionDraft } from '../../src/modules/consultations/rules/poll.js';

export const SQUARE_QUESTION: QuestionDraft = {
  type: 'single',
  text: 'Чи потрібен сквер?',
  options: ['Так', 'Ні'],
  minChoices: null,
  maxChoices: null,
  rankTop: null,
  scaleMin: null,
  scaleMax: null,
  pointsTotal: null,
  allowOther: false,
};
