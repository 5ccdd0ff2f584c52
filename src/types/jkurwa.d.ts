/**
 * The parts of jkurwa (DSTU 4145 crypto in plain JavaScript, CommonJS, ships no types) that Віче uses:
 * loading keys and certificates into a Box, opening an enveloped CMS message and making one.
 */
declare module 'jkurwa' {
  import type { GostAlgos } from 'gost89';

  namespace jkurwa {
    interface Certificate {
      readonly format: 'x509';
      /** DER bytes. */
      as_asn1(): Buffer;
      canUseFor(op: 'sign' | 'encrypt'): boolean;
    }

    const Certificate: {
      /** Reads DER, or PEM when the data starts with «-----». */
      from_pem(data: Buffer | string): Certificate;
      from_asn1(data: Buffer): Certificate;
    };

    interface Priv {
      readonly type: 'Priv';
    }

    interface KeyInfo {
      /** Key containers: Key-6.dat (IIT or PBES2), PKCS#8, PKCS#12 (.pfx) or JKS; a raw key needs no password. */
      keyBuffers?: Buffer[];
      password?: string;
      /** Certificates, DER or PEM. */
      certBuffers?: Buffer[];
    }

    /** One public key the Box knows: its private key and its certificate, each when loaded. */
    interface KeyEntry {
      priv?: Priv | null;
      cert?: Certificate | null;
    }

    /** One step of an unwrapped message: an envelope (`enc`), a signature (`signed`), a transport header. */
    interface PipeStep {
      enc?: boolean;
      signed?: boolean;
      transport?: boolean;
      error?: string;
    }

    interface Unwrapped {
      /** The innermost content; the input itself when it is in no format jkurwa knows. */
      content: Buffer;
      pipe: PipeStep[];
      /** ENOKEY, ENOCERT, ESIGN, ENODATA…: the error of the last step. */
      error?: string;
    }

    interface EncryptCommand {
      op: 'encrypt';
      forCert: Certificate;
    }

    class Box {
      constructor(opts: { algo: GostAlgos });
      readonly keys: KeyEntry[];
      load(keyinfo: KeyInfo): void;
      unwrap(data: Buffer): Promise<Unwrapped>;
      /** Runs the commands in turn; the result is DER. */
      pipe(data: Buffer, commands: EncryptCommand[], opts?: Record<string, never>): Promise<Buffer>;
    }
  }

  export = jkurwa;
}
