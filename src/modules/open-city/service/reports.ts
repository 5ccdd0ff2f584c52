/**
 * Open City's operations on reports: each one changes state, writes the timeline and the audit log, and
 * queues the letters it causes, all in one transaction, so none of them exists without the others.
 */
import type { ReportSource } from '../tables.js';
import { personKeyOfUser } from '../../../core/identity/person-key.js';
import { assertParticipationOpen } from '../../../core/communities/participation-gate.js';
import type { CoreContext } from '../../../core/context.js';
import type { Db } from '../../../core/db/database.js';
import type { Community } from '../../../core/communities/community.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { formatKyivDate } from '../../../core/calendar/index.js';
import { randomToken } from '../../../core/sessions/sessions.js';
import { answerDeadline, canTransition, isOpen, STATUS_LABEL, type Actor, type Status } from '../rules.js';
import {
  addSupport,
  findReport,
  areaSubscribersAt,
  insertReport,
  insertUpdate,
  lockReport,
  setReportState,
  type ActorRole,
  type Category,
  type ReportRow,
} from '../repository.js';
import { insertPhoto } from '../repository/photos.js';
import type { ProcessedPhoto } from '../photos.js';
import { mailAll, reportLink, reportRecipients } from './letters.js';
import { nearestKnownAddress } from '../repository/places.js';

/** Saves a report's photos, or an update's (`updateId`), in the caller's transaction. */
async function savePhotos(
  trx: Db,
  to: { reportId: number; communityId: number; updateId: number | null; now: Date },
  photos: readonly ProcessedPhoto[],
): Promise<void> {
  for (const p of photos) await insertPhoto(trx, { ...to, mime: p.mime, width: p.width, height: p.height, data: p.data, thumb: p.thumb });
}

export class OpenCityError extends Error {
  constructor(
    readonly code: 'conflict' | 'forbidden' | 'not-found' | 'window-closed',
    message: string,
  ) {
    super(message);
  }
}

/** How far a known address may be from a pin to name it. */
const NEAREST_ADDRESS_M = 300;

export interface CreateReportInput {
  community: Community;
  category: Category;
  title: string;
  description: string;
  address: string;
  point: { lat: number; lng: number } | null;
  attributes: Record<string, unknown>;
  mediaUrl: string | null;
  reporter: { userId: number; name: string; showName: boolean } | null;
  contact: { email: string | null; phone: string | null; name: string };
  partner: { apiKeyId: number; name: string } | null;
  photos: ProcessedPhoto[];
  source: ReportSource;
}

export async function createReport(ctx: CoreContext, input: CreateReportInput): Promise<{ id: number; token: string; deadline: Date }> {
  const now = ctx.clock.now();
  const deadline = answerDeadline(now, input.category.termDays, ctx.calendar);
  const token = randomToken(12);
  const id = await ctx.db.transaction().execute(async (trx) => {
    // The web form and Open311 both file here: nothing is filed while the community is suspended.
    await assertParticipationOpen(trx, input.community.id);
    // A report filed by a pin alone is named by the nearest address the community already knows, so its
    // page, list and letters say where it is in words, not raw coordinates (issue #21). A partner's
    // Open311 request keeps the address it sent (or none): we do not rewrite another system's data.
    let address = input.address;
    if (!address && input.point && input.source !== 'open311' && input.source !== 'demo') {
      const near = await nearestKnownAddress(trx, input.community.id, input.point, NEAREST_ADDRESS_M);
      if (near) address = `${near.address} (≈${Math.round(near.distance)} м від позначки)`;
    }
    const { id: reportId, number: reportNumber } = await insertReport(trx, {
      communityId: input.community.id,
      categoryId: input.category.id,
      departmentId: input.category.departmentId,
      status: 'new',
      title: input.title,
      description: input.description,
      address,
      point: input.point,
      attributes: input.attributes,
      mediaUrl: input.mediaUrl,
      reporterUserId: input.reporter?.userId ?? null,
      reporterName: input.reporter?.name ?? input.contact.name,
      showName: input.reporter?.showName ?? false,
      contactEmail: input.reporter ? null : input.contact.email,
      contactPhone: input.reporter ? null : input.contact.phone,
      source: input.source,
      apiKeyId: input.partner?.apiKeyId ?? null,
      token,
      now,
      deadline,
    });
    await insertUpdate(trx, {
      reportId,
      communityId: input.community.id,
      actorUserId: input.reporter?.userId ?? null,
      actorRole: input.partner ? 'partner' : 'reporter',
      kind: 'created',
      toStatus: 'new',
      body: input.partner ? `Open311: ${input.partner.name}` : '',
      now,
    });
    await savePhotos(trx, { reportId, communityId: input.community.id, updateId: null, now }, input.photos);
    await recordAudit(trx, {
      communityId: input.community.id,
      actorUserId: input.reporter?.userId ?? null,
      action: 'open_city.report.created',
      subjectType: 'open_city_report',
      subjectId: reportId,
      after: { status: 'new', category: input.category.code, photos: input.photos.length, source: input.source, partner: input.partner?.name ?? null },
    });
    // Only these three fields decide who is told; the full row is not needed yet.
    const row = { id: reportId, reporterUserId: input.reporter?.userId ?? null, contactEmail: input.reporter ? null : input.contact.email } as ReportRow;
    const recipients = await reportRecipients(ctx, trx, row, input.community.slug);
    await mailAll(
      ctx,
      trx,
      recipients,
      {
        uk: {
          subject: `Звернення №${reportNumber} отримано: ${input.title}`,
          paragraphs: [
            `Ми отримали ваше звернення «${input.title}» (${input.category.name.uk}).`,
            `Після перевірки модератором воно надійде до підрозділу. Термін відповіді — до ${formatKyivDate(deadline, 'uk')}.`,
          ],
        },
        en: {
          subject: `Report No. ${reportNumber} received: ${input.title}`,
          paragraphs: [
            `We have received your report «${input.title}» (${input.category.name.en}).`,
            `Once a moderator has checked it, it goes to the department. Answer due by ${formatKyivDate(deadline, 'en')}.`,
          ],
        },
      },
      reportLink(ctx, input.community.slug, reportId),
    );
    return reportId;
  });
  return { id, token, deadline };
}

export interface StatusChange {
  community: Community;
  report: ReportRow;
  actorUserId: number;
  actor: Actor;
  to: Status;
  answer: string;
  duplicateOf: number | null;
  forwardedTo: string;
  /** A moderator accepting a report may correct its category (and so its department and term). */
  category: Category | null;
  photos: ProcessedPhoto[];
}

export async function changeStatus(ctx: CoreContext, c: StatusChange): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockReport(trx, c.report.id);
    if (!locked) throw new OpenCityError('not-found', 'no such report');
    if (!canTransition(c.actor, locked.status, c.to)) throw new OpenCityError('conflict', `cannot move from ${locked.status} to ${c.to}`);
    if (c.actor === 'executor' && locked.departmentId !== c.report.departmentId) throw new OpenCityError('conflict', 'the report was reassigned meanwhile');
    const routing = c.category && c.category.id !== c.report.categoryId ? c.category : null;
    const note = c.to === 'not_competent' ? c.forwardedTo : c.answer;
    await setReportState(trx, c.report.id, {
      status: c.to,
      statusNote: note,
      duplicateOf: c.to === 'duplicate' ? c.duplicateOf : null,
      forwardedTo: c.to === 'not_competent' ? c.forwardedTo : '',
      resolvedAt: c.to === 'resolved' ? now : isOpen(c.to) ? null : undefined,
      confirmedAt: c.to === 'resolved' || isOpen(c.to) ? null : undefined,
      ...(routing
        ? { categoryId: routing.id, departmentId: routing.departmentId, deadlineAt: answerDeadline(c.report.createdAt, routing.termDays, ctx.calendar) }
        : {}),
      now,
    });
    const main = c.to === 'duplicate' && c.duplicateOf ? await findReport(trx, c.duplicateOf) : null;
    const body =
      c.to === 'duplicate' && c.duplicateOf
        ? `${c.answer}${c.answer ? '\n' : ''}→ №${main?.number ?? c.duplicateOf}`
        : c.to === 'not_competent'
          ? `→ ${c.forwardedTo}${c.answer ? `\n${c.answer}` : ''}`
          : c.answer;
    const updateId = await insertUpdate(trx, {
      reportId: c.report.id,
      communityId: c.community.id,
      actorUserId: c.actorUserId,
      actorRole: c.actor,
      kind: 'status',
      fromStatus: locked.status,
      toStatus: c.to,
      body,
      fromDepartmentId: routing ? c.report.departmentId : null,
      toDepartmentId: routing ? routing.departmentId : null,
      now,
    });
    await savePhotos(trx, { reportId: c.report.id, communityId: c.community.id, updateId, now }, c.photos);
    await recordAudit(trx, {
      communityId: c.community.id,
      actorUserId: c.actorUserId,
      action: 'open_city.report.status',
      subjectType: 'open_city_report',
      subjectId: c.report.id,
      before: { status: locked.status, category: c.report.categoryCode },
      after: { status: c.to, note, duplicateOf: c.duplicateOf, category: routing?.code ?? c.report.categoryCode, photos: c.photos.length },
    });
    const recipients = await reportRecipients(ctx, trx, c.report, c.community.slug);
    await mailAll(
      ctx,
      trx,
      recipients,
      (lang) => {
        const label = STATUS_LABEL[c.to][lang];
        const paragraphs =
          lang === 'uk'
            ? [`Статус звернення «${c.report.title}» змінено: ${label}.`, ...(body ? [`Відповідь: ${body}`] : [])]
            : [`The status of the report «${c.report.title}» has changed: ${label}.`, ...(body ? [`Answer: ${body}`] : [])];
        if (c.to === 'resolved') {
          paragraphs.push(
            lang === 'uk'
              ? 'Будь ласка, підтвердьте протягом 14 днів, що проблему справді усунуто, або відкрийте звернення знову.'
              : 'Please confirm within 14 days that the problem is really fixed, or reopen the report.',
          );
        }
        return { subject: lang === 'uk' ? `Звернення №${c.report.number}: ${label}` : `Report No. ${c.report.number}: ${label}`, paragraphs };
      },
      reportLink(ctx, c.community.slug, c.report.id),
    );
    // Once a report is public, people following that area hear of it.
    if (locked.status === 'new' && c.to === 'accepted' && c.report.lat !== null && c.report.lng !== null) {
      const already = new Set(recipients.map((r) => r.email.toLowerCase()));
      for (const s of await areaSubscribersAt(trx, c.community.id, { lat: c.report.lat, lng: c.report.lng })) {
        if (already.has(s.email.toLowerCase())) continue;
        already.add(s.email.toLowerCase());
        await mailAll(
          ctx,
          trx,
          [{ email: s.email, lang: 'uk', unsubscribe: `${ctx.config.publicUrl}/${c.community.slug}/open-city/unsubscribe/${s.token}` }],
          () => ({
            subject: `Нове звернення поруч: ${c.report.title}`,
            paragraphs: [`У районі, за яким ви стежите, нове звернення: «${c.report.title}» (${c.report.address || `${c.report.lat}, ${c.report.lng}`}).`],
          }),
          reportLink(ctx, c.community.slug, c.report.id),
        );
      }
    }
  });
}

export async function addInternalNote(
  ctx: CoreContext,
  { community, report, actorUserId, role, text }: { community: Community; report: ReportRow; actorUserId: number; role: ActorRole; text: string },
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const id = await insertUpdate(trx, {
      reportId: report.id,
      communityId: community.id,
      actorUserId,
      actorRole: role,
      kind: 'note',
      body: text,
      internal: true,
      now,
    });
    await recordAudit(trx, {
      communityId: community.id,
      actorUserId,
      action: 'open_city.report.note',
      subjectType: 'open_city_report',
      subjectId: report.id,
      after: { updateId: id, length: text.length },
    });
  });
}

export async function reassign(
  ctx: CoreContext,
  {
    community,
    report,
    actorUserId,
    role,
    to,
    reason,
  }: {
    community: Community;
    report: ReportRow;
    actorUserId: number;
    role: ActorRole;
    to: { id: number; key: string; name: { uk: string; en: string } };
    reason: string;
  },
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockReport(trx, report.id);
    if (!locked) throw new OpenCityError('not-found', 'no such report');
    if (locked.departmentId !== report.departmentId) throw new OpenCityError('conflict', 'already reassigned');
    await setReportState(trx, report.id, { departmentId: to.id, now });
    await insertUpdate(trx, {
      reportId: report.id,
      communityId: community.id,
      actorUserId,
      actorRole: role,
      kind: 'reassign',
      body: reason,
      internal: false,
      fromDepartmentId: report.departmentId,
      toDepartmentId: to.id,
      now,
    });
    await recordAudit(trx, {
      communityId: community.id,
      actorUserId,
      action: 'open_city.report.reassigned',
      subjectType: 'open_city_report',
      subjectId: report.id,
      before: { department: report.departmentKey },
      after: { department: to.key, reason },
    });
  });
}

/** «Мене це теж стосується»: one per person, counted from the rows. Returns false for a repeat. */
export async function support(ctx: CoreContext, { community, report, userId }: { community: Community; report: ReportRow; userId: number }): Promise<boolean> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const personKey = await personKeyOfUser(trx, userId);
    const added = await addSupport(trx, { reportId: report.id, communityId: community.id, userId, personKey, now });
    if (added)
      await recordAudit(trx, {
        communityId: community.id,
        actorUserId: userId,
        action: 'open_city.report.supported',
        subjectType: 'open_city_report',
        subjectId: report.id,
      });
    return added;
  });
}
