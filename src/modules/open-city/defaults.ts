/**
 * The categories, departments and territory a community starts with. A moderator can change terms and
 * routing later; these only make a newly connected community usable at once.
 */
import type { Polygon, ServiceAttribute, Term } from './logic.js';

export interface DefaultDepartment {
  key: string;
  name: { uk: string; en: string };
}

export interface DefaultCategory {
  code: string;
  name: { uk: string; en: string };
  department: string;
  term: Term;
  keywords?: string;
  attributes?: ServiceAttribute[];
  children?: DefaultCategory[];
}

export const DEFAULT_DEPARTMENTS: readonly DefaultDepartment[] = [
  { key: 'roads', name: { uk: 'Управління дорожнього господарства', en: 'Roads department' } },
  { key: 'lighting', name: { uk: 'Служба зовнішнього освітлення', en: 'Street lighting service' } },
  { key: 'waste', name: { uk: 'Управління екології та поводження з відходами', en: 'Environment and waste department' } },
  { key: 'greenery', name: { uk: 'Управління благоустрою', en: 'Public spaces department' } },
  { key: 'transport', name: { uk: 'Управління транспорту', en: 'Transport department' } },
  { key: 'water', name: { uk: 'Водоканал', en: 'Water utility' } },
];

const size: ServiceAttribute = {
  code: 'size',
  datatype: 'singlevaluelist',
  required: false,
  description: 'Розмір ями / Size of the pothole',
  datatype_description: 'small, medium or large',
  order: 1,
  values: [
    { key: 'small', name: 'Мала (до 30 см) / Small (up to 30 cm)' },
    { key: 'medium', name: 'Середня (30–100 см) / Medium (30–100 cm)' },
    { key: 'large', name: 'Велика (понад 1 м) / Large (over 1 m)' },
  ],
};

const pole: ServiceAttribute = {
  code: 'pole_number',
  datatype: 'string',
  required: false,
  description: 'Номер опори / Pole number',
  datatype_description: 'The number painted on the pole, if any',
  order: 1,
};

export const DEFAULT_CATEGORIES: readonly DefaultCategory[] = [
  {
    code: 'roads', name: { uk: 'Дороги', en: 'Roads' }, department: 'roads', term: 30,
    children: [
      { code: 'roads-pothole', name: { uk: 'Яма на дорозі', en: 'Pothole' }, department: 'roads', term: 30, keywords: 'яма, асфальт, pothole', attributes: [size] },
      { code: 'roads-sidewalk', name: { uk: 'Пошкоджений тротуар', en: 'Damaged pavement' }, department: 'roads', term: 30 },
      { code: 'roads-sign', name: { uk: 'Дорожній знак або розмітка', en: 'Road sign or marking' }, department: 'roads', term: 15 },
    ],
  },
  {
    code: 'lighting', name: { uk: 'Освітлення', en: 'Lighting' }, department: 'lighting', term: 15,
    children: [
      { code: 'lighting-off', name: { uk: 'Не світить ліхтар', en: 'Street light out' }, department: 'lighting', term: 15, attributes: [pole] },
      { code: 'lighting-damaged', name: { uk: 'Пошкоджена опора', en: 'Damaged pole' }, department: 'lighting', term: 30, attributes: [pole] },
    ],
  },
  {
    code: 'waste', name: { uk: 'Сміття', en: 'Waste' }, department: 'waste', term: 15,
    children: [
      { code: 'waste-dump', name: { uk: 'Стихійне сміттєзвалище', en: 'Illegal dump' }, department: 'waste', term: 15 },
      { code: 'waste-bins', name: { uk: 'Переповнені контейнери', en: 'Overflowing bins' }, department: 'waste', term: 15 },
    ],
  },
  {
    code: 'greenery', name: { uk: 'Благоустрій', en: 'Public spaces' }, department: 'greenery', term: 30,
    children: [
      { code: 'greenery-tree', name: { uk: 'Аварійне дерево', en: 'Dangerous tree' }, department: 'greenery', term: 15 },
      { code: 'greenery-playground', name: { uk: 'Пошкоджений дитячий майданчик', en: 'Damaged playground' }, department: 'greenery', term: 30 },
      { code: 'greenery-bench', name: { uk: 'Лавки, урни, МАФи', en: 'Benches, litter bins, kiosks' }, department: 'greenery', term: 45 },
    ],
  },
  {
    code: 'transport', name: { uk: 'Транспорт', en: 'Transport' }, department: 'transport', term: 30,
    children: [
      { code: 'transport-stop', name: { uk: 'Зупинка громадського транспорту', en: 'Public transport stop' }, department: 'transport', term: 30 },
      { code: 'transport-route', name: { uk: 'Робота маршруту', en: 'Route service' }, department: 'transport', term: 30 },
    ],
  },
  {
    code: 'water', name: { uk: 'Вода', en: 'Water' }, department: 'water', term: 15,
    children: [
      { code: 'water-leak', name: { uk: 'Прорив водогону', en: 'Water main leak' }, department: 'water', term: 15 },
      { code: 'water-manhole', name: { uk: 'Відкритий або пошкоджений люк', en: 'Open or broken manhole' }, department: 'water', term: 15 },
    ],
  },
];

/** Rough boxes around the demo communities' territories; a moderator may replace them with a finer polygon. */
export const DEMO_TERRITORIES: Record<string, { polygon: Polygon; center: [number, number] }> = {
  lviv: { polygon: [[49.77, 23.90], [49.77, 24.17], [49.91, 24.17], [49.91, 23.90]], center: [49.8419, 24.0315] },
  'bila-tserkva': { polygon: [[49.75, 30.03], [49.75, 30.20], [49.84, 30.20], [49.84, 30.03]], center: [49.7968, 30.1311] },
  kramatorsk: { polygon: [[48.67, 37.47], [48.67, 37.65], [48.79, 37.65], [48.79, 37.47]], center: [48.7389, 37.5844] },
  pryluky: { polygon: [[50.56, 32.33], [50.56, 32.44], [50.63, 32.44], [50.63, 32.33]], center: [50.5942, 32.3874] },
  koriukivka: { polygon: [[51.75, 32.22], [51.75, 32.30], [51.80, 32.30], [51.80, 32.22]], center: [51.7725, 32.2508] },
};
