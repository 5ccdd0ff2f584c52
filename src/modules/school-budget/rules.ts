/**
 * One-time voting codes of the school budget: 13 characters of Crockford base32 (65 bits) and a check
 * character, printed as «7K3M-9QXP-2HZD-4T». The check character is Damm's algorithm over the same 32
 * characters, with the quasigroup x∘y = 2x + y in the field GF(32): it catches every single mistyped
 * character and every swap of two neighbours before the code is even looked up, so a typo gets its own
 * message instead of «unknown code».
 *
 * Codes are never stored: a batch keeps a random seed, code i is HMAC(secret, seed, i), and the database
 * keeps only HMAC(secret, code). Without the secret the seed gives nothing; with it the moderator's sheet
 * can be printed again, which a sheet shown only once could not.
 */
import { createHmac } from 'node:crypto';

/** Crockford's base32: no I, L, O (read as 1, 1, 0) and no U. */
export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const DATA_CHARS = 13;
export const CODE_CHARS = DATA_CHARS + 1;
/** Bits of randomness in a code: 5 per data character. */
export const CODE_BITS = DATA_CHARS * 5;

const VALUE = new Map<string, number>([...ALPHABET].map((ch, i) => [ch, i]));

/**
 * What people type instead of the right character: lower case (upper-cased first), O for 0, I and L for 1,
 * and Cyrillic letters that look like Latin ones (a Ukrainian keyboard layout left on).
 */
const LOOKALIKES: Record<string, string> = {
  O: '0',
  I: '1',
  L: '1',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: '0',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  І: '1',
  У: 'Y',
  З: '3',
};

/** Doubling in GF(32) (polynomial x⁵ + x² + 1): the «2x» of the quasigroup. */
const double = (v: number): number => (v & 16 ? ((v << 1) ^ 0b100101) & 31 : v << 1);

/**
 * Damm's running state. x∘y = 2x + y is totally anti-symmetric because 2 ≠ 1 (so (c∘x)∘y = (c∘y)∘x only
 * when x = y), and each step is a bijection of both the state and the character.
 */
function runState(values: readonly number[]): number {
  let state = 0;
  for (const v of values) state = double(state) ^ v;
  return state;
}

export function checkCharOf(data: string): string {
  return ALPHABET[double(runState([...data].map((ch) => VALUE.get(ch)!)))]!;
}

/** A whole code (data and check character) is valid when the running state ends at 0. */
export function hasValidCheck(code: string): boolean {
  const values = [...code].map((ch) => VALUE.get(ch));
  if (values.length !== CODE_CHARS || values.some((v) => v === undefined)) return false;
  return runState(values as number[]) === 0;
}

/** 13 data characters from the first 65 bits of `bytes` (at least 9 bytes). */
export function dataFromBytes(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes.subarray(0, 9)) n = (n << 8n) | BigInt(b);
  n >>= 72n - BigInt(CODE_BITS);
  let s = '';
  for (let i = 0; i < DATA_CHARS; i++) {
    s = ALPHABET[Number(n & 31n)]! + s;
    n >>= 5n;
  }
  return s;
}

/** Code number `index` of a batch: its data characters from a keyed hash, then the check character. */
export function deriveCode(secret: string, seed: string, index: number): string {
  const bytes = createHmac('sha256', secret).update(`school-code:${seed}:${index}`).digest();
  const data = dataFromBytes(bytes);
  return data + checkCharOf(data);
}

/** What the database keeps of a code: a keyed hash, so a copy of the database cannot vote. */
export function hashCode(secret: string, code: string): string {
  return createHmac('sha256', secret).update(`school-code-hash:${code}`).digest('hex');
}

/** «7K3M9QXP2HZD4T» → «7K3M-9QXP-2HZD-4T»: groups of four are easy to read out and to type. */
export function formatCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}

export type ParsedCode = { ok: true; code: string } | { ok: false; problem: 'empty' | 'format' | 'check' };

/** Reads what a student typed, in any case, with spaces and dashes anywhere, O/0 and I/1/L, Cyrillic look-alikes. */
export function parseCode(raw: string): ParsedCode {
  if (raw.length > 200) return { ok: false, problem: 'format' };
  const cleaned = raw
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐-―_.·/]+/g, '');
  if (cleaned === '') return { ok: false, problem: 'empty' };
  if (cleaned.length > 40) return { ok: false, problem: 'format' };
  const mapped = [...cleaned].map((ch) => LOOKALIKES[ch] ?? ch).join('');
  if (mapped.length !== CODE_CHARS || [...mapped].some((ch) => !VALUE.has(ch))) return { ok: false, problem: 'format' };
  if (!hasValidCheck(mapped)) return { ok: false, problem: 'check' };
  return { ok: true, code: mapped };
}
