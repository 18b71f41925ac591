import crypto from 'node:crypto';
import type { FieldErrors } from '../../core/errors.ts';
import { draftOf, LIMITS, questionFromDraft, type DraftQuestion, type Question } from './questionnaires.schemas.ts';
import { isLocked } from './questionnaires.templates.ts';

/** What the builder's buttons ask for; every one of them also saves the edits posted with it. */
export type BuilderOp = { kind: 'save' } | { kind: 'add' } | { kind: 'move'; key: string; by: -1 | 1 } | { kind: 'delete'; key: string };

export interface BuilderResult {
  /** Set when everything is valid: the list to store. */
  questions?: Question[];
  /** The list as the builder should show it again (after the operation). */
  drafts: DraftQuestion[];
  added: DraftQuestion;
  errors: FieldErrors;
  formError?: string;
  /** The question to scroll to after the redirect. */
  focusKey?: string;
}

const randomKey = () => `q_${crypto.randomBytes(3).toString('hex')}`;
const emptyAdded = (kind = 'SINGLE'): DraftQuestion => ({ key: '', kind, text: '', hint: '', required: false, options: '' });

/**
 * Applies the posted builder to the stored questions. The post is a patch by key: a question it does
 * not mention is kept (a stale browser tab cannot silently drop questions), only «Удалить» removes one.
 * Questions the banks read (template keys) keep their kind, options and «required».
 * New keys are random so an answer given to a deleted question never counts for a new one.
 */
export function applyBuilder(
  stored: Question[],
  posted: DraftQuestion[],
  added: DraftQuestion,
  op: BuilderOp,
  templateKey: string | null,
  newKey: () => string = randomKey,
): BuilderResult {
  const byKey = new Map(stored.map((q) => [q.key, q]));
  const seen = new Set<string>();
  const drafts: DraftQuestion[] = [];
  for (const d of posted) {
    if (!byKey.has(d.key) || seen.has(d.key)) continue;
    seen.add(d.key);
    drafts.push(d);
  }
  for (const q of stored) if (!seen.has(q.key)) drafts.push(draftOf(q));

  const errors: FieldErrors = {};
  let formError: string | undefined;
  let focusKey: string | undefined;
  let keepAdded = added;

  if (op.kind === 'delete') {
    const i = drafts.findIndex((d) => d.key === op.key);
    if (i >= 0 && isLocked(templateKey, op.key)) {
      formError = 'Этот вопрос нельзя удалить: по ответам на него заполняется банк наставников или наставляемых.';
    } else if (i >= 0) {
      drafts.splice(i, 1);
      focusKey = drafts[Math.min(i, drafts.length - 1)]?.key;
    }
  } else if (op.kind === 'move') {
    const i = drafts.findIndex((d) => d.key === op.key);
    const j = i + op.by;
    if (i >= 0 && j >= 0 && j < drafts.length) [drafts[i], drafts[j]] = [drafts[j]!, drafts[i]!];
    focusKey = op.key;
  }

  const wantsAdd = op.kind === 'add' || (op.kind === 'save' && added.text.trim() !== '');
  if (wantsAdd) {
    if (drafts.length >= LIMITS.questions) {
      errors['new-text'] = `В анкете не больше ${LIMITS.questions} вопросов`;
    } else {
      const key = newKey();
      const { errors: addErrors } = questionFromDraft({ ...added, key }, undefined, key, (name) => `new-${name}`);
      if (added.text.trim() === '') addErrors['new-text'] = 'Напишите текст нового вопроса';
      if (Object.keys(addErrors).length) Object.assign(errors, addErrors);
      else {
        drafts.push({ ...added, key });
        keepAdded = emptyAdded(added.kind);
        focusKey = key;
      }
    }
  }

  const questions: Question[] = [];
  drafts.forEach((draft, i) => {
    const previous = byKey.get(draft.key);
    const locked = previous && isLocked(templateKey, draft.key);
    // A locked question takes only its wording from the form.
    const effective = locked ? { ...draft, kind: previous.kind, required: previous.required, options: draftOf(previous).options } : draft;
    const { question, errors: qErrors } = questionFromDraft(effective, previous, draft.key, (name) => `q-${i}-${name}`);
    if (question && locked) question.options = previous.options;
    if (question) questions.push(question);
    Object.assign(errors, qErrors);
  });

  if (Object.keys(errors).length || formError) return { drafts, added: keepAdded, errors, formError };
  return { questions, drafts, added: keepAdded, errors, focusKey };
}
