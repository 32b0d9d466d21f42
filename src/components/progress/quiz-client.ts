// Checks the answers of <Quiz> questions in the page: compares the chosen options with the answer and
// shows the explanation in the question's aria-live region, so screen readers hear the result.

interface QuizStrings {
  noAnswer: string;
  correct: string;
  incorrect: string;
  answerWas: string;
}

/** Whether the chosen options are exactly the right ones. */
export function isCorrect(chosen: number[], answer: number[]): boolean {
  const a = [...new Set(chosen)].sort((x, y) => x - y);
  const b = [...new Set(answer)].sort((x, y) => x - y);
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function check(form: HTMLFormElement, strings: QuizStrings): void {
  const result = form.querySelector<HTMLElement>('[data-quiz-result]');
  if (!result) return;
  const inputs = [...form.querySelectorAll<HTMLInputElement>('input[type=radio], input[type=checkbox]')];
  const chosen = inputs.filter((i) => i.checked).map((i) => Number(i.value));
  result.replaceChildren();
  if (!chosen.length) {
    result.dataset.outcome = 'empty';
    result.textContent = strings.noAnswer;
    return;
  }
  let answer: number[] = [];
  try {
    answer = JSON.parse(form.dataset.answer ?? '[]') as number[];
  } catch {
    // A page built with a broken answer cannot be checked; the build validates answers, so this is moot.
  }
  const ok = isCorrect(chosen, answer);
  result.dataset.outcome = ok ? 'correct' : 'incorrect';
  const verdict = document.createElement('strong');
  verdict.textContent = ok ? strings.correct : strings.incorrect;
  const parts: Node[] = [verdict];
  if (!ok) {
    const labels = answer.map(
      (i) => form.querySelector(`label[for="${inputs[i]?.id}"]`)?.textContent?.trim() ?? String(i + 1),
    );
    parts.push(document.createTextNode(`${strings.answerWas.replace('{answer}', labels.join(', '))} `));
  }
  parts.push(document.createTextNode(form.dataset.explain ?? ''));
  result.append(...parts);
}

export function initQuizzes(root: ParentNode): void {
  for (const quiz of root.querySelectorAll<HTMLElement>('.gl-quiz:not([data-quiz-ready])')) {
    quiz.dataset.quizReady = '';
    let strings: QuizStrings;
    try {
      strings = JSON.parse(quiz.dataset.quizStrings ?? '{}') as QuizStrings;
    } catch {
      continue;
    }
    for (const form of quiz.querySelectorAll<HTMLFormElement>('form.gl-quiz-question')) {
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        check(form, strings);
      });
    }
  }
}
