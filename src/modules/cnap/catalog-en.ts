/**
 * The English version of the demo catalogue (catalog.ts), by code: what a visitor reading the site in English
 * sees. Names of laws and registers stay Ukrainian (the legal basis falls back to the Ukrainian text); the
 * centre keeps its Ukrainian abbreviation, ЦНАП, after its English name, as signs and letters use it.
 */

export interface DemoServiceEn {
  name: string;
  applicants: string;
  documents: string[];
  /** Only when the Ukrainian cost is not empty. */
  cost?: string;
  term: string;
  result: string;
  receiving: string;
}

export const DEMO_SITUATIONS_EN: Record<string, string> = {
  birth: 'Birth of a child',
  residence: 'Registering a place of residence',
  documents: 'Passports and documents',
  family: 'Marriage, family, death of a relative',
  land: 'Land and real estate',
  social: 'Social support',
  business: 'Business',
  transport: 'Transport',
};

const IN_PERSON = 'In person at the centre where the application was filed, or by post if the applicant wishes';
/** Every demo service with a fee is paid the same way. */
export const PAYMENT_EN =
  'Payment details are on the notice board of the centre and on the receipt the administrator issues; cards are accepted at the terminal in the centre';
const SAME_DAY = 'On the day of application';
const TEN_DAYS = '10 days from the day the application is received';
const EXTRACT_FEE = 'UAH 151 (0.05 of the subsistence minimum)';
const ID_DOCUMENT = 'Passport or another identity document';

export const DEMO_SERVICES_EN: Record<string, DemoServiceEn> = {
  'birth-registration': {
    name: 'State registration of the birth of a child',
    applicants: 'The parents of the child or one of them, relatives or another authorised person',
    documents: ['Medical birth certificate (form No. 103/o)', "Parents' passports", 'Marriage certificate (if the parents are married)'],
    term: SAME_DAY,
    result: 'Birth certificate',
    receiving: IN_PERSON,
  },
  emalyatko: {
    name: '«eMalyatko» package: registration of birth and place of residence, birth allowance',
    applicants: 'The mother or father of the child',
    documents: ['Medical birth certificate', "Parents' passports", 'Bank account details for the allowance'],
    term: 'Up to 10 working days',
    result: "Birth certificate, the child's registered place of residence, the allowance granted, the child's taxpayer number",
    receiving: IN_PERSON,
  },
  'birth-allowance': {
    name: 'Allowance at the birth of a child',
    applicants: 'One of the parents, a guardian or an adoptive parent',
    documents: ['Application', "Child's birth certificate", "Applicant's passport", 'Bank account details'],
    term: TEN_DAYS,
    result: 'Decision granting the allowance (UAH 41,280: UAH 10,320 at once, the rest monthly)',
    receiving: 'Notice by post or at the centre; the money is paid to a bank account',
  },
  'child-residence': {
    name: 'Registering the place of residence of a child under 14',
    applicants: 'The parents or other legal representatives of the child',
    documents: ["Child's birth certificate", "Parents' passports", 'Document giving the right to the dwelling, or the owner’s consent'],
    term: SAME_DAY,
    result: 'Entry in the register of the community, a certificate of registration',
    receiving: IN_PERSON,
  },
  'residence-registration': {
    name: 'Registering a person’s place of residence',
    applicants: 'Citizens of Ukraine, foreigners and stateless persons permanently residing in Ukraine',
    documents: [
      'Application',
      'Passport of a citizen of Ukraine or another identity document',
      'Document confirming the right to live in the dwelling',
      'Receipt for the administrative fee',
    ],
    cost: 'UAH 0.14 (UAH 0.43 if the deadline was missed)',
    term: SAME_DAY,
    result: 'Place of residence entered in the register of the community; a certificate of registration',
    receiving: IN_PERSON,
  },
  'residence-deregistration': {
    name: 'Deregistering a place of residence',
    applicants: 'A person changing their place of residence, or their legal representative',
    documents: ['Application', ID_DOCUMENT],
    term: SAME_DAY,
    result: 'Certificate of deregistration',
    receiving: IN_PERSON,
  },
  'family-composition': {
    name: 'Certificate of household composition (people registered at a dwelling)',
    applicants: 'The owner of the dwelling or a person registered in it',
    documents: [ID_DOCUMENT, 'Title document (for the owner)'],
    term: SAME_DAY,
    result: 'Certificate of household composition',
    receiving: IN_PERSON,
  },
  'residence-extract': {
    name: 'Extract from the register of the community',
    applicants: 'The person whose details are in the register, or their representative',
    documents: ['Application', ID_DOCUMENT],
    term: SAME_DAY,
    result: 'Extract from the register of the community',
    receiving: IN_PERSON,
  },
  'id-card': {
    name: 'Issuing a passport of a citizen of Ukraine as an ID card',
    applicants: 'Citizens of Ukraine aged 14 and over',
    documents: [
      'Birth certificate (when applying for the first time) or the passport being replaced',
      'Certificate of registered place of residence (if any)',
      'Payment receipts',
      'Taxpayer registration number (if any)',
    ],
    cost: 'UAH 279 for issuing + UAH 166 for the blank card (within 10 working days: UAH 477 + UAH 166)',
    term: 'Up to 20 working days (express: up to 10 working days)',
    result: 'Passport of a citizen of Ukraine as an ID card',
    receiving: 'In person at the centre where the application was filed, after a text message',
  },
  'id-card-14': {
    name: 'First passport (ID card) for a child who has turned 14',
    applicants: 'A child aged 14 together with one of the parents',
    documents: ['Birth certificate', 'Passport of one of the parents', 'Proof of citizenship (if needed)'],
    cost: 'UAH 166 for the blank card (issuing for the first time is free)',
    term: 'Up to 20 working days',
    result: 'Passport of a citizen of Ukraine as an ID card',
    receiving: 'In person at the centre where the application was filed',
  },
  'foreign-passport': {
    name: 'Issuing a passport of a citizen of Ukraine for travel abroad',
    applicants: 'Citizens of Ukraine; for children, on the application of the parents',
    documents: ['Passport of a citizen of Ukraine (ID card)', 'The expired passport for travel abroad (if any)', 'Payment receipts'],
    cost: 'UAH 616 for issuing + UAH 166 for the blank (within 7 working days: UAH 968 + UAH 166)',
    term: 'Up to 20 working days',
    result: 'Passport of a citizen of Ukraine for travel abroad',
    receiving: 'In person at the centre or at a State Migration Service office',
  },
  'marriage-registration': {
    name: 'State registration of marriage',
    applicants: 'A bride and groom aged 18 and over',
    documents: [
      'Joint application of the couple',
      'Passports of the couple',
      'Proof that a previous marriage has ended (if any)',
      'Receipt for the state duty',
    ],
    cost: 'UAH 0.85 state duty',
    term: 'One month after the application (earlier for good reasons)',
    result: 'Marriage certificate',
    receiving: 'At the wedding ceremony',
  },
  divorce: {
    name: 'State registration of the divorce of a couple without children',
    applicants: 'A married couple with no minor children together',
    documents: ['Joint application of the couple', 'Passports', 'Marriage certificate', 'Receipt for the state duty'],
    cost: 'UAH 8.50 state duty',
    term: 'One month after the application',
    result: 'Divorce certificate',
    receiving: IN_PERSON,
  },
  'death-registration': {
    name: 'State registration of a death',
    applicants: 'Relatives of the deceased or other persons',
    documents: ['Medical certificate of death', "Applicant's passport", "The deceased's passport"],
    term: SAME_DAY,
    result: 'Death certificate and an extract for the funeral allowance',
    receiving: IN_PERSON,
  },
  'repeat-certificate': {
    name: 'Duplicate certificate of a civil status record',
    applicants: 'The person the record is about, or their relatives',
    documents: ['Application', "Applicant's passport", 'Receipt for the state duty'],
    cost: 'UAH 0.51 state duty',
    term: 'On the day of application (up to 30 days if the record is kept by another office)',
    result: 'Duplicate certificate',
    receiving: IN_PERSON,
  },
  'name-change': {
    name: 'State registration of a change of first name, surname or patronymic',
    applicants: 'Citizens of Ukraine aged 16 and over',
    documents: ['Application', 'Passport', 'Birth certificate', 'Marriage certificate (if any)', 'Payment receipt'],
    cost: 'UAH 0.85 state duty',
    term: 'Three months from the day of application',
    result: 'Certificate of change of name',
    receiving: IN_PERSON,
  },
  'cadastre-extract': {
    name: 'Extract from the State Land Cadastre about a land plot',
    applicants: 'The owner or user of the land plot, or an authorised person',
    documents: ['Application', 'Passport', 'Payment receipt'],
    cost: EXTRACT_FEE,
    term: SAME_DAY,
    result: 'Extract from the State Land Cadastre',
    receiving: IN_PERSON,
  },
  'land-registration': {
    name: 'State registration of a land plot',
    applicants: 'The owner, or the person allowed to draw up the land management documents',
    documents: ['Application', 'Land management documents', 'The documents as an electronic XML file'],
    term: '14 working days',
    result: 'Extract from the State Land Cadastre about the plot, with its cadastral number',
    receiving: IN_PERSON,
  },
  'land-ownership-certificate': {
    name: 'Certificate from the State Land Cadastre on the land plots a person owns',
    applicants: 'Individuals',
    documents: ['Application', 'Passport', 'Taxpayer registration number', 'Payment receipt'],
    cost: EXTRACT_FEE,
    term: SAME_DAY,
    result: 'Certificate that the person owns (or does not own) land plots',
    receiving: IN_PERSON,
  },
  'property-registration': {
    name: 'State registration of ownership of real estate',
    applicants: 'The owner of the property or an authorised person',
    documents: ['Application', 'Passport', 'Document under which the ownership arose', 'Receipt for the administrative fee'],
    cost: 'UAH 300 (0.1 of the subsistence minimum); within 2 working days: UAH 3,030',
    term: '5 working days',
    result: 'Extract from the State Register of Property Rights',
    receiving: IN_PERSON,
  },
  'postal-address': {
    name: 'Assigning an address to a property',
    applicants: 'The developer or the owner of the property',
    documents: ['Application', 'Document giving the right to the land plot', 'Document accepting the building into use'],
    term: '5 working days',
    result: 'Decision assigning the address, entered in the Register of Construction Activity',
    receiving: IN_PERSON,
  },
  'building-passport': {
    name: 'Building passport for developing a land plot',
    applicants: 'The owner or user of the land plot',
    documents: ['Application', 'Document giving the right to the land plot', 'Consent of the co-owners (if any)', 'Outline of the intended building'],
    term: '10 working days',
    result: 'Building passport',
    receiving: IN_PERSON,
  },
  'housing-subsidy': {
    name: 'Housing subsidy',
    applicants: 'People registered at a dwelling or actually living in it',
    documents: ['Application', 'Declaration of income and property', 'Tenancy agreement (for tenants)'],
    term: TEN_DAYS,
    result: 'Decision granting the subsidy',
    receiving: 'Notice by post, by e-mail or at the centre',
  },
  'low-income-aid': {
    name: 'State social assistance to low-income families',
    applicants: 'Low-income families (through the family’s authorised representative)',
    documents: ['Application', 'Declaration of income and property', 'Passport', 'Income statements'],
    term: TEN_DAYS,
    result: 'Decision granting the assistance',
    receiving: 'Notice by post or at the centre',
  },
  'large-family-certificate': {
    name: 'Certificates of parents of a large family and of a child of a large family',
    applicants: 'Parents raising three or more children',
    documents: ['Application', "Parents' passports", "Children's birth certificates", 'Photo, 3×4 cm'],
    term: '7 working days',
    result: 'Certificates of the parents of a large family and of a child of a large family',
    receiving: IN_PERSON,
  },
  'idp-certificate': {
    name: 'Certificate of registration as an internally displaced person',
    applicants: 'Citizens who have moved from temporarily occupied territories or areas of hostilities',
    documents: ['Application', ID_DOCUMENT, "Children's birth certificates (if any)"],
    term: SAME_DAY,
    result: 'Certificate of registration as an internally displaced person (IDP)',
    receiving: IN_PERSON,
  },
  'funeral-aid': {
    name: 'Funeral allowance',
    applicants: 'The person who arranged the funeral',
    documents: ['Application', 'Death certificate', "Applicant's passport", 'Certificate of the place of burial'],
    term: '10 days',
    result: 'Payment of the allowance',
    receiving: 'To a bank account or by post',
  },
  'fop-registration': {
    name: 'State registration of a sole proprietor (ФОП)',
    applicants: 'Citizens aged 18 and over (from 16 with the parents’ consent)',
    documents: ['Application for state registration', 'Passport', 'Application to choose the simplified tax system (optional)'],
    term: '24 hours (not counting weekends and public holidays)',
    result: 'Extract from the Unified State Register; the registration is passed to the State Tax Service',
    receiving: 'Electronically on the portal, or on paper at the centre on request',
  },
  'fop-termination': {
    name: 'State registration of the closure of a sole proprietorship',
    applicants: 'The sole proprietor',
    documents: ['Application for closure', 'Passport'],
    term: '24 hours',
    result: 'Closure recorded in the Unified State Register',
    receiving: 'Electronically; an extract at the centre on request',
  },
  'llc-registration': {
    name: 'State registration of a new legal entity',
    applicants: 'The founders or an authorised person',
    documents: [
      'Application for state registration',
      "Founders' decision to set up the entity",
      'Articles of association or the model charter',
      'Ownership structure',
    ],
    term: '24 hours',
    result: 'Extract from the Unified State Register',
    receiving: 'Electronically or at the centre',
  },
  'edr-extract': {
    name: 'Extract from the Unified State Register of Legal Entities, Sole Proprietors and Public Associations',
    applicants: 'Anyone',
    documents: ['Request', 'Payment receipt'],
    cost: EXTRACT_FEE,
    term: '24 hours',
    result: 'Extract from the Unified State Register on paper',
    receiving: IN_PERSON,
  },
  'outdoor-ads': {
    name: 'Permit to place outdoor advertising',
    applicants: 'Distributors of outdoor advertising',
    documents: ['Application', 'Photo or computer mock-up of the site', 'Sketch of the advertising structure with its design'],
    term: 'At most one month',
    result: 'Permit to place outdoor advertising',
    receiving: IN_PERSON,
  },
  'improvement-permit': {
    name: 'Permit for works that disturb public spaces (excavation order)',
    applicants: 'Individuals and organisations carrying out excavation or repair works',
    documents: ['Application', 'Plan of the site of the works', 'Schedule of the works'],
    term: '10 working days',
    result: 'Permit (order) for works that disturb public spaces',
    receiving: IN_PERSON,
  },
  'driving-licence': {
    name: 'Replacing a driving licence',
    applicants: 'Drivers whose licence has expired or whose details have changed',
    documents: ['Application', 'Passport', 'The driving licence being replaced', 'Medical certificate (if the licence has expired)', 'Payment receipts'],
    cost: 'UAH 217 for the blank + UAH 84 administrative service',
    term: SAME_DAY,
    result: 'Driving licence',
    receiving: 'In person at the centre or by post',
  },
  'vehicle-registration': {
    name: 'Re-registering a vehicle after a change of owner',
    applicants: 'The new owner of the vehicle',
    documents: ['Application', 'Passport', 'Vehicle registration certificate', 'Contract of sale', 'Payment receipts'],
    cost: 'UAH 1,000 for the service + 1% of the value (pension levy) + the number plates',
    term: 'On the day of application (after an inspection at a service centre of the Ministry of Internal Affairs)',
    result: 'Vehicle registration certificate',
    receiving: IN_PERSON,
  },
};

export const LVIV_OFFICES_EN: Record<string, { name: string; address: string; notes: string }> = {
  centre: {
    name: 'Administrative Service Centre (ЦНАП) of the City of Lviv',
    address: '42 Khotkevycha St, Lviv',
    notes: 'Entrance from the courtyard; a lift to every floor.',
  },
  sykhiv: {
    name: 'Sykhiv branch of the Administrative Service Centre (ЦНАП)',
    address: '60 Chervonoi Kalyny Ave, Lviv',
    notes: '',
  },
  vynnyky: {
    name: 'Remote workplace of the Administrative Service Centre (ЦНАП) in Vynnyky',
    address: '22 Halytska St, Vynnyky (the starosta’s office building)',
    notes: 'Passport services are provided only at the main office.',
  },
};
