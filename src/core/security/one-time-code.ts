/**
 * The six-digit codes sent by e-mail and SMS (sign-in, the phone step, confirming an address): drawn
 * uniformly, stored only as an HMAC bound to the purpose and to the row that holds it, so that a leaked
 * table neither reveals a code nor lets one row's code open another.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Generated, Kysely } from 'kysely';
import type { CoreContext } from '../context.js';

export type CodePurpose = 'email-code' | 'phone-code' | 'email-confirmation';

/** The table that holds the codes of each purpose, and what every such table has. */
const CODE_TABLE = { 'email-code': 'email_codes', 'phone-code': 'phone_codes', 'email-confirmation': 'email_confirmations' } as const;
type CodeTables = { [P in CodePurpose as (typeof CODE_TABLE)[P]]: { id: Generated<number>; code_hash: string } };

export function newSixDigitCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function oneTimeCodeHash(ctx: CoreContext, purpose: CodePurpose, id: number, code: string): string {
  return createHmac('sha256', ctx.config.secretKey).update(`${purpose}:${id}:${code}`).digest('hex');
}

/** Whether `code` is the one stored for the row, compared in constant time. */
export function codeMatches(ctx: CoreContext, purpose: CodePurpose, id: number, code: string, storedHash: string): boolean {
  const typed = Buffer.from(oneTimeCodeHash(ctx, purpose, id, code));
  const stored = Buffer.from(storedHash);
  return typed.length === stored.length && timingSafeEqual(typed, stored);
}

/**
 * Stores a new code's row, made by `insertRow` with the empty hash it is given, and returns its id. The
 * hash is bound to that id, which exists only once the row does, so the row gets its real hash at once;
 * call it inside the transaction that sends the code, so no row is ever seen without its hash.
 */
export async function insertHashedCode(
  ctx: CoreContext,
  trx: Pick<Kysely<CodeTables>, 'updateTable'>,
  purpose: CodePurpose,
  code: string,
  insertRow: (emptyHash: '') => Promise<{ id: number }>,
): Promise<number> {
  const { id } = await insertRow('');
  await trx
    .updateTable(CODE_TABLE[purpose])
    .set({ code_hash: oneTimeCodeHash(ctx, purpose, id, code) })
    .where('id', '=', id)
    .execute();
  return id;
}
