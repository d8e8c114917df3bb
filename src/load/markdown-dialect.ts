/**
 * The Markdown policygen reads, shared by the template scan (load) and the document model
 * (render), so both see the same tables, links and addresses: markdown-it's default preset
 * (CommonMark with GitHub's pipe tables and strikethrough) and GitHub's bare addresses.
 */
import type { MarkdownIt } from 'markdown-it';

/** Nesting stops at 20 levels, as in the CommonMark preset, so a pathological template cannot indent text off the page. */
export const MAX_NESTING = 20;

/** Top-level domains that linkify-it's short default list lacks: gov.wales, careinspectorate.wales, socialcare.wales. */
const LINK_DOMAINS = ['wales', 'cymru', 'scot', 'london', 'care', 'health', 'online', 'app', 'dev'];

/**
 * Bare addresses as GitHub finds them: with a scheme, from "www.", and e-mail addresses.
 * ftp: and scheme-less //host links are not links a policy may hold (see safe-links.ts).
 */
export function configureAddresses(markdown: MarkdownIt): void {
  markdown.linkify.add('ftp:', null).add('//', null).set({ fuzzyLink: true, fuzzyIP: false });
  markdown.linkify.tlds(LINK_DOMAINS, true);
}

/**
 * Is a bare address that linkify found (`text`, linking to `href`) one GitHub would link:
 * with a scheme (https://…), from "www.", or an e-mail address? A bare domain
 * ("example.org") stays text, as it does there; so does any part of a value, whose
 * "www.", "://" and "@" are escaped.
 */
export function isAddressLink(text: string, href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^www\./i.test(text) || href.startsWith('mailto:');
}

/**
 * Links a policy may hold: web pages, e-mail addresses, telephone numbers and places in the
 * same document. Anything else is shown as text (see render/safe-links.ts).
 */
export const SAFE_LINK = /^(?:https?:|mailto:|tel:|#)/i;
