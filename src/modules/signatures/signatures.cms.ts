/**
 * Reading a detached signature (CMS SignedData, «.sig» of CAdES-BES and the like, as CryptoPro and other
 * Russian signing tools save it — DER, PEM or bare base64): the signer's certificate fields and the signing
 * time. Parsed by pkijs + asn1js (a maintained CMS/X.509 parser). Only the fields are read: the signature
 * mathematics is not checked — for ГОСТ Р 34.10-2012 keys pkijs has no algorithm, and a check would need the
 * signed file itself and the certification authority's chain; the page and the stamp say so.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export interface CertificateFacts {
  /** The serial number, uppercase hexadecimal (as CryptoPro shows it). */
  serialHex: string;
  /** The same number in decimal (as school websites print it in the stamp). */
  serialDecimal: string;
  /** SN + G (surname, given name and patronymic) or, without them, CN. */
  ownerName: string;
  ownerOrganization: string;
  ownerTitle: string;
  issuerName: string;
  validFrom: Date;
  validTo: Date;
}

export interface DetachedSignatureFacts {
  certificate: CertificateFacts;
  /** The signingTime signed attribute; null when the signature has none. */
  signingTime: Date | null;
}

/** The file is not a detached signature we can read: the message says so in Russian. */
export class UnreadableSignatureError extends Error {}

const OID = {
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  givenName: '2.5.4.42',
  organization: '2.5.4.10',
  title: '2.5.4.12',
  signingTime: '1.2.840.113549.1.9.5',
  signedData: '1.2.840.113549.1.7.2',
} as const;

const NOT_A_SIGNATURE =
  'Файл не похож на откреплённую электронную подпись (CMS/CAdES, файл .sig в формате DER, PEM или Base64): выберите файл подписи, а не сам документ';

/** DER bytes of the upload: DER as it is, PEM (any «BEGIN …» label) or bare base64 decoded. */
function derOf(buffer: Buffer): Buffer {
  if (buffer[0] === 0x30) return buffer;
  const text = buffer.subarray(0, 2 * 1024 * 1024).toString('latin1');
  const pem = /-----BEGIN [A-Z0-9 #]+-----([\s\S]*?)-----END [A-Z0-9 #]+-----/.exec(text);
  const base64 = (pem ? pem[1]! : text).replace(/\s+/g, '');
  if (!base64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw new UnreadableSignatureError(NOT_A_SIGNATURE);
  const der = Buffer.from(base64, 'base64');
  if (der[0] !== 0x30) throw new UnreadableSignatureError(NOT_A_SIGNATURE);
  return der;
}

function attribute(name: pkijs.RelativeDistinguishedNames, oid: string): string {
  const found = name.typesAndValues.find((tv) => tv.type === oid);
  const value = (found?.value as { valueBlock?: { value?: unknown } } | undefined)?.valueBlock?.value;
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
}

function hexOf(bytes: ArrayBuffer | Uint8Array): string {
  return Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex').toUpperCase();
}

function certificateFacts(certificate: pkijs.Certificate): CertificateFacts {
  // DER INTEGER: a leading 00 only keeps a high bit positive; it is not part of the number people see.
  const serialHex = hexOf(certificate.serialNumber.valueBlock.valueHexView).replace(/^(00)+(?=.)/, '');
  const subject = certificate.subject;
  const surname = attribute(subject, OID.surname);
  const given = attribute(subject, OID.givenName);
  const issuer = certificate.issuer;
  return {
    serialHex,
    serialDecimal: BigInt(`0x${serialHex || '0'}`).toString(10),
    ownerName: surname && given ? `${surname} ${given}` : surname || attribute(subject, OID.commonName),
    ownerOrganization: attribute(subject, OID.organization),
    ownerTitle: attribute(subject, OID.title),
    issuerName: attribute(issuer, OID.commonName) || attribute(issuer, OID.organization),
    validFrom: certificate.notBefore.value,
    validTo: certificate.notAfter.value,
  };
}

/** The certificate the (first) signer names: by issuer and serial number, or by subject key identifier. */
function signerCertificate(signed: pkijs.SignedData): pkijs.Certificate {
  const certificates = (signed.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const signer = signed.signerInfos[0];
  if (!signer) throw new UnreadableSignatureError('В файле подписи нет ни одной подписи');
  const sid = signer.sid as unknown;
  let found: pkijs.Certificate | undefined;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    found = certificates.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber));
  } else if (sid && typeof sid === 'object' && 'valueBlock' in sid) {
    const keyId = hexOf((sid as asn1js.OctetString).valueBlock.valueHexView);
    found = certificates.find((c) => {
      const extension = c.extensions?.find((e) => e.extnID === '2.5.29.14');
      const parsed = extension?.parsedValue as asn1js.OctetString | undefined;
      return parsed ? hexOf(parsed.valueBlock.valueHexView) === keyId : false;
    });
  }
  found ??= certificates.length === 1 ? certificates[0] : undefined;
  if (!found) throw new UnreadableSignatureError('В файле подписи нет сертификата подписавшего: сохраните подпись вместе с сертификатом (так делают КриптоАРМ и КриптоПро по умолчанию)');
  return found;
}

function signingTimeOf(signed: pkijs.SignedData): Date | null {
  const attr = signed.signerInfos[0]?.signedAttrs?.attributes.find((a) => a.type === OID.signingTime);
  const value = attr?.values[0] as { toDate?: () => Date } | undefined;
  const date = value?.toDate?.();
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

/** The certificate and the signing time of a detached signature; UnreadableSignatureError if it is not one. */
export function readDetachedSignature(buffer: Buffer): DetachedSignatureFacts {
  const der = derOf(buffer);
  const asn1 = asn1js.fromBER(new Uint8Array(der.buffer, der.byteOffset, der.byteLength));
  if (asn1.offset === -1) throw new UnreadableSignatureError(NOT_A_SIGNATURE);
  let signed: pkijs.SignedData;
  try {
    const content = new pkijs.ContentInfo({ schema: asn1.result });
    if (content.contentType !== OID.signedData) throw new UnreadableSignatureError(NOT_A_SIGNATURE);
    signed = new pkijs.SignedData({ schema: content.content });
  } catch (error) {
    if (error instanceof UnreadableSignatureError) throw error;
    throw new UnreadableSignatureError(NOT_A_SIGNATURE);
  }
  return { certificate: certificateFacts(signerCertificate(signed)), signingTime: signingTimeOf(signed) };
}
