/** The part of gost89 (ГОСТ 28147-89 and ГОСТ 34.311 in plain JavaScript, CommonJS, ships no types) that Віче uses. */
declare module 'gost89' {
  namespace gost89 {
    /** The cipher, hash and key-container functions that jkurwa calls; opaque to Віче. */
    interface GostAlgos {
      readonly __brand: 'gost89.compat.algos';
    }
  }

  const gost89: {
    compat: { algos(): gost89.GostAlgos };
  };

  export = gost89;
}
