// @peculiar/x509 for the tests' certificate factory (certs.ts) and for reference readings in tests.
// The simulator itself does not use it (src/sim/tls decodes with @peculiar/asn1-x509), so it is a
// devDependency; making certificates with one library and reading them with another is a stronger
// test.
//
// A dynamic import between installing and removing a temporary Reflect shim (see reflect-shim.ts):
// static imports of external packages are hoisted above the shim's installation, and tsyringe, which
// @peculiar/x509 uses, refuses to load without `Reflect.getMetadata` ("tsyringe requires a reflect
// polyfill").

import { installReflectShim, removeReflectShim } from './reflect-shim.ts';

export type X509Library = typeof import('@peculiar/x509');
let loading: Promise<X509Library> | null = null;

export function loadX509(): Promise<X509Library> {
  loading ??= (async () => {
    installReflectShim();
    try {
      return await import('@peculiar/x509');
    } finally {
      removeReflectShim();
    }
  })();
  return loading;
}
