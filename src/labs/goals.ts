// Checking a lab's goals against one simulation. The workbench calls this live on every edit; the CLI
// and the tests call it to prove each lab's starting files fail and its solution passes.
import { simulate } from '../sim/simulate.ts';
import type { SimulationOutput } from '../sim/simulate.ts';
import type { ConfigFile } from '../sim/resources/types.ts';
import { checkDiagnostic, checkExpectation } from '../sim/explain/expect.ts';
import type { ScenarioRequest } from '../sim/scenario.ts';
import type { Lab, LabFile } from './lab.ts';
import { isDiagnosticGoal, labScenario } from './lab.ts';

export interface GoalResult {
  id: string;
  description: string;
  pass: boolean;
  mismatches: string[];
  because: string;
}

export function evaluateGoals(lab: Lab, output: SimulationOutput): GoalResult[] {
  return lab.goals.map((g) => {
    if (isDiagnosticGoal(g)) {
      const o = checkDiagnostic(output.diagnostics, g.diagnostic);
      return { id: g.id, description: g.description, ...o };
    }
    const rs = output.results.filter((r) => r.request === g.request);
    const o = checkExpectation(rs[rs.length - 1], g.expect);
    return { id: g.id, description: g.description, ...o };
  });
}

export async function runLab(
  lab: Lab,
  files: LabFile[],
  requests?: ScenarioRequest[],
): Promise<{ output: SimulationOutput; goals: GoalResult[] }> {
  const configFiles: ConfigFile[] = files.map((f) => ({ name: f.name, text: f.content }));
  const output = await simulate(labScenario(lab, requests), configFiles);
  return { output, goals: evaluateGoals(lab, output) };
}

/** The solution's files replace the starting files of the same name; the rest stay as they were. */
export function solutionFiles(lab: Lab): LabFile[] {
  const byName = new Map(lab.solution.files.map((f) => [f.name, f]));
  const merged = lab.files.map((f) => byName.get(f.name) ?? f);
  for (const f of lab.solution.files) if (!lab.files.some((x) => x.name === f.name)) merged.push(f);
  return merged;
}

export interface LabVerification {
  id: string;
  ok: boolean;
  problems: string[];
  start: GoalResult[];
  solution: GoalResult[];
}

/** A lab is sound when its starting files fail at least one goal and its solution passes all. */
export async function verifyLab(lab: Lab): Promise<LabVerification> {
  const start = (await runLab(lab, lab.files)).goals;
  const solution = (await runLab(lab, solutionFiles(lab), lab.solution.requests)).goals;
  const problems: string[] = [];
  if (start.every((g) => g.pass)) problems.push('the starting files already pass every goal');
  for (const g of solution)
    if (!g.pass)
      problems.push(
        `the solution fails goal "${g.id}": ${g.mismatches.join('; ')}${g.because ? ` (${g.because})` : ''}`,
      );
  return { id: lab.id, ok: problems.length === 0, problems, start, solution };
}
