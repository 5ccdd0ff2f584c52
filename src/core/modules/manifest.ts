/**
 * What a tool module gives the core. The core mounts routes, shows navigation and "what is live now",
 * fills the cabinet, gathers statistics, runs jobs and demo data, and resolves content for moderation,
 * all without knowing any module's tables (as Decidim's component manifests do).
 */
import type { FastifyInstance } from 'fastify';
import type { Migration } from 'kysely';
import type { CoreContext } from '../context.js';
import type { Lang, Text } from '../i18n/index.js';
import type { Community } from '../communities/community.js';
import type { Viewer } from '../users/viewer.js';
import type { Db } from '../db/database.js';
import type { CounterScope } from '../stats-counters/index.js';
import type { ActReceipt, LoggedAct } from '../tlog/acts.js';
import type { LogBackfill } from '../tlog/backfill.js';
import type { CalendarEvent } from '../feeds/calendars.js';
import type { SitemapEntry } from '../seo/sitemap.js';
import type { FeedEntry } from '../feeds/feeds.js';

export interface NavItem {
  label: Text;
  /** Path below the community, e.g. "/petitions". */
  path: string;
  /** On the «Керування» page: only for the community's administrators (and the national moderator). */
  communityAdmin?: boolean;
}

export interface LiveSummary {
  /** A line about what is going on now, e.g. "3 петиції збирають підписи". */
  lines: string[];
  link: { label: string; href: string } | null;
}

/**
 * A block of the community website's home page (issue #23): what the tool has going on now. Seen by anyone
 * and cached publicly, so it holds nothing of the reader's own.
 */
export interface SiteBlock {
  title: string;
  /** A few current items, each with a line beside it (e.g. the signatures gathered). */
  items: { label: string; href: string; meta: string }[];
  /** Figures, e.g. the budget's phase or the reports solved. */
  figures: { label: string; value: string }[];
  link: { label: string; href: string };
}

export interface CabinetSection {
  title: string;
  items: { label: string; href: string; meta: string }[];
  empty: string;
}

/** One of a person's own acts in the transparency log, for the cabinet's «Мої квитанції». */
export interface PersonReceipt {
  /** The receipt number (the act's pending id in the log). */
  receipt: number;
  /** What the act was about, e.g. «Підпис: <petition title>». */
  label: string;
  at: Date;
}

export interface Statistic {
  key: string;
  label: Text;
  value: number;
}

/** A piece of user content a complaint can point to. */
export interface ContentRef {
  communityId: number;
  authorUserId: number | null;
  excerpt: string;
  url: string;
  /**
   * Whether anyone may see it where it lives (not a draft, not awaiting moderation); hiding by a moderator
   * is checked by the core. Content that is not public is quoted to the community's moderators only.
   */
  public: boolean;
}

/**
 * Which communities and which period the statistics module asks about: whole months, so the monthly
 * counters of `core/stats-counters` answer exactly.
 */
export interface StatsScope extends CounterScope {
  /** The same months as a half-open period of instants [from, to). */
  from: Date;
  to: Date;
}

export interface ToolStats {
  /** Figures for the scope and period, e.g. petitions, signatures, supported. */
  figures: Statistic[];
  /** Monthly series of the main figures over the period ('YYYY-MM' in Kyiv time). */
  monthly: { key: string; label: Text; points: { month: string; value: number }[] }[];
  /** The main figure per community, for the «top communities» table. */
  perCommunity: { communityId: number; value: number }[];
  /** What `perCommunity` counts, the heading of its column (not a monthly series' label: it may count another thing). */
  perCommunityLabel: Text;
  /** Distinct people who took part (signed, voted, answered, reported). */
  participants: number;
  /** For a module that is not one of the six tools (e.g. the chat-bot): the communities that use it. */
  connectedCommunities?: number;
}

/** A public dataset: its rows, and a dictionary of its fields. */
export interface OpenDataset {
  id: string;
  title: Text;
  description: Text;
  fields: { name: string; type: 'integer' | 'number' | 'string' | 'date-time' | 'date' | 'boolean'; meaning: Text }[];
  rows: (ctx: CoreContext, communityId: number | null) => Promise<Record<string, string | number | boolean | null>[]>;
}

/**
 * A community has just been connected (the national moderator accepted its request): what it asked for.
 * Each module's `onCommunityConnected` sets up its part from it, inside the acceptance's transaction.
 */
export interface CommunityConnection {
  community: Community;
  /** The tools switched on for it. */
  tools: readonly string[];
  /** Conditions from the community's regulations, as given in the request (null where not given). */
  conditions: {
    petitions: { signatureThreshold: number; collectionDays: number } | null;
    /** Hryvnias, the category names, the choices per ballot and the minimum age. */
    budget: { total: number; categories: string[]; maxChoices: number; minAge: number | null } | null;
  };
  actorUserId: number;
  now: Date;
}

/**
 * An e-mail-level account was just proven (through id.gov.ua) to be one person with an identity. Each
 * module's `onIdentityLinked` collapses that person's double acts to the earliest and hands the kept one
 * the identity's key, inside the link's transaction.
 */
export interface IdentityLink {
  identityKey: string;
  /** Every key the weak account acted under (the e-mail or phone person keys, and `user:<id>`). */
  weakKeys: readonly string[];
  weakUserId: number;
  /** The id.gov.ua account the person is signed in as now. */
  userId: number;
  now: Date;
  /** Appends a correction (a double act annulled) to the transparency log, in the link's transaction. */
  logAct: (act: LoggedAct) => Promise<ActReceipt>;
  /** Appends an act made before the log (core/tlog/backfill.ts), so that its annulment can name its entry. */
  logPreLogAct: (act: LoggedAct) => Promise<ActReceipt>;
}

/**
 * A public event of a module for the people following it by e-mail (core/follows): a feed entry, and the
 * item it is about (null: about the tool as a whole, e.g. a budget contest's phase), with that item's own
 * title and page, so that a person may follow the item.
 */
export interface FollowEvent extends FeedEntry {
  subject: { id: string; title: string; path: string } | null;
  /** Told only to the item's followers (e.g. a contest's phase, once per project): its tool's followers have it once already. */
  itemOnly?: boolean;
}

export type JobHandler = (ctx: CoreContext, payload: Record<string, unknown>) => Promise<void>;

export interface ModuleManifest {
  /** Folder name and URL segment, e.g. "petitions". */
  id: string;
  name: Text;
  /** The tool this module implements, when it is one of the six that a community switches on. */
  tool?: string;
  migrations?: Record<string, Migration>;
  /** Routes are mounted at the root; community pages live under `/:slug/<id>`. */
  routes?: (app: FastifyInstance, ctx: CoreContext) => Promise<void> | void;
  navigation?: NavItem[];
  /**
   * A request on a host name of its own (a community's site, e.g. `gromada.gov.ua`): the platform path it
   * stands for (e.g. `/lviv/site/news`), or null to leave it. Called for every request before routing, so
   * it must be synchronous and answer from memory; the first module that answers wins.
   */
  rewriteUrl?: (ctx: CoreContext, host: string, url: string) => string | null;
  /** Links on the community's «Керування» page, shown to this tool's moderators (path below the community). */
  manageLinks?: NavItem[];
  /**
   * Permissions this module defines: key (`<id>.<action>`) → who may do it. Every state-changing route of
   * the module names one in `config.permission` (core/permissions/keys.ts); README lists them all.
   */
  permissions?: Record<string, Text>;
  liveSummary?: (ctx: CoreContext, community: Community, lang: Lang) => Promise<LiveSummary | null>;
  /**
   * Where a resident books a visit to the ЦНАП (the e-queue) for a service or at an office of the ЦНАП
   * site, or null when nothing there can be booked online; the ЦНАП's pages ask every module.
   */
  bookingLink?: (ctx: CoreContext, community: Community, at: { serviceId: number } | { officeId: number }) => Promise<string | null>;
  /** The tool's block on the community website's home page; null when it has nothing to show. */
  siteBlock?: (ctx: CoreContext, community: Community, lang: Lang) => Promise<SiteBlock | null>;
  cabinet?: (ctx: CoreContext, viewer: Viewer, lang: Lang) => Promise<CabinetSection | CabinetSection[] | null>;
  /** The person's own acts that have a transparency-log receipt (the cabinet shows them to that person only). */
  receipts?: (ctx: CoreContext, viewer: Viewer, lang: Lang) => Promise<PersonReceipt[]>;
  statistics?: (ctx: CoreContext, scope: { communityId: number | null }) => Promise<Statistic[]>;
  /** Detailed statistics for the statistics module (/stats): figures, monthly series, per community. */
  stats?: (ctx: CoreContext, scope: StatsScope) => Promise<ToolStats>;
  openData?: OpenDataset[];
  /**
   * The public deadlines of this module in a community still ahead of `now` (a petition's end of
   * collection, a contest's phases), for the community's calendar `/{slug}/calendar.ics` (core/feeds).
   */
  deadlines?: (ctx: CoreContext, community: Community, now: Date) => Promise<CalendarEvent[]>;
  /**
   * Every public item of this module in a community (published, not awaiting moderation, not hidden by a
   * moderator), for the community's `sitemap.xml` (core/seo); the tools' lists come from `navigation`.
   */
  sitemap?: (ctx: CoreContext, community: Community) => Promise<SitemapEntry[]>;
  /**
   * This module's recent public events in a community, as its feed tells them (its newest items), each
   * naming its item. The core records each event once, when it first sees it, and tells whoever follows
   * the community, the tool or the item (core/follows): a module never sends those letters itself.
   */
  followEvents?: (ctx: CoreContext, community: Community, now: Date) => Promise<FollowEvent[]>;
  jobs?: Record<string, JobHandler>;
  /** Periodic work, e.g. closing expired items; runs on every instance, so it must be idempotent. */
  tick?: (ctx: CoreContext, now: Date) => Promise<void>;
  demo?: (ctx: CoreContext) => Promise<void>;
  /**
   * Did this person author or comment anything of this module in this community? A community's moderator
   * may block only such a person (see core/moderation/participation.ts, `hasRowIn`).
   */
  participatedIn?: (db: Db, communityId: number, userId: number) => Promise<boolean>;
  /** Content types this module owns that complaints can point to. */
  content?: Record<string, (db: Db, id: string) => Promise<ContentRef | null>>;
  /**
   * On account deletion: what legally stays (shown before the person confirms), and the removal of the
   * rest, run inside the deletion's transaction.
   */
  accountDeletion?: { kept: Text[]; run: (db: Db, userId: number) => Promise<void> };
  /**
   * A community was connected: set up this module's part (settings, a first draft) in the acceptance's
   * transaction `db`, called for every module in order. What it returns is added to the audit entry
   * «community.created».
   */
  onCommunityConnected?: (db: Db, c: CommunityConnection) => Promise<Record<string, unknown> | void>;
  /**
   * A weak account was linked to an identity: annul this module's later acts of the person where they
   * acted twice (public reason `duplicate-linked`), keep counters exact, audit, in the link's transaction
   * `db`. What it returns (counts only) is added to the audit entry «identity.linked».
   */
  onIdentityLinked?: (db: Db, link: IdentityLink) => Promise<Record<string, number> | void>;
  /**
   * Appends up to `limit` of this module's acts that predate the transparency log to it, oldest first,
   * each as its live path would have (core/tlog/backfill.ts); returns how many. Runs in the background.
   */
  logBackfill?: LogBackfill;
}
