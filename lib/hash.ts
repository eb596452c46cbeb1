// A 64-bit hash of text for cache keys (not for security): two 32-bit lanes of multiply-xorshift
// over the UTF-16 code units, finalised as in MurmurHash3. Written here rather than taken from
// node:crypto, whose loading alone costs a small render a few percent. A cache key collision would
// need 2^32 entries for even odds; a cache here holds one entry per environment.

export interface TextHash {
  /** Adds text; a part's length goes in too, so ("ab", "c") and ("a", "bc") differ. */
  update(text: string): TextHash;
  /** 16 hex digits. */
  digest(): string;
}

export function textHash(): TextHash {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const mix = (code: number): void => {
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  };
  const hash: TextHash = {
    update(text) {
      mix(text.length);
      for (let i = 0; i < text.length; i++) mix(text.charCodeAt(i));
      return hash;
    },
    digest() {
      let a = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
      let b = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
      a >>>= 0;
      b >>>= 0;
      return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
    },
  };
  return hash;
}
