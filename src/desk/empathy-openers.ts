// Openers offered when an upset customer's reply has no acknowledgement at all. Each holds an
// acknowledgement from lexicons/guard/approved.yaml, so the re-checked draft passes the context check
// (test/desk/draft-check.test.ts checks that for every opener).
import type { Locale } from '../contracts/complaint.js';

export const EMPATHY_OPENERS: Readonly<Record<Locale, readonly string[]>> = {
  en: [
    "I'm sorry for the trouble this has caused.",
    'I understand how frustrating this must be.',
    "Thank you for your patience, and I'm sorry for the wait.",
  ],
  'zh-Hans': ['非常抱歉给您带来不便。', '我理解您的心情。', '让您久等了，非常抱歉。'],
  'zh-Hant': ['非常抱歉給您帶來不便。', '我理解您的心情。', '讓您久等了，非常抱歉。'],
};

/** What goes between an opener and the draft: a space in English, nothing in Chinese. */
export const OPENER_JOINER: Readonly<Record<Locale, string>> = { en: ' ', 'zh-Hans': '', 'zh-Hant': '' };
