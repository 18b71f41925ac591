/**
 * The stamps printed on signed documents (pure): the portal's own simple electronic signature, and the
 * qualified one of a published copy exactly as school websites show it (the seed roadmap ends with it). Also
 * the warnings about a qualified certificate: not valid on the signing date, or someone else's.
 */
import type { Block } from '../../core/documents/index.ts';
import { dateTimeWithZone, isoInZone, ruDate } from '../../domain/dates.ts';

export interface SimpleSignatureFacts {
  code: string;
  signerName: string;
  signerPosition: string;
  signedAt: Date;
  timeZone: string;
  contentSha256: string;
}

export interface QualifiedSignatureFacts {
  certificateSerial: string;
  ownerName: string;
  issuerName: string;
  validFrom: Date;
  validTo: Date;
  signingTime: Date | null;
  createdAt: Date;
}

/** The link printed under the stamp and in its QR code: <public address>/verify/<code>. */
export function verifyLink(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/verify/${code}`;
}

/** «Документ подписан простой электронной подписью»: signer, position, time with the zone, code, SHA-256, link + QR. */
export function simpleSignatureStamp(signature: SimpleSignatureFacts, baseUrl: string): Block {
  const link = verifyLink(baseUrl, signature.code);
  return {
    kind: 'stamp',
    heading: ['Документ подписан простой электронной подписью'],
    lines: [
      { label: 'Подписал(а):', value: signature.signerName },
      { label: 'Должность:', value: signature.signerPosition },
      { label: 'Дата и время:', value: dateTimeWithZone(signature.signedAt, signature.timeZone) },
      { label: 'Код проверки:', value: signature.code },
      { label: 'SHA-256:', value: signature.contentSha256, code: true },
      { label: 'Проверка:', value: link, link: true },
    ],
    qr: link,
  };
}

/** The certificate's serial number in decimal, as the published stamp prints it. */
export function serialDecimal(serialHex: string): string {
  return BigInt(`0x${serialHex || '0'}`).toString(10);
}

/** «ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ / СВЕДЕНИЯ О СЕРТИФИКАТЕ ЭП / Сертификат … / Владелец … / Действителен с … по …» */
export function qualifiedStampLines(q: QualifiedSignatureFacts, timeZone: string): { heading: string[]; lines: { label: string; value: string }[] } {
  return {
    heading: ['Документ подписан электронной подписью', 'Сведения о сертификате ЭП'],
    lines: [
      { label: 'Сертификат', value: serialDecimal(q.certificateSerial) },
      { label: 'Владелец', value: q.ownerName },
      { label: 'Действителен', value: `с ${ruDate(isoInZone(q.validFrom, timeZone))} по ${ruDate(isoInZone(q.validTo, timeZone))}` },
    ],
  };
}

export function qualifiedStamp(q: QualifiedSignatureFacts, timeZone: string): Block {
  return { kind: 'stamp', ...qualifiedStampLines(q, timeZone) };
}

const sameName = (a: string, b: string) => {
  const norm = (s: string) => s.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
  return norm(a) === norm(b);
};

/**
 * What a reader of the published copy should be told about its qualified signature: the certificate did not
 * work on the signing date (the signingTime attribute, or the upload when there is none), or it names someone
 * other than the head who approved the document. `signerShown`: how the message names the approver (the public
 * page gives only initials).
 */
export function qualifiedWarnings(q: QualifiedSignatureFacts, signerName: string, timeZone: string, signerShown = signerName): string[] {
  const warnings: string[] = [];
  const when = q.signingTime ?? q.createdAt;
  const day = ruDate(isoInZone(when, timeZone));
  const term = `с ${ruDate(isoInZone(q.validFrom, timeZone))} по ${ruDate(isoInZone(q.validTo, timeZone))}`;
  if (when < q.validFrom || when > q.validTo) {
    warnings.push(
      `Сертификат не действовал на дату подписания ${day} (${q.signingTime ? 'время подписания из файла подписи' : 'в файле подписи нет времени подписания, взята дата загрузки'}): он действителен ${term}.`,
    );
  }
  if (!sameName(q.ownerName, signerName)) {
    warnings.push(`Сертификат выдан не тому, кто утвердил документ: владелец сертификата — ${q.ownerName}, документ утвердил(а) ${signerShown}.`);
  }
  return warnings;
}
