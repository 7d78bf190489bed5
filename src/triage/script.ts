// The Chinese regions triage's script tables come from (detectLanguage in src/script decides a message's lang).
import type { ChineseRegion } from '../script/opencc-script-classifier.js';

/**
 * The regions whose variants the trainer's character tables consider (see
 * deriveScriptCharacters): with Hong Kong forms as well, 說/説-style variants
 * count for neither script, and lexicons/triage/cues.yaml adds the hints.
 */
export const TRIAGE_SCRIPT_REGIONS: readonly ChineseRegion[] = ['hk', 'tw'];
