// `gateway-lab labs verify`: every lab's starting files fail at least one goal and its reference
// solution passes all of them.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseLab } from '../labs/lab.ts';
import { verifyLab } from '../labs/goals.ts';

export async function verifyLabs(
  dir: string,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort();
  } catch {
    err(`gateway-lab: no labs directory at ${dir}`);
    return 2;
  }
  let passed = 0;
  let failed = 0;
  const ids = new Set<string>();
  for (const n of names) {
    const { lab, problems } = parseLab(readFileSync(join(dir, n), 'utf8'), n);
    if (!lab) {
      failed++;
      out(`✗ ${n}: ${problems.join('; ')}`);
      continue;
    }
    if (ids.has(lab.id)) {
      failed++;
      out(`✗ ${n}: duplicate lab id ${lab.id}`);
      continue;
    }
    ids.add(lab.id);
    const v = await verifyLab(lab);
    if (v.ok) {
      passed++;
      out(
        `✓ ${lab.id}: start fails ${v.start.filter((g) => !g.pass).length}/${v.start.length} goals, solution passes ${v.solution.length}/${v.solution.length}`,
      );
    } else {
      failed++;
      out(`✗ ${lab.id}: ${v.problems.join('; ')}`);
    }
  }
  out(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}
