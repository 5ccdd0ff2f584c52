/** The six tools of the platform: what each is called and does. Modules implement them by these ids. */
import type { Text } from './i18n/index.js';

export const TOOL_IDS = ['petitions', 'consultations', 'budgets', 'school-budget', 'open-city', 'stats'] as const;
export type ToolId = (typeof TOOL_IDS)[number];

export function isToolId(v: unknown): v is ToolId {
  return typeof v === 'string' && (TOOL_IDS as readonly string[]).includes(v);
}

export interface ToolInfo {
  id: ToolId;
  name: Text;
  summary: Text;
  /** Tools with a local moderator role; statistics has none. */
  moderated: boolean;
}

export const TOOLS: Record<ToolId, ToolInfo> = {
  petitions: {
    id: 'petitions',
    name: { uk: 'Місцеві петиції', en: 'Local petitions' },
    summary: {
      uk: 'Звернення до місцевої ради: збирайте підписи, і рада має розглянути петицію та відповісти.',
      en: 'Appeals to the local council: gather signatures and the council must consider and answer.',
    },
    moderated: true,
  },
  consultations: {
    id: 'consultations',
    name: { uk: 'Консультації з громадськістю', en: 'Public consultations' },
    summary: {
      uk: 'Громада питає — мешканці відповідають: обговорення, опитування, проєкти рішень.',
      en: 'The council asks, residents answer: discussions, polls, draft acts.',
    },
    moderated: true,
  },
  budgets: {
    id: 'budgets',
    name: { uk: 'Громадський бюджет', en: 'Participatory budget' },
    summary: {
      uk: 'Пропонуйте проєкти для громади, голосуйте за найкращі та стежте за їх реалізацією.',
      en: 'Propose projects, vote for the best ones and follow how they are built.',
    },
    moderated: true,
  },
  'school-budget': {
    id: 'school-budget',
    name: { uk: 'Шкільний громадський бюджет', en: 'School participatory budget' },
    summary: {
      uk: 'Учні змінюють свою школу: власний бюджет, свої проєкти, голосування за QR-кодом.',
      en: 'Students improve their school: its own budget, their projects, voting by QR code.',
    },
    moderated: true,
  },
  'open-city': {
    id: 'open-city',
    name: { uk: 'Відкрите місто', en: 'Open City' },
    summary: {
      uk: 'Позначайте проблему на мапі — вона потрапить до відповідального підрозділу, а ви отримаєте результат.',
      en: 'Mark a problem on the map: it reaches the responsible department and you get the result.',
    },
    moderated: true,
  },
  stats: {
    id: 'stats',
    name: { uk: 'Статистика', en: 'Statistics' },
    summary: {
      uk: 'Відкриті дані та показники участі мешканців у житті громади.',
      en: 'Open data and figures on how residents take part.',
    },
    moderated: false,
  },
};
