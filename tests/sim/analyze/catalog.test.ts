// The codes page is generated from the catalogue: every code the simulator can emit must be in it, with
// a summary and a fix; the analyzer codes also carry a YAML example.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ANALYZER_CODES } from '../../../src/sim/analyze/catalog.ts';
import { allCodes, codeInfo } from '../../../src/sim/codes.ts';

const SIM = fileURLToPath(new URL('../../../src/sim', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every quoted IST####/GWL#### literal in src/sim (the codes the simulator can report). */
function emittedCodes(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sources(SIM)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/['"`]((?:IST|GWL)\d{4})['"`]/g)) {
      if (!found.has(m[1])) found.set(m[1], file);
    }
  }
  return found;
}

describe('diagnostic code catalogue', () => {
  it('registers every code used in src/sim, with a summary and a fix', () => {
    const emitted = emittedCodes();
    expect(emitted.size).toBeGreaterThan(20);
    const registered = new Set(allCodes().map((c) => c.code));
    for (const [code, file] of emitted) {
      expect(registered.has(code), `${code} (used in ${file}) is not in the catalogue`).toBe(true);
      const info = codeInfo(code);
      expect(info.summary.trim(), `${code} summary`).not.toBe('');
      expect(info.fix.trim(), `${code} fix`).not.toBe('');
      expect(info.name.trim(), `${code} name`).not.toBe('');
    }
  });

  it('has one complete entry per analyzer code, with a YAML example', () => {
    const seen = new Set<string>();
    for (const c of ANALYZER_CODES) {
      expect(seen.has(c.code), `${c.code} twice`).toBe(false);
      seen.add(c.code);
      expect(c.code).toMatch(/^(IST|GWL)\d{4}$/);
      expect(['Error', 'Warning', 'Info']).toContain(c.level);
      expect(c.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(c.summary.length, c.code).toBeGreaterThan(20);
      expect(c.fix.length, c.code).toBeGreaterThan(10);
      expect(c.example?.trim().length ?? 0, `${c.code} example`).toBeGreaterThan(10);
    }
  });

  it("keeps Istio's names and levels (pkg/config/analysis/msg/messages.yaml)", () => {
    const istio: Record<string, [string, string]> = {
      IST0101: ['ReferencedResourceNotFound', 'Error'],
      IST0106: ['SchemaValidationError', 'Error'],
      IST0116: ['DeploymentAssociatedToMultipleServices', 'Warning'],
      IST0118: ['PortNameIsNotUnderNamingConvention', 'Info'],
      IST0131: ['VirtualServiceIneffectiveMatch', 'Info'],
      IST0132: ['VirtualServiceHostNotFoundInGateway', 'Warning'],
      IST0137: ['DeploymentConflictingPorts', 'Warning'],
      IST0138: ['GatewayDuplicateCertificate', 'Warning'],
      IST0145: ['ConflictingGateways', 'Error'],
      IST0161: ['InvalidGatewayCredential', 'Error'],
      IST0162: ['GatewayPortNotDefinedOnService', 'Warning'],
      IST0173: ['DestinationRuleSubsetNotSelectPods', 'Error'],
      IST0174: ['UnknownDestinationRuleHost', 'Warning'],
    };
    for (const [code, [name, level]] of Object.entries(istio)) {
      expect(codeInfo(code).name).toBe(name);
      expect(codeInfo(code).level).toBe(level);
    }
  });
});
