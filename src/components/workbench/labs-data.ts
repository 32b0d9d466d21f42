// Where the labs come from, in one place: labs/*.yaml read at build time and parsed with parseLab. If
// the labs move to an Astro content collection, this module is the only one to change.
import { parseLab } from '../../labs/lab.ts';
import type { Lab } from '../../labs/lab.ts';

const sources = import.meta.glob<string>('../../../labs/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});

let cache: Map<string, Lab> | null = null;

function load(): Map<string, Lab> {
  if (cache) return cache;
  cache = new Map();
  for (const [path, text] of Object.entries(sources)) {
    const file = path.split('/').pop() ?? path;
    const { lab, problems } = parseLab(text, `labs/${file}`);
    // A broken lab file fails the build with its problems (labs verify says the same in CI).
    if (!lab) throw new Error(problems.join('\n'));
    cache.set(lab.id, lab);
  }
  return cache;
}

/** The lab with this id; throws with the known ids when there is none (a typo in an MDX page). */
export function getLab(id: string): Lab {
  const lab = load().get(id);
  if (!lab)
    throw new Error(`<Lab id="${id}">: no such lab in labs/ (known: ${[...load().keys()].join(', ')})`);
  return lab;
}

export function allLabs(): Lab[] {
  return [...load().values()];
}
