/**
 * The prompts whose answers an edit must keep (the KL term of ROME's and MEMIT's value search):
 * for a model trained by `ftheta facts`, the subject's other relations, each in its template 0
 * ("Kalem Varisto plays the" while "Kalem Varisto was born in" is rewritten). Nothing for a
 * subject outside the fact base, or a model without one.
 */
import { type EditRequest, type FactBase, fillTemplate } from '@ftheta/editing';

/**
 * The relation `request` asks about: the one with a template that, filled with the subject, is the
 * prompt; else the one whose objects hold the target; else undefined.
 */
export function requestRelation(base: FactBase, request: EditRequest): string | undefined {
  const byTemplate = base.relations.find((r) => r.templates.some((t) => fillTemplate(t, request.subject) === request.prompt));
  return (byTemplate ?? base.relations.find((r) => r.objects.includes(request.target)))?.id;
}

/** Template-0 prompts of the subject's relations other than the edited one (see the module). */
export function keepPrompts(base: FactBase | null, request: EditRequest): string[] {
  if (!base?.subjects.includes(request.subject)) return [];
  const edited = requestRelation(base, request);
  return base.relations.filter((r) => r.id !== edited).map((r) => fillTemplate(r.templates[0]!, request.subject));
}
