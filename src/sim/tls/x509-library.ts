// The one place that imports @peculiar/x509 as a value. Every other module of the certificate layer
// takes the library from here (type-only imports of '@peculiar/x509' are fine: they are erased), so
// the library is always evaluated between the installation and the removal of the temporary Reflect
// shim (see reflect-shim.ts) and `globalThis` looks the same before and after.

import { removeReflectShim } from './reflect-shim.ts';
import * as x509 from '@peculiar/x509';

removeReflectShim();

export { x509 };

/** Web Crypto, passed explicitly to the library instead of relying on its global lookup. */
export function webCrypto(): Crypto {
  const c = globalThis.crypto;
  if (!c || !c.subtle) throw new Error('Web Crypto (globalThis.crypto.subtle) is not available');
  return c;
}
