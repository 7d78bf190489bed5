// Slack's text formats at the edge: what agents typed arrives with Slack's escapes and link
// markup; what Hearken sends in mrkdwn must escape the three control characters.

/**
 * The plain text an agent wrote, from Slack's encoding: `<@U123|ann>` → `@ann`, `<#C1|support>` →
 * `#support`, `<https://x|label>` → `label`, `<mailto:a@b|a@b>` → `a@b`, then &lt; &gt; &amp;.
 */
export function plainTextFromSlack(text: string): string {
  return text
    .replace(/<([@#!])([^>|]+)\|([^>]*)>/g, (_m, sigil: string, _id: string, label: string) => (sigil === '!' && !label.startsWith('@') ? `@${label}` : sigil === '!' ? label : `${sigil}${label}`))
    .replace(/<([@#])([^>|]+)>/g, (_m, sigil: string, id: string) => `${sigil}${id}`)
    .replace(/<!([^>|]+)>/g, (_m, name: string) => `@${name}`)
    .replace(/<([^>|]+)\|([^>]*)>/g, (_m, _url: string, label: string) => label)
    .replace(/<([^>]+)>/g, (_m, url: string) => url.replace(/^mailto:/, ''))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Escapes text for a mrkdwn field, so a draft's `<`, `>` or `&` never becomes a link or a mention. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Shortens to at most `max` UTF-16 units, ending in `…`, without splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  if (cut > 0 && /[\uD800-\uDBFF]/.test(text[cut - 1]!)) cut--;
  return `${text.slice(0, cut)}…`;
}
