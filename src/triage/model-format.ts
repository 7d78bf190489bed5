/** Version tag of lexicons/triage/model.json; kept apart so loading it does not pull in zod and yaml. */
export const MODEL_FORMAT = 'hearken-triage/2';
