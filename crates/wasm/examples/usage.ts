// How a portal uses the package, in TypeScript; `tsc --noEmit` checks it
// against the generated declarations (scripts/test.sh). The ts-expect-error
// lines prove the declarations are precise, not `any`.
import init, {
  compareMany,
  compile,
  generateSamples,
  readSamples,
  parseExpression,
  slaDueTimes,
  validate,
  type ExpressionError,
  type Impact,
  type Outcome,
  type Sample,
  type Settings,
  type SlaResult,
  type Summary,
  type ValidationError,
} from '../pkg/web/anytime_engine.js';

export async function routeTicket(settings: Settings, subject: string, sender: string): Promise<string> {
  await init();
  const evaluator = compile(settings);
  try {
    const sample: Sample = { fields: { subject, senderEmail: sender, priority: 2 }, at: new Date().toISOString() };
    const outcome: Outcome = evaluator.preview(sample);
    if (outcome.blocked.verdict !== 'allowed') return `Blocked (${outcome.blocked.verdict})`;
    // @ts-expect-error routing statuses are a closed set
    if (outcome.routing?.status === 'somewhere') return 'never';
    const target = outcome.routing?.target;
    const due = outcome.sla?.firstResponse?.due;
    const fired = outcome.triggers.filter((t) => t.fired).map((t) => t.description);
    return `${target ? `${target.name} (${target.object})` : 'unrouted'}; first response due ${due ?? 'n/a'}; triggers: ${fired.join(', ')}`;
  } finally {
    evaluator.free();
  }
}

export function bulk(settings: Settings, samples: Sample[]): number {
  const evaluator = compile(settings);
  const summary: Summary = evaluator.previewMany(samples);
  const problems: string[] = evaluator.problems;
  evaluator.free();
  return summary.total - summary.junk - summary.rejected - problems.length;
}

export function checkBeforeImport(trigger: unknown): string[] {
  try {
    validate('trigger', trigger as object, { agents: [], departments: [] });
    // @ts-expect-error only the API's object kinds are known
    validate('ticket', {});
    return [];
  } catch (e) {
    const error = e as ValidationError;
    return error.errors.map((issue) => `${issue.field}: ${issue.message}`);
  }
}

export function underline(text: string, conditions: number): number | null {
  try {
    return parseExpression(text, conditions).expression.length;
  } catch (e) {
    const error = e as ExpressionError;
    const first = error.errors[0];
    return first.position ?? error.position;
  }
}

export function dueTimes(created: string): SlaResult {
  return slaDueTimes(
    { firstRespondWithin: 4, resolveRespondWithin: 24, operationalHour: 'businessHours' },
    { timeZone: 'Europe/Paris', mondayBusinessTime: { isBusinessDay: true, openHour: 9, closeHour: 17 } },
    [{ title: 'Christmas', date: '2026-12-25' }],
    created,
  );
}

/** What turning a trigger off would change over a week of generated conversations. */
export function impactOfTurningOff(settings: Settings, triggerId: string): Impact {
  const trigger = (settings.triggers ?? []).find((t) => t.id === triggerId);
  if (!trigger) throw new Error(`no trigger ${triggerId}`);
  const samples: Sample[] = generateSamples(settings, { count: 5000, seed: 1 });
  const impact = compareMany(settings, { kind: 'trigger', object: { ...trigger, enable: false } }, samples, { limit: 10 });
  // @ts-expect-error: a move's aspect is one of the named ones
  const wrong: 'nope' = impact.moves[0].aspect;
  void wrong;
  return impact;
}

export function samplesFromFile(text: string): number {
  return readSamples(text).length;
}
