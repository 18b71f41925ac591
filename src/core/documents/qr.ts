/**
 * QR codes of the links printed on documents (the stamp's /verify/<code>), made here on the server by the
 * `qrcode` package — no external service sees the link. The DOCX carries it as a PNG; the PDF draws the
 * same code as vectors (pdfmake's own `qr` node, same text and error correction level).
 */
import QRCode from 'qrcode';

/** «M» (15 % of the code may be lost): a stamp on a printed, stamped, scanned page survives a smudge. */
export const QR_ERROR_CORRECTION = 'M';

export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: QR_ERROR_CORRECTION, margin: 1, scale: 6 });
}

/** The PNG of every distinct link a document's stamps want as a QR code. */
export async function qrImagesOf(links: string[]): Promise<Map<string, Buffer>> {
  const distinct = [...new Set(links)];
  return new Map(await Promise.all(distinct.map(async (link) => [link, await qrPng(link)] as const)));
}
