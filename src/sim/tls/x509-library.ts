// The one place that imports @peculiar/x509 as a value. Every other module of the certificate layer
// takes the library from here (type-only imports of '@peculiar/x509' are fine: they are erased), so
// the library is always evaluated between the installation and the removal of the temporary Reflect
// shim (see reflect-shim.ts) and `globalThis` looks the same before and after.

import { installReflectShim, removeReflectShim } from './reflect-shim.ts';

// A dynamic import, not a static one: bundlers hoist static imports of external packages above the
// code of the modules they inline (Vite's SSR build does), which would evaluate @peculiar/x509 before
// the shim exists ("tsyringe requires a reflect polyfill"). Loading on first use also keeps the
// library (and asn1js under it, ~57 kB gzipped) out of the workbench's first load for labs without
// certificates: only a PEM block to parse loads it.
export type X509Library = typeof import('@peculiar/x509');
let library: X509Library | null = null;
let loading: Promise<X509Library> | null = null;

export function loadX509(): Promise<X509Library> {
  loading ??= (async () => {
    installReflectShim();
    try {
      library = await import('@peculiar/x509');
      return library;
    } finally {
      removeReflectShim();
    }
  })();
  return loading;
}

/** The library, for code that only runs after a certificate was parsed (so it is loaded). */
export function loadedX509(): X509Library {
  if (!library) throw new Error('the X.509 library is not loaded yet (call loadX509 first)');
  return library;
}

/** Web Crypto, passed explicitly to the library instead of relying on its global lookup. */
export function webCrypto(): Crypto {
  const c = globalThis.crypto;
  if (!c || !c.subtle) throw new Error('Web Crypto (globalThis.crypto.subtle) is not available');
  return c;
}
