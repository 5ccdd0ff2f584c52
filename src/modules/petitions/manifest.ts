/** Local petitions (Art. 23-1 of the law «Про звернення громадян»), as a module of the platform. */
import { petitionSitemap } from './sitemap.js';
import type { ModuleManifest } from '../../core/modules/manifest.js';
import { petitionSiteBlock } from './site-block.js';
import { formatKyivDateTime } from '../../core/calendar/index.js';
import { plural } from '../../core/i18n/index.js';
import { petitionMigrations } from './migrations.js';
import { registerPetitionPublicRoutes } from './routes/public.js';
import { registerPetitionManageRoutes } from './routes/manage.js';
import { registerPetitionApiRoutes } from './routes/api.js';
import { petitionDeadlines, petitionFollowEvents, registerPetitionFeedRoutes } from './routes/feeds.js';
import { anonymizeUser, countByStatus, countSignatures, petitionsOfAuthor, signatureReceiptsOfUser, signaturesOfUser } from './repository.js';
import { advancePetitionsByTime, backfillSignatures, collapseLinkedSignatures, notifySigners, NOTIFY_SIGNERS_JOB } from './service.js';
import { STATUS_LABELS } from './rules.js';
import { seedPetitions } from './demo.js';
import { petitionDatasets, petitionStats } from './stats.js';
import { defaultSettings, type PetitionSettings } from './settings.js';
import { saveSettings } from './repository.js';
import { isNationalModerator } from '../../core/permissions/policy.js';
import { hasRowIn } from '../../core/moderation/participation.js';

export const petitionsModule: ModuleManifest = {
  id: 'petitions',
  tool: 'petitions',
  name: { uk: 'Місцеві петиції', en: 'Local petitions' },
  migrations: petitionMigrations,
  async routes(app, ctx) {
    registerPetitionPublicRoutes(app, ctx);
    registerPetitionApiRoutes(app, ctx);
    registerPetitionFeedRoutes(app, ctx);
    await registerPetitionManageRoutes(app, ctx);
  },
  navigation: [{ label: { uk: 'Петиції', en: 'Petitions' }, path: '/petitions' }],
  manageLinks: [
    { label: { uk: 'Модерація петицій', en: 'Petition moderation' }, path: '/manage/petitions' },
    { label: { uk: 'Налаштування петицій', en: 'Petition settings' }, path: '/manage/petitions/settings' },
  ],
  permissions: {
    'petitions.start': {
      uk: 'Створити петицію (за правилами громади щодо входу, проживання й віку)',
      en: 'Start a petition (by the community rules on sign-in, residence and age)',
    },
    'petitions.sign': { uk: 'Підписати петицію (ті самі правила)', en: 'Sign a petition (the same rules)' },
    'petitions.moderate': {
      uk: 'Модерувати петиції громади, оприлюднювати відповіді, налаштовувати правила',
      en: 'Moderate the petitions of the community, publish answers, set the rules',
    },
  },
  deadlines: petitionDeadlines,
  followEvents: petitionFollowEvents,
  sitemap: petitionSitemap,
  siteBlock: petitionSiteBlock,
  async liveSummary(ctx, community, lang) {
    const counts = await countByStatus(ctx.db, community.id);
    const lines = [
      plural(
        counts.collecting,
        {
          uk: ['петиція збирає підписи', 'петиції збирають підписи', 'петицій збирають підписи'],
          en: ['petition collecting signatures', 'petitions collecting signatures'],
        },
        lang,
      ),
      plural(
        counts.consideration,
        { uk: ['петиція на розгляді', 'петиції на розгляді', 'петицій на розгляді'], en: ['petition under consideration', 'petitions under consideration'] },
        lang,
      ),
    ];
    return { lines, link: null };
  },
  async receipts(ctx, viewer, lang) {
    return (await signatureReceiptsOfUser(ctx.db, viewer.id)).map((r) => ({
      receipt: r.receipt,
      label: `${lang === 'uk' ? 'Підпис' : 'Signature'}: ${r.title}`,
      at: r.signedAt,
    }));
  },
  async cabinet(ctx, viewer, lang) {
    const [mine, signed] = await Promise.all([petitionsOfAuthor(ctx.db, viewer.id), signaturesOfUser(ctx.db, viewer.id)]);
    const national = isNationalModerator(viewer)
      ? [
          {
            label: lang === 'uk' ? 'Петиції з простроченою модерацією (усі громади)' : 'Petitions with overdue moderation (all communities)',
            href: '/manage/petitions/overdue',
            meta: '',
          },
        ]
      : [];
    return {
      title: lang === 'uk' ? 'Мої петиції та підписи' : 'My petitions and signatures',
      empty: lang === 'uk' ? 'Ви ще не створювали й не підписували петицій.' : 'You have not started or signed any petitions.',
      items: [
        ...national,
        ...mine.map((p) => ({
          label: p.title,
          href: `/${p.slug}/petitions/${p.id}`,
          meta: `${lang === 'uk' ? 'моя петиція' : 'my petition'} · ${STATUS_LABELS[p.status][lang]}`,
        })),
        ...signed.map((s) => ({
          label: s.title,
          href: `/${s.slug}/petitions/${s.id}`,
          meta: `${lang === 'uk' ? 'підписано' : 'signed'} ${formatKyivDateTime(s.signedAt, lang)}`,
        })),
      ],
    };
  },
  async statistics(ctx, scope) {
    const [counts, signatures] = await Promise.all([countByStatus(ctx.db, scope.communityId), countSignatures(ctx.db, scope.communityId)]);
    const published = counts.collecting + counts.consideration + counts.answered + counts.failed;
    return [
      { key: 'petitions', label: { uk: 'петицій', en: 'petitions' }, value: published },
      { key: 'petition-signatures', label: { uk: 'підписів під петиціями', en: 'petition signatures' }, value: signatures },
      { key: 'petitions-answered', label: { uk: 'петицій розглянуто', en: 'petitions answered' }, value: counts.answered },
    ];
  },
  stats: petitionStats,
  openData: petitionDatasets,
  jobs: { [NOTIFY_SIGNERS_JOB]: notifySigners },
  async tick(ctx) {
    await advancePetitionsByTime(ctx);
  },
  demo: seedPetitions,
  participatedIn: (db, communityId, userId) => hasRowIn(db, 'petitions', 'author_user_id', communityId, userId),
  accountDeletion: {
    kept: [
      {
        uk: 'Ваші підписи під петиціями та петиції, які ви подали (ПІБ і дата): закон «Про звернення громадян» вимагає їх оприлюднення та зберігання.',
        en: 'Your petition signatures and the petitions you started (name and date): the law on appeals of citizens requires them to be published and kept.',
      },
    ],
    async run(db, userId) {
      await anonymizeUser(db, userId);
    },
  },
  /** A newly connected community's petition conditions become its petition settings. */
  async onCommunityConnected(db, c) {
    if (!c.tools.includes('petitions') || !c.conditions.petitions) return;
    const { signatureThreshold, collectionDays } = c.conditions.petitions;
    const settings: PetitionSettings = { ...defaultSettings(c.community), signatureThreshold, collectionDays, saved: true };
    await saveSettings(db, c.community.id, settings, c.now);
    return { petitionSettings: { signatureThreshold: settings.signatureThreshold, collectionDays: settings.collectionDays } };
  },
  /** An e-mail account was linked to its identity: double signatures collapse to the earliest. */
  onIdentityLinked: collapseLinkedSignatures,
  logBackfill: backfillSignatures,
};
