/**
 * `npm run samples [-- DIR]`: every kind of document the portal prints, in PDF and DOCX, for the demo
 * organization (`npm run demo` first), written into DIR (default ./samples, ignored by git) so a reviewer
 * reads them as the clerk would: the orders of each kind, the consent forms of each kind, a consent given
 * electronically with its stamp, the mentors' supplementary agreements.
 *
 * The demo has approved and submitted orders of the first two kinds; a draft of the other kinds (an
 * amendment of the approved assignment, a termination of an active pair) is made through the orders
 * service inside a transaction that is rolled back, as are the audit entries of the downloads: the
 * database is left exactly as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config/env.ts';
import { prepareDatabase } from '../src/core/database/bootstrap.ts';
import { connectDatabase, type Database } from '../src/core/database/client.ts';
import { renderDocx, renderPdf, type DocumentDescription } from '../src/core/documents/index.ts';
import { systemScope, transaction, type Scope } from '../src/core/scope.ts';
import { plural } from '../src/domain/words.ts';
import type { ConsentKind, OrderKind } from '../src/generated/prisma/enums.ts';
import { consentForm, givenConsentForPrint } from '../src/modules/consents/index.ts';
import { createEvents } from '../src/modules/index.ts';
import { createOrder, newOrderForm, orderForPrint, parseOrderForm } from '../src/modules/orders/index.ts';
import { pairAgreement } from '../src/modules/pairs/index.ts';
import { DEMO_ORGANIZATION } from './demo-data.ts';

export interface Sample {
  /** The file name without the extension: a number keeping the reading order, then the document's own name. */
  name: string;
  doc: DocumentDescription;
}

const CONSENT_KINDS: ConsentKind[] = ['PERSONAL_DATA', 'DISTRIBUTION', 'MENTORING'];
const ORDER_KINDS: OrderKind[] = ['REGULATION', 'ASSIGN_PAIRS', 'AMEND', 'TERMINATE'];

/** Thrown to roll the samples' transaction back, carrying what was made inside it. */
class RollBack extends Error {
  constructor(readonly samples: Sample[]) {
    super('samples: roll back');
  }
}

/** A draft of a kind the demo has no order of, through the service (the same default texts as the form). */
async function draftOf(methodist: Scope, kind: OrderKind): Promise<number | null> {
  const approvedAssignment = await methodist.db.order.findFirst({ where: { kind: 'ASSIGN_PAIRS', status: 'APPROVED' }, orderBy: { id: 'asc' }, select: { id: true } });
  const activePair = await methodist.db.pair.findFirst({ where: { status: 'ACTIVE' }, orderBy: { id: 'asc' }, select: { id: true } });
  if (kind === 'AMEND' && !approvedAssignment) return null;
  if (kind === 'TERMINATE' && !activePair) return null;
  const form = await newOrderForm(methodist, kind, { pair: kind === 'TERMINATE' ? activePair?.id : undefined, amends: approvedAssignment?.id });
  // The reason of an early end is the methodist's own words: the sample types a typical one.
  const typed = kind === 'TERMINATE' ? { preamble: 'В связи с длительной временной нетрудоспособностью наставника, на основании служебной записки старшего воспитателя' } : {};
  const parsed = parseOrderForm({ ...form.values, ...typed });
  if (!parsed.ok) throw new Error(`черновик приказа (${kind}) не прошёл проверку формы: ${JSON.stringify(parsed.errors)}`);
  return (await createOrder(methodist, parsed.data)).id;
}

/** The descriptions of every kind of document for the demo organization, acting as its methodist. */
export async function demoSamples(db: Database, publicUrl = ''): Promise<Sample[]> {
  const organization = await db.prisma.organization.findUnique({ where: { slug: DEMO_ORGANIZATION.slug } });
  if (!organization) throw new Error('Демонстрационной организации нет в этой базе: сначала выполните npm run demo');
  const user = await db.prisma.user.findFirst({ where: { organizationId: organization.id, role: 'METHODIST', active: true }, orderBy: { id: 'asc' } });
  if (!user) throw new Error('В демонстрационной организации нет методиста: выполните npm run demo ещё раз');
  const methodist = systemScope({ db, events: createEvents(), publicUrl }, organization, {
    as: { id: user.id, role: user.role, login: user.login, fullName: user.fullName, staffMemberId: user.staffMemberId },
    requestId: 'samples',
  });
  try {
    await transaction(
      methodist,
      async (tx) => {
        const samples: Sample[] = [];
        const add = (name: string, doc: DocumentDescription) => samples.push({ name: `${String(samples.length + 1).padStart(2, '0')} ${name}`, doc });
        const existingKinds = new Set((await tx.db.order.findMany({ select: { kind: true } })).map((o) => o.kind));
        for (const kind of ORDER_KINDS) if (!existingKinds.has(kind)) await draftOf(tx, kind);
        const orders = await tx.db.order.findMany({ orderBy: { id: 'asc' }, select: { id: true, kind: true } });
        for (const kind of ORDER_KINDS) {
          for (const order of orders.filter((o) => o.kind === kind)) {
            const printed = await orderForPrint(tx, order.id, 'pdf');
            // «Проект приказа 3» alone says nothing to a reviewer: the title tells the kind.
            add(`${printed.fileName} — ${printed.doc.heading ?? ''}`.slice(0, 120), printed.doc);
          }
        }
        // The forms are filled for the demo's mentor (the one every demo account list names).
        const person = (await tx.db.staffMember.findFirst({ where: { user: { login: 'mentor' } }, select: { id: true } })) ?? (await tx.db.staffMember.findFirstOrThrow({ orderBy: { id: 'asc' }, select: { id: true } }));
        for (const kind of CONSENT_KINDS) {
          const form = await consentForm(tx, kind, person.id);
          add(`Бланк — ${form.fileName}`, form.doc);
        }
        // A consent the demo gave electronically, as printed with the stamp of its simple electronic signature.
        const given = await tx.db.consent.findFirst({ where: { method: 'ELECTRONIC', revokedAt: null }, orderBy: [{ staffMemberId: 'asc' }, { id: 'asc' }], select: { id: true } });
        if (given) {
          const printed = await givenConsentForPrint(tx, given.id, 'pdf', publicUrl);
          add(`Согласие — ${printed.fileName}`, printed.doc);
        }
        const mentors = await tx.db.pairMember.findMany({
          where: { role: 'MENTOR', pair: { status: { in: ['PROPOSED', 'ACTIVE'] } } },
          orderBy: [{ pairId: 'asc' }, { staffMemberId: 'asc' }],
          select: { pairId: true, staffMemberId: true },
        });
        for (const m of mentors) {
          const agreement = await pairAgreement(tx, m.pairId, m.staffMemberId);
          add(agreement.fileName, agreement.doc);
        }
        throw new RollBack(samples);
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  } catch (error) {
    if (error instanceof RollBack) return error.samples;
    throw error;
  }
  throw new Error('unreachable: the samples transaction always rolls back');
}

/** A file name any file system takes (the document's name may hold «/» or «:»). */
function fileNameOf(name: string): string {
  return name.replace(/[\u0000-\u001f"\\/<>|:*?]/g, '_').slice(0, 150);
}

/** Renders every sample to PDF and DOCX into `dir` (created if needed); returns the files written. */
export async function writeSamples(samples: Sample[], dir: string): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const sample of samples) {
    for (const [format, render] of [['pdf', renderPdf], ['docx', renderDocx]] as const) {
      const file = path.join(dir, `${fileNameOf(sample.name)}.${format}`);
      fs.writeFileSync(file, await render(sample.doc));
      written.push(file);
    }
  }
  return written;
}

async function main() {
  const dir = path.resolve(process.argv[2] ?? 'samples');
  const config = loadConfig();
  const database = await prepareDatabase(config, (m) => console.log(m));
  const db = connectDatabase(database.url);
  try {
    const samples = await demoSamples(db, config.PUBLIC_URL ?? '');
    const files = await writeSamples(samples, dir);
    for (const file of files) console.log(`  ${path.relative(process.cwd(), file)}`);
    console.log(`\nГотово: ${samples.length} ${plural(samples.length, ['документ', 'документа', 'документов'])} в PDF и DOCX — ${files.length} ${plural(files.length, ['файл', 'файла', 'файлов'])} в ${dir}`);
  } finally {
    await db.close();
    await database.embedded?.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
