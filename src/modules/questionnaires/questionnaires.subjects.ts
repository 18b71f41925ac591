/**
 * Questionnaires answered ABOUT something (subjectType PAIR / PROGRAMME / EVENT) that another module opens for
 * named people — monitoring's end-of-programme questionnaires of the mentor, the mentee and the curator, and
 * the self-assessment at a programme's start and end. Like the pair check-in, each is an ordinary questionnaire
 * of the organization made on first use from questions the opening module ships (marked by a templateKey that
 * starts with SUBJECT_TEMPLATE_PREFIX); it is not a regular questionnaire (regularQuestionnaireWhere keeps it out
 * of the lists, the to-do group and the results), its pages are the opening module's. The rows stay here: the
 * opening module asks this face to open, show and send them.
 */
import { audit } from '../../core/audit.ts';
import { FormError } from '../../core/errors.ts';
import { transaction, type Scope } from '../../core/scope.ts';
import type { Prisma as P } from '../../generated/prisma/client.ts';
import type { QuestionnaireAudience, ResponseSubject } from '../../generated/prisma/enums.ts';
import { formValuesOf, readAnswers, type AnswerFormValues } from './questionnaires.answers.ts';
import { parseQuestions, type Answers, type Question } from './questionnaires.schemas.ts';

/** templateKey of every subject questionnaire begins with it (e.g. "subject:monitoring-mentor"). */
export const SUBJECT_TEMPLATE_PREFIX = 'subject:';

export interface SubjectTemplate {
  /** Starts with SUBJECT_TEMPLATE_PREFIX. */
  key: string;
  title: string;
  description: string;
  audience: QuestionnaireAudience;
  questions: Question[];
}

export interface Subject {
  type: Exclude<ResponseSubject, 'NONE'>;
  id: number;
  /** "" once; "start" / "end" for growth. */
  occasion: string;
}

/** The organization's questionnaire of the template, made (published, no dates) on first use. */
export async function subjectQuestionnaire(scope: Scope, template: SubjectTemplate): Promise<{ id: number; versionId: number; questions: Question[] }> {
  if (!template.key.startsWith(SUBJECT_TEMPLATE_PREFIX)) throw new Error(`subject template key must start with ${SUBJECT_TEMPLATE_PREFIX}`);
  const select = { id: true, currentVersion: { select: { id: true, questions: true } } } as const;
  const found = await scope.db.questionnaire.findFirst({ where: { templateKey: template.key }, orderBy: { id: 'asc' }, select });
  if (found?.currentVersion) return { id: found.id, versionId: found.currentVersion.id, questions: parseQuestions(found.currentVersion.questions) };
  return transaction(scope, async (tx) => {
    const created = await tx.db.questionnaire.create({
      data: {
        organizationId: tx.organization.id,
        title: template.title,
        description: template.description,
        audience: template.audience,
        status: 'PUBLISHED',
        templateKey: template.key,
        createdById: tx.actor.userId,
      },
      select: { id: true },
    });
    const version = await tx.db.questionnaireVersion.create({
      data: { questionnaireId: created.id, number: 1, questions: template.questions as unknown as P.InputJsonValue },
      select: { id: true },
    });
    await tx.db.questionnaire.update({ where: { id: created.id }, data: { currentVersionId: version.id } });
    await audit(tx, { action: 'questionnaire.create', entityType: 'Questionnaire', entityId: created.id, details: { templateKey: template.key } });
    return { id: created.id, versionId: version.id, questions: template.questions };
  });
}

/**
 * Opens the questionnaire about the subject for these people: an empty draft each (once — opening again adds
 * nobody twice). Returns the staff members it was opened for now.
 */
export async function openSubjectResponses(scope: Scope, template: SubjectTemplate, subject: Subject, staffMemberIds: number[]): Promise<number[]> {
  const ids = [...new Set(staffMemberIds)];
  if (!ids.length) return [];
  const q = await subjectQuestionnaire(scope, template);
  const created = await scope.db.questionnaireResponse.createManyAndReturn({
    data: ids.map((staffMemberId) => ({
      organizationId: scope.organization.id,
      questionnaireId: q.id,
      versionId: q.versionId,
      staffMemberId,
      subjectType: subject.type,
      subjectId: subject.id,
      occasion: subject.occasion,
      status: 'DRAFT' as const,
      answers: {},
    })),
    skipDuplicates: true,
    select: { staffMemberId: true },
  });
  return created.map((c) => c.staffMemberId);
}

export interface SubjectForm {
  title: string;
  description: string;
  questions: Question[];
  values: AnswerFormValues;
  submittedAt: Date | null;
}

const keyOf = (questionnaireId: number, staffMemberId: number, subject: Subject) => ({
  questionnaireId,
  staffMemberId,
  subjectType: subject.type,
  subjectId: subject.id,
  occasion: subject.occasion,
});

/** The person's form about the subject, or null when it was not opened for them. */
export async function getSubjectForm(scope: Scope, template: SubjectTemplate, subject: Subject, staffMemberId: number): Promise<SubjectForm | null> {
  const q = await subjectQuestionnaire(scope, template);
  const mine = await scope.db.questionnaireResponse.findUnique({
    where: { questionnaireId_staffMemberId_subjectType_subjectId_occasion: keyOf(q.id, staffMemberId, subject) },
    select: { answers: true, submittedAt: true },
  });
  if (!mine) return null;
  return { title: template.title, description: template.description, questions: q.questions, values: formValuesOf(q.questions, mine.answers as Answers), submittedAt: mine.submittedAt };
}

/** Sends the person's answers about the subject (only where it was opened for them; sending again updates them). */
export async function submitSubjectResponse(scope: Scope, template: SubjectTemplate, subject: Subject, staffMemberId: number, body: Record<string, unknown>): Promise<boolean> {
  const q = await subjectQuestionnaire(scope, template);
  const { answers, errors } = readAnswers(q.questions, body, 'submit');
  if (Object.keys(errors).length) throw new FormError(errors, 'Ответьте на обязательные вопросы');
  return transaction(scope, async (tx) => {
    const updated = await tx.db.questionnaireResponse.updateManyAndReturn({
      where: keyOf(q.id, staffMemberId, subject),
      data: { answers, status: 'SUBMITTED', submittedAt: tx.now },
      select: { id: true },
    });
    if (!updated.length) return false;
    await audit(tx, { action: 'questionnaire.submit', entityType: 'QuestionnaireResponse', entityId: updated[0]!.id, details: { questionnaireId: q.id, subject } });
    return true;
  });
}

/** The subjects the person has a questionnaire of the templates open (not yet sent) about: for the to-do and the bell. */
export async function openSubjectsOf(scope: Scope, templateKeys: string[], staffMemberId: number): Promise<{ templateKey: string; subject: Subject }[]> {
  const rows = await scope.db.questionnaireResponse.findMany({
    where: { staffMemberId, status: 'DRAFT', subjectType: { not: 'NONE' }, questionnaire: { templateKey: { in: templateKeys } } },
    select: { subjectType: true, subjectId: true, occasion: true, questionnaire: { select: { templateKey: true } } },
    orderBy: { id: 'asc' },
  });
  return rows.map((r) => ({ templateKey: r.questionnaire.templateKey!, subject: { type: r.subjectType as Subject['type'], id: r.subjectId, occasion: r.occasion } }));
}
