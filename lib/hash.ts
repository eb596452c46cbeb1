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
  const hash: TextHash = {
    update(text) {
      // Locals in the loop: this runs over every rendered byte on every render.
      let a = Math.imul(h1 ^ text.length, 2654435761);
      let b = Math.imul(h2 ^ text.length, 1597334677);
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        a = Math.imul(a ^ code, 2654435761);
        b = Math.imul(b ^ code, 1597334677);
      }
      h1 = a;
      h2 = b;
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
