// The one place that imports @peculiar/x509 as a value. Every other module of the certificate layer
// takes the library from here (type-only imports of '@peculiar/x509' are fine: they are erased), so
// the library is always evaluated between the installation and the removal of the temporary Reflect
// shim (see reflect-shim.ts) and `globalThis` looks the same before and after.

import { installReflectShim, removeReflectShim } from './reflect-shim.ts';

// A dynamic import, not a static one: bundlers hoist static imports of external packages above the
// code of the modules they inline (Vite's SSR build does), which would evaluate @peculiar/x509 before
// the shim exists ("tsyringe requires a reflect polyfill"). Top-level await keeps the order exact in
// Node, in Vite's SSR build and in the Web Worker bundle alike.
installReflectShim();
let loaded: typeof import('@peculiar/x509');
try {
  loaded = await import('@peculiar/x509');
} finally {
  removeReflectShim();
}
export const x509 = loaded;

/** Web Crypto, passed explicitly to the library instead of relying on its global lookup. */
export function webCrypto(): Crypto {
  const c = globalThis.crypto;
  if (!c || !c.subtle) throw new Error('Web Crypto (globalThis.crypto.subtle) is not available');
  return c;
}
