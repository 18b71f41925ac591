/**
 * The labour contract of a staff member (its number and date) and the grammatical gender documents use
 * when the patronymic does not tell it: what the supplementary agreement to the contract needs (ТК РФ
 * ст. 72, 351.8). Other modules read and change them only through these two functions.
 */
import { audit } from '../../core/audit.ts';
import { NotFoundError } from '../../core/errors.ts';
import type { Scope } from '../../core/scope.ts';
import { isoOfDbDate } from '../../domain/dates.ts';
import type { Gender } from '../../generated/prisma/enums.ts';

export interface LabourContract {
  number: string;
  /** 'YYYY-MM-DD' or null when unknown. */
  date: string | null;
  gender: Gender | null;
}

export async function labourContractOf(scope: Scope, staffMemberId: number): Promise<LabourContract> {
  const staff = await scope.db.staffMember.findFirst({ where: { id: staffMemberId }, select: { labourContractNumber: true, labourContractDate: true, gender: true } });
  if (!staff) throw new NotFoundError('Сотрудник не найден');
  return { number: staff.labourContractNumber, date: staff.labourContractDate ? isoOfDbDate(staff.labourContractDate) : null, gender: staff.gender };
}

/** Personal data of the card: the change is audited (which fields, not their values). */
export async function setLabourContract(scope: Scope, staffMemberId: number, contract: LabourContract): Promise<void> {
  const updated = await scope.db.staffMember.updateMany({
    where: { id: staffMemberId },
    data: {
      labourContractNumber: contract.number,
      labourContractDate: contract.date ? new Date(`${contract.date}T00:00:00Z`) : null,
      gender: contract.gender,
    },
  });
  if (updated.count === 0) throw new NotFoundError('Сотрудник не найден');
  await audit(scope, { action: 'staff.update', entityType: 'StaffMember', entityId: staffMemberId, details: { changed: ['labourContractNumber', 'labourContractDate', 'gender'] } });
}
