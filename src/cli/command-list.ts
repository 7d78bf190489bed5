/** Every `hearken` command; each name has a module src/cli/commands/<name>.ts exporting run(argv). */
export const COMMANDS: Record<string, string> = {
  lint: 'check a draft reply against the phrasing guard',
  lexicon: 'validate lexicons, run their self-tests and conflict checks',
  triage: 'language, intent, category, emotion and escalation of a customer message',
  complaints: 'list, show, export and move complaints through their lifecycle',
};
