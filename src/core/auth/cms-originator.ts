/**
 * jkurwa's EnvelopedData schema has no `originatorInfo` (RFC 5652 §6.1), where a sender may carry its
 * own certificate (the IIT library's «append certificate» option). This takes the certificates out and
 * gives back the same envelope without that field, so jkurwa can parse it and the sender's certificate
 * is known for the key agreement. A minimal DER reader: anything unexpected leaves the input as it is.
 */

interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  at: number;
  /** Offset of the first content byte. */
  start: number;
  /** Offset just past the last content byte. */
  end: number;
}

function readTlv(buf: Buffer, offset: number, limit: number): Tlv | null {
  if (offset + 2 > limit) return null;
  const tag = buf[offset]!;
  // Multi-byte tags never occur in the structures read here.
  if ((tag & 0x1f) === 0x1f) return null;
  let len = buf[offset + 1]!;
  let start = offset + 2;
  if (len & 0x80) {
    const bytes = len & 0x7f;
    // 0x80 is BER's indefinite length, not DER; more than 4 length bytes is not a reply we expect.
    if (bytes === 0 || bytes > 4 || start + bytes > limit) return null;
    len = 0;
    for (let i = 0; i < bytes; i++) len = len * 256 + buf[start + i]!;
    start += bytes;
  }
  const end = start + len;
  return end > limit ? null : { tag, at: offset, start, end };
}

function encodeLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const OID = 0x06;
const CONTEXT_0 = 0xa0;

/** The children of a constructed value, or null when they do not fill it exactly. */
function children(buf: Buffer, parent: Tlv): Tlv[] | null {
  const out: Tlv[] = [];
  for (let at = parent.start; at < parent.end;) {
    const child = readTlv(buf, at, parent.end);
    if (child === null) return null;
    out.push(child);
    at = child.end;
  }
  return out;
}

export function splitOriginatorCerts(envelope: Buffer): { envelope: Buffer; certs: Buffer[] } {
  const unchanged = { envelope, certs: [] };
  const contentInfo = readTlv(envelope, 0, envelope.length);
  if (contentInfo === null || contentInfo.tag !== SEQUENCE || contentInfo.end !== envelope.length) return unchanged;
  const [type, explicit] = children(envelope, contentInfo) ?? [];
  if (type?.tag !== OID || explicit?.tag !== CONTEXT_0) return unchanged;
  const [enveloped] = children(envelope, explicit) ?? [];
  if (enveloped?.tag !== SEQUENCE) return unchanged;
  const fields = children(envelope, enveloped);
  const [version, originatorInfo] = fields ?? [];
  if (fields === null || version?.tag !== INTEGER || originatorInfo?.tag !== CONTEXT_0) return unchanged;

  const certs: Buffer[] = [];
  for (const part of children(envelope, originatorInfo) ?? []) {
    // certs [0] IMPLICIT CertificateSet; crls [1] are of no use here.
    if (part.tag !== CONTEXT_0) continue;
    for (const choice of children(envelope, part) ?? []) {
      // Only plain certificates; the tagged alternatives (attribute and other certificates) are skipped.
      if (choice.tag === SEQUENCE) certs.push(whole(envelope, choice));
    }
  }
  const rest = fields.slice(2).map((f) => whole(envelope, f));
  const versionBytes = whole(envelope, version);
  const stripped = tlv(SEQUENCE, Buffer.concat([whole(envelope, type), tlv(CONTEXT_0, tlv(SEQUENCE, Buffer.concat([versionBytes, ...rest])))]));
  return { envelope: stripped, certs };
}

/** The value with its tag and length bytes. */
function whole(buf: Buffer, t: Tlv): Buffer {
  return buf.subarray(t.at, t.end);
}
