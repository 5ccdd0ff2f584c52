/**
 * The transparency log for people: /transparency says in plain words what the log proves and what it does
 * not, shows the current signed checkpoint and its history, and checks a receipt
 * (/transparency/receipts/<n>): the entry is in the current checkpoint (an inclusion proof) and that
 * checkpoint extends the one the entry first appeared in (a consistency proof). The proofs are computed from
 * the stored tree and verified here with the same RFC 9162 checks an independent tool runs; the page links
 * the raw proofs and the signed checkpoint so that nobody has to trust this page.
 */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../context.js';
import { pageCtx, sendHtml } from '../http/request-context.js';
import { Layout } from '../views/layout.js';
import { t, tr, type PageCtx } from '../views/page-context.js';
import { formatKyivDateTime } from '../calendar/index.js';
import { queryString, routeId } from '../http/route-helpers.js';
import { notFound } from '../http/errors.js';
import { plural } from '../i18n/index.js';
import { logSigner } from './keys.js';
import { currentCheckpoint, findReceipt, type StoredCheckpoint } from './store.js';
import { receiptJson, receiptProofs } from './receipts.js';
import { verifyConsistency, verifyInclusion } from './merkle.js';
import { parseActEntry } from './acts.js';
import { SubmitButton } from '../views/forms.js';

const b64 = (b: Buffer) => b.toString('base64');

function entriesCount(p: PageCtx, n: number): string {
  return plural(n, { uk: ['запис', 'записи', 'записів'], en: ['entry', 'entries'] }, p.lang);
}

function CheckpointFacts(props: { p: PageCtx; cp: StoredCheckpoint }): JSX.Element {
  const { p, cp } = props;
  return (
    <dl class="facts">
      <dt>{t(p, 'Розмір журналу', 'Size of the log')}</dt>
      <dd safe>{entriesCount(p, cp.size)}</dd>
      <dt>{t(p, 'Корінь дерева (SHA-256, base64)', 'Tree root (SHA-256, base64)')}</dt>
      <dd>
        <code safe>{b64(cp.root)}</code>
      </dd>
      <dt>{t(p, 'Підписано', 'Signed')}</dt>
      <dd safe>{cp.createdAt ? formatKyivDateTime(cp.createdAt, p.lang) : tr(p, 'порожній журнал', 'empty log')}</dd>
    </dl>
  );
}

export function registerTransparencyPages(app: FastifyInstance, ctx: CoreContext): void {
  const signer = logSigner(ctx.config);

  app.get('/transparency', async (req, reply) => {
    const p = await pageCtx(ctx, req);
    const cp = await currentCheckpoint(ctx.db, signer);
    const history = await ctx.db.selectFrom('tlog_checkpoints').select(['size', 'created_at']).orderBy('size', 'desc').limit(10).execute();
    return sendHtml(
      reply,
      await (
        <Layout ctx={p} title={tr(p, 'Журнал прозорості', 'Transparency log')}>
          <h1>{t(p, 'Журнал прозорості', 'Transparency log')}</h1>
          <p>
            {t(
              p,
              'Кожен підпис під петицією і кожне його скасування Віче дописує до публічного журналу, з якого нічого не можна ні вилучити, ні змінити непомітно. Журнал має формат журналів прозорості сертифікатів (RFC 9162, C2SP tlog-tiles), тож його може перевірити будь-хто незалежною програмою.',
              'Віче appends every petition signature and every cancellation of one to a public log from which nothing can be removed or changed unnoticed. The log has the format of certificate transparency logs (RFC 9162, C2SP tlog-tiles), so anyone can check it with an independent program.',
            )}
          </p>
          <h2>{t(p, 'Що журнал доводить', 'What the log proves')}</h2>
          <ul>
            <li>{t(p, 'Ваш підпис записано і він лишається в журналі (квитанція).', 'Your signature is recorded and stays in the log (the receipt).')}</li>
            <li>
              {t(
                p,
                'Ніхто не вилучив і не переписав записів після того, як вони потрапили в журнал: кожна нова контрольна точка продовжує попередню.',
                'Nobody removed or rewrote entries once they were in the log: every new checkpoint extends the one before.',
              )}
            </li>
            <li>
              {t(
                p,
                'Одна особа має в межах однієї петиції одну й ту саму позначку, тож повторний підпис видно кожному.',
                'One person has the same tag within one petition, so a second signature would be visible to anyone.',
              )}
            </li>
          </ul>
          <h2>{t(p, 'Чого журнал не доводить', 'What the log does not prove')}</h2>
          <ul>
            <li>
              {t(
                p,
                'Хто саме підписав: у журналі немає імен, пошти, телефонів чи адрес, лише позначки, які не повʼязати між різними петиціями.',
                'Who signed: the log holds no names, e-mails, phones or addresses, only tags that cannot be linked across petitions.',
              )}
            </li>
            <li>
              {t(
                p,
                'Що кожен підписант — окрема жива людина: це забезпечує вхід через id.gov.ua (або перевірений телефон), а не журнал.',
                'That each signer is a separate living person: sign-in through id.gov.ua (or a verified phone) does that, not the log.',
              )}
            </li>
          </ul>

          <h2>{t(p, 'Поточна контрольна точка', 'Current checkpoint')}</h2>
          <CheckpointFacts p={p} cp={cp} />
          <pre safe>{cp.note}</pre>
          <p>
            <a href="/log/checkpoint">{t(p, 'Підписана контрольна точка (текст)', 'Signed checkpoint (text)')}</a> ·{' '}
            <a href="/log/key">{t(p, 'Ключ для перевірки підпису', 'Key to verify the signature')}</a>
          </p>

          <h2>{t(p, 'Перевірити квитанцію', 'Check a receipt')}</h2>
          <form method="get" action="/transparency/receipts" class="search-form">
            <label for="receipt">{t(p, 'Номер квитанції', 'Receipt number')}</label>
            <input id="receipt" name="n" inputmode="numeric" pattern="[0-9]*" autocomplete="off" />
            <SubmitButton>{t(p, 'Перевірити', 'Check')}</SubmitButton>
          </form>

          <h2>{t(p, 'Історія контрольних точок', 'History of checkpoints')}</h2>
          {history.length === 0 ? (
            <p>{t(p, 'Журнал ще порожній.', 'The log is still empty.')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(p, 'Записів', 'Entries')}</th>
                  <th scope="col">{t(p, 'Підписано', 'Signed')}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((h) => (
                  <tr>
                    <td safe>{String(h.size)}</td>
                    <td safe>{formatKyivDateTime(h.created_at, p.lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Layout>
      ),
    );
  });

  // The form above asks by GET (it works without JavaScript); a number leads to its page.
  app.get('/transparency/receipts', async (req, reply) => {
    const n = routeId(queryString(req, 'n').trim());
    if (n === null) {
      const p = await pageCtx(ctx, req);
      throw notFound(tr(p, 'Номер квитанції — це ціле число, як на сторінці після підпису.', 'A receipt number is a whole number, as shown after signing.'));
    }
    return reply.redirect(`/transparency/receipts/${n}`, 303);
  });

  app.get('/transparency/receipts/:n', async (req, reply) => {
    const p = await pageCtx(ctx, req);
    // `<n>.json` is the receipt as a file to keep (receipts.ts).
    const [, number, asFile] = /^([^.]*)(\.json)?$/.exec((req.params as { n: string }).n) ?? [];
    const n = routeId(number ?? '');
    const receipt = n === null ? null : await findReceipt(ctx.db, n);
    if (!receipt) throw notFound(tr(p, 'Такої квитанції в журналі немає.', 'The log has no such receipt.'));
    if (asFile) {
      return reply
        .header('content-disposition', `attachment; filename="viche-receipt-${receipt.pendingId}.json"`)
        .header('cache-control', 'no-store')
        .type('application/json; charset=utf-8')
        .send(`${JSON.stringify(await receiptJson(ctx.db, signer, receipt), null, 2)}\n`);
    }
    const download = (
      <p>
        <a href={`/transparency/receipts/${receipt.pendingId}.json`} download="">
          {t(p, 'Завантажити квитанцію (JSON)', 'Download the receipt (JSON)')}
        </a>
      </p>
    );
    const title = tr(p, `Квитанція № ${receipt.pendingId}`, `Receipt No. ${receipt.pendingId}`);
    if (receipt.state === 'pending') {
      return sendHtml(
        reply,
        await (
          <Layout ctx={p} title={title}>
            <h1 safe>{title}</h1>
            <p class="notice" role="status" safe>
              {tr(
                p,
                `Запис прийнято і він чекає на включення до журналу. Журнал обіцяє включити його не пізніше ${formatKyivDateTime(receipt.promisedBy, 'uk')}. Оновіть сторінку за хвилину.`,
                `The entry is accepted and waits to be included in the log. The log promises to include it by ${formatKyivDateTime(receipt.promisedBy, 'en')}. Reload the page in a minute.`,
              )}
            </p>
            {download}
          </Layout>
        ),
      );
    }
    const { current, entry, firstRoot, inclusion, consistency } = await receiptProofs(ctx.db, signer, receipt);
    const act = parseActEntry(entry);
    const included = verifyInclusion(receipt.leafHash, receipt.index, current.size, inclusion, current.root);
    const consistent = verifyConsistency(receipt.checkpointSize, current.size, consistency, firstRoot, current.root);
    return sendHtml(
      reply,
      await (
        <Layout ctx={p} title={title}>
          <h1 safe>{title}</h1>
          <p class={included && consistent ? 'notice success' : 'notice error'} role="status" safe>
            {included && consistent
              ? tr(
                  p,
                  `Перевірено: запис № ${receipt.index} є в поточній контрольній точці журналу (${entriesCount(p, current.size)}), і ця точка продовжує ту, до якої запис потрапив уперше.`,
                  `Verified: entry No. ${receipt.index} is in the log's current checkpoint (${entriesCount(p, current.size)}), and that checkpoint extends the one the entry first appeared in.`,
                )
              : tr(
                  p,
                  'Перевірка НЕ пройшла: докази не сходяться з поточною контрольною точкою. Збережіть цю сторінку й повідомте про це.',
                  'The check FAILED: the proofs do not match the current checkpoint. Keep this page and report it.',
                )}
          </p>
          <dl class="facts">
            <dt>{t(p, 'Номер запису в журналі', 'Entry number in the log')}</dt>
            <dd safe>{String(receipt.index)}</dd>
            <dt>{t(p, 'Хеш запису (base64)', 'Leaf hash (base64)')}</dt>
            <dd>
              <code safe>{b64(receipt.leafHash)}</code>
            </dd>
            <dt>{t(p, 'Уперше в контрольній точці розміром', 'First in the checkpoint of size')}</dt>
            <dd safe>{String(receipt.checkpointSize)}</dd>
            {act ? (
              <>
                <dt>{t(p, 'Що записано', 'What is recorded')}</dt>
                <dd>
                  <code safe>{entry.toString('utf8')}</code>
                </dd>
              </>
            ) : (
              ''
            )}
          </dl>
          {download}
          <h2>{t(p, 'Перевірте самі', 'Check it yourself')}</h2>
          <ul>
            <li>
              <a href={`/log/proof/inclusion?index=${receipt.index}&size=${current.size}`}>{t(p, 'Доказ включення (JSON)', 'Inclusion proof (JSON)')}</a>
            </li>
            <li>
              <a href={`/log/proof/consistency?from=${receipt.checkpointSize}&to=${current.size}`}>
                {t(p, 'Доказ узгодженості (JSON)', 'Consistency proof (JSON)')}
              </a>
            </li>
            <li>
              <a href="/log/checkpoint">{t(p, 'Підписана контрольна точка', 'Signed checkpoint')}</a>
            </li>
          </ul>
          <p>
            <a href="/transparency">{t(p, 'Про журнал прозорості', 'About the transparency log')}</a>
          </p>
        </Layout>
      ),
    );
  });
}
