/** Every `hearken` command; each name has a module src/cli/commands/<name>.ts exporting run(argv). */
export const COMMANDS: Record<string, string> = {
  lint: 'check a draft reply against the phrasing guard',
  lexicon: 'check lexicon edits before they go live, preview their impact on past drafts, rule statistics, retrain the learned layer, list live versions',
  triage: 'language, intent, category, emotion and escalation of a customer message',
  complaints: 'list, show, export and move complaints through their lifecycle',
  feedback: 'list the suggestions and praise customers gave the bot (recorded as feedback, not complaints)',
  report: 'the supervisors\' report: one HTML file with charts of complaints, deadlines, the reply guard and triage',
};
