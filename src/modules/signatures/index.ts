/**
 * The signatures module's face. It owns DocumentSignature (the simple electronic signature given in the portal,
 * with its public verification code) and QualifiedSignature (the certificate of a detached `.sig` of a published
 * copy). A module whose documents are signed calls `signDocument` inside the transaction that freezes them,
 * prints `simpleSignatureStamp` / `qualifiedStamp`, and hands its frozen content to /verify through the
 * composition root (`verifyRouter(ctx, { ORDER: … })`). See CONTEXT.md.
 */
export { verifyRouter, VERIFY_PER_MINUTE } from './signatures.routes.ts';
export {
  attachQualifiedSignature,
  newVerificationCode,
  normalizeCode,
  signatureOf,
  signDocument,
  SIGNATURE_MAX_BYTES,
  verifyCode,
  type DocumentSignatureView,
  type SignedContent,
  type SignedContentSource,
  type SignedContentSources,
  type SignDocumentInput,
} from './signatures.service.ts';
export { qualifiedStamp, qualifiedWarnings, serialDecimal, simpleSignatureStamp, verifyLink } from './signatures.stamp.ts';
export { readDetachedSignature, UnreadableSignatureError, type DetachedSignatureFacts } from './signatures.cms.ts';
export { SIGNED_KIND_LABELS } from './signatures.labels.ts';
