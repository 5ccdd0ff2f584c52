/** The community's profile and settings overview for its local moderators, and its coat of arms. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { communityOr404, queryString, requireViewer } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { field } from '../../../core/http/form-parser.js';
import { forbidden, HttpError, notFound } from '../../../core/http/errors.js';
import { isCommunityAdmin, isCommunityModerator, isToolModerator } from '../../../core/permissions/policy.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import type { Community } from '../../../core/communities/community.js';
import type { CommunityContacts } from '../../../core/db/schema.js';
import type { Viewer } from '../../../core/users/viewer.js';
import type { FormState } from '../../../core/views/forms.js';
import { loadCoat } from '../repository.js';
import { COAT_MAX_BYTES, isEmail, normalizePhone, sniffImage, uploaded, type ImageType } from '../rules.js';
import { uploadRoute, uploadsOf } from '../../../core/http/uploads.js';
import { updateProfile } from '../service/communities.js';
import { ProfilePage, SettingsPage, type ToolSection } from '../views/community-views.js';

function communityModerator(req: FastifyRequest, c: Community): Viewer {
  const uk = req.lang === 'uk';
  const v = requireViewer(req);
  if (!isCommunityModerator(v, c.id) && !isCommunityAdmin(v, c.id))
    throw forbidden(uk ? 'Ця сторінка — лише для модераторів цієї громади.' : 'This page is for the moderators of this community only.');
  return v;
}

/** The community's profile and sign-in policy are its rules: only its administrator (or the national moderator) changes them. */
function communityAdmin(req: FastifyRequest, c: Community): Viewer {
  const uk = req.lang === 'uk';
  const v = requireViewer(req);
  if (!isCommunityAdmin(v, c.id)) {
    throw forbidden(
      uk
        ? 'Профіль громади й спосіб входу змінює лише адміністратор громади.'
        : 'Only the community administrator changes the community profile and sign-in policy.',
    );
  }
  return v;
}

function profileForm(c: Community): FormState {
  return {
    values: {
      name_uk: c.name.uk,
      name_en: c.name.en,
      address: c.contacts.address ?? '',
      email: c.contacts.email ?? '',
      phone: c.contacts.phone ?? '',
      website: c.contacts.website ?? '',
      sign_in_policy: c.signInPolicy,
    },
    errors: {},
  };
}

export function registerCommunitySettingsRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const renderProfile = async (req: FastifyRequest, reply: FastifyReply, c: Community, form: FormState, status = 200) => {
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await ProfilePage({ p, c, form, saved: queryString(req, 'saved') === '1' && status === 200 }), status);
  };

  app.get<{ Params: { slug: string } }>('/:slug/manage/profile', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    communityAdmin(req, c);
    return renderProfile(req, reply, c, profileForm(c));
  });

  const profileUploads = uploadRoute<{ Params: { slug: string } }>({
    ctx,
    permission: 'admin.profile',
    limits: { fileBytes: COAT_MAX_BYTES, files: 1 },
    authorize: async (req) => communityModerator(req, await communityOr404(ctx, req.params.slug)),
  });

  app.post<{ Params: { slug: string } }>('/:slug/manage/profile', profileUploads, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = communityAdmin(req, c);
    const uk = req.lang === 'uk';
    const values: Record<string, string> = {};
    for (const k of ['name_uk', 'name_en', 'address', 'email', 'phone', 'website', 'sign_in_policy', 'remove_coat']) values[k] = field(req.body, k);
    const errors: Record<string, string> = {};
    if (!values.name_uk) errors.name_uk = uk ? 'Вкажіть назву громади українською' : 'Enter the name in Ukrainian';
    else if ([...values.name_uk].length > 200) errors.name_uk = uk ? 'Не більше 200 символів' : 'At most 200 characters';
    if (!values.name_en) errors.name_en = uk ? 'Вкажіть назву громади англійською' : 'Enter the name in English';
    else if ([...values.name_en].length > 200) errors.name_en = uk ? 'Не більше 200 символів' : 'At most 200 characters';
    if ([...(values.address ?? '')].length > 300) errors.address = uk ? 'Не більше 300 символів' : 'At most 300 characters';
    const email = (values.email ?? '').toLowerCase();
    if (email && !isEmail(email)) errors.email = uk ? 'Вкажіть пошту у форматі name@example.com' : 'Enter an e-mail like name@example.com';
    const phone = values.phone ?? '';
    if (phone && (!normalizePhone(phone) || phone.length > 30))
      errors.phone = uk ? 'Телефон — від 10 до 15 цифр, наприклад +380 44 123 45 67' : 'A phone has 10 to 15 digits';
    const website = values.website ?? '';
    if (website && (!/^https?:\/\/[^\s/]+\.[^\s]+$/i.test(website) || website.length > 300))
      errors.website = uk ? 'Вкажіть адресу сайту повністю, наприклад https://rada.gov.ua' : 'Enter the full address, e.g. https://rada.gov.ua';
    const policy = values.sign_in_policy;
    if (policy !== 'idgovua' && policy !== 'idgovua_or_email') errors.sign_in_policy = uk ? 'Оберіть, як мешканці входять' : 'Choose how residents sign in';

    let coat: { type: ImageType; data: Buffer } | 'remove' | null = null;
    const data = uploaded(uploadsOf(req, 'coat'));
    if (uploadsOf(req, 'coat').some((u) => u.tooLarge) || (data && data.length > COAT_MAX_BYTES)) {
      errors.coat = uk ? 'Файл завеликий: герб має бути не більше 500 КБ' : 'The file is too large: at most 500 KB';
    } else if (data) {
      const type = sniffImage(data);
      if (type === 'unsafe-svg')
        errors.coat = uk
          ? 'SVG містить скрипти чи зовнішні посилання — збережіть його як просте зображення'
          : 'The SVG has scripts or external references; save it as a plain image';
      else if (!type) errors.coat = uk ? 'Герб має бути у форматі PNG, JPEG або SVG' : 'The coat of arms must be PNG, JPEG or SVG';
      else coat = { type, data };
    } else if (values.remove_coat === 'on') {
      coat = 'remove';
    }
    if (Object.keys(errors).length) return renderProfile(req, reply, c, { values, errors }, 400);

    const limit = await hitRateLimit(ctx.db, { key: `profile:user:${v.id}`, max: 30, windowSeconds: 3600 }, ctx.clock.now());
    if (!limit.allowed) throw new HttpError(429, 'rate_limited', uk ? 'Забагато змін за годину. Спробуйте пізніше.' : 'Too many changes this hour. Try later.');
    const contacts: CommunityContacts = {};
    if (values.address) contacts.address = values.address;
    if (email) contacts.email = email;
    if (phone) contacts.phone = phone;
    if (website) contacts.website = website;
    await updateProfile(ctx, v.id, c, {
      nameUk: values.name_uk!,
      nameEn: values.name_en!,
      contacts,
      signInPolicy: policy as Community['signInPolicy'],
      coat,
    });
    return reply.redirect(`/${c.slug}/manage/profile?saved=1`, 303);
  });

  app.get<{ Params: { slug: string } }>('/:slug/manage/settings', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = communityModerator(req, c);
    const sections: ToolSection[] = c.enabledTools.map((tool) => {
      const m = ctx.modules.find((x) => x.tool === tool);
      return { tool, links: m ? (m.manageLinks ?? []) : null, mayManage: isToolModerator(v, c.id, tool) };
    });
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await SettingsPage({ p, c, sections, mayEditProfile: isCommunityAdmin(v, c.id) }));
  });

  app.get<{ Params: { slug: string } }>('/:slug/coat-of-arms', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const coat = await loadCoat(ctx.db, c.id);
    if (!coat) throw notFound();
    return (
      reply
        // The URL carries the version, so it may be cached long; an SVG opened directly runs nothing.
        .header('cache-control', 'public, max-age=86400')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
        .header('content-disposition', 'inline')
        .type(coat.contentType)
        .send(coat.data)
    );
  });
}
