/**
 * News text → safe HTML, on the server, with a strict allow-list: paragraphs, line breaks, bold, italic,
 * lists and links (http, https, mailto only; they open as ordinary links with rel="nofollow noopener").
 * Everything else — scripts, styles, event handlers, images, iframes, `javascript:` URLs — is dropped. The
 * result is the ONLY HTML a news template prints unescaped.
 *
 * What the methodist types: plain text (blank lines separate paragraphs) or those few tags.
 */
import sanitizeHtml from 'sanitize-html';

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'ul', 'ol', 'li', 'a'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Their content too: a <script> or <style> body is not text to keep.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'title'],
  transformTags: {
    b: 'strong',
    i: 'em',
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener' }),
  },
};

const BLOCK = /<\s*(p|ul|ol|li)\b/i;

/** The news text as safe HTML. Plain text becomes paragraphs (a blank line) and line breaks. */
export function newsHtml(source: string): string {
  const text = source.replace(/\r\n?/g, '\n').trim();
  if (!text) return '';
  const withBlocks = BLOCK.test(text)
    ? text
    : text
        .split(/\n{2,}/)
        .map((paragraph) => `<p>${paragraph.split('\n').join('<br>')}</p>`)
        .join('\n');
  return sanitizeHtml(withBlocks, ALLOWED).trim();
}

/** The text without any markup (feeds' summaries, the social post, Open Graph). */
export function newsPlainText(html: string): string {
  const text = sanitizeHtml(html.replace(/<\/(p|li)>|<br\s*\/?>/gi, '$& '), { allowedTags: [], allowedAttributes: {} });
  return text.replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, ' ').trim();
}
