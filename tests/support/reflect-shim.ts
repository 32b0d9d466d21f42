// A Reflect metadata stand-in that exists only while @peculiar/x509 is being evaluated.
//
// @peculiar/x509 keeps its algorithm registry in tsyringe. tsyringe refuses to load unless
// `Reflect.getMetadata` exists (its index checks for the reflect-metadata polyfill), and its
// `@injectable()` decorator reads "design:paramtypes" through `Reflect.getMetadata` and
// `Reflect.getOwnMetadata` once per decorated class, at import time. @peculiar/x509 is compiled
// without emitDecoratorMetadata and its registered classes take no constructor arguments, so "no
// metadata" (undefined) is the true answer, and after import tsyringe constructs them without
// consulting Reflect again (DependencyContainer.construct: no type info and ctor.length 0 -> new ctor()).
//
// So instead of installing a polyfill for the whole process, x509-library.ts calls
// installReflectShim() (which adds the two functions only if they are missing), awaits a dynamic
// import of @peculiar/x509, and calls removeReflectShim() right after it has been evaluated.

type ReflectWithMetadata = typeof Reflect & Record<string, unknown>;

const METADATA_FUNCTIONS = ['getMetadata', 'getOwnMetadata'] as const;
const added: string[] = [];

/** Adds the two metadata functions when they are missing (call right before loading the library). */
export function installReflectShim(): void {
  for (const name of METADATA_FUNCTIONS) {
    if (typeof (Reflect as ReflectWithMetadata)[name] !== 'function') {
      Object.defineProperty(Reflect, name, { value: () => undefined, configurable: true, writable: true });
      added.push(name);
    }
  }
}

/** Removes what this module added (nothing when a real polyfill was already present). */
export function removeReflectShim(): void {
  for (const name of added.splice(0)) delete (Reflect as ReflectWithMetadata)[name];
}
