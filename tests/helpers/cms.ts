/**
 * Detached CMS signatures made in the test, as a qualified-signature tool would save them (.sig): a self-signed
 * certificate (ECDSA P-256 — the fields are what the portal reads, the algorithm does not matter to it) with the
 * chosen owner, serial number and validity, the signingTime attribute, DER or PEM.
 */
import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const crypto = webcrypto as unknown as Crypto;
pkijs.setEngine('node-webcrypto', new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto }));

export interface SignatureOptions {
  surname: string;
  /** «Наталья Геннадьевна» */
  given: string;
  validFrom: Date;
  validTo: Date;
  /** Omitted: no signingTime attribute. */
  signingTime?: Date;
  /** Hexadecimal, without a leading high bit. */
  serialHex?: string;
  issuer?: string;
  pem?: boolean;
  data?: Buffer;
}

function name(pairs: [string, string][]): pkijs.RelativeDistinguishedNames {
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: pairs.map(([type, value]) => new pkijs.AttributeTypeAndValue({ type, value: new asn1js.Utf8String({ value }) })),
  });
}

export async function makeDetachedSignature(options: SignatureOptions): Promise<Buffer> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
  const keys = (await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = new asn1js.Integer({ valueHex: Buffer.from(options.serialHex ?? '0168D7B500ABAE2E8D4A1F3C5B6E7D8F9A0B1C2D', 'hex') });
  const issuer = options.issuer ?? 'Казначейство России';
  certificate.issuer = name([['2.5.4.3', issuer], ['2.5.4.10', issuer]]);
  certificate.subject = name([
    ['2.5.4.4', options.surname],
    ['2.5.4.42', options.given],
    ['2.5.4.3', `${options.surname} ${options.given}`],
    ['2.5.4.10', 'МБДОУ № 50 «Алёнушка»'],
    ['2.5.4.12', 'Заведующий'],
  ]);
  certificate.notBefore.value = options.validFrom;
  certificate.notAfter.value = options.validTo;
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey);
  await certificate.sign(keys.privateKey, 'SHA-256');

  const data = new Uint8Array(options.data ?? Buffer.from('копия приказа для сайта'));
  const digest = await crypto.subtle.digest('SHA-256', data);
  const attributes = [
    new pkijs.Attribute({ type: '1.2.840.113549.1.9.3', values: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.1' })] }),
    new pkijs.Attribute({ type: '1.2.840.113549.1.9.4', values: [new asn1js.OctetString({ valueHex: digest })] }),
  ];
  if (options.signingTime) attributes.push(new pkijs.Attribute({ type: '1.2.840.113549.1.9.5', values: [new asn1js.UTCTime({ valueDate: options.signingTime })] }));
  const signed = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.7.1' }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
      }),
    ],
    certificates: [certificate],
  });
  await signed.sign(keys.privateKey, 0, 'SHA-256', data);
  const der = Buffer.from(new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: signed.toSchema(true) }).toSchema().toBER(false));
  if (!options.pem) return der;
  const lines = der.toString('base64').match(/.{1,64}/g)!.join('\n');
  return Buffer.from(`-----BEGIN PKCS7-----\n${lines}\n-----END PKCS7-----\n`);
}
