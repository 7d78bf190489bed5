// The Slack channel for agents. The server calls slackConfigFrom(process.env) and, when Slack is
// on, createSlackChannel(...) and mounts its routes; nothing here reads the environment.
export { createSlackChannel, SLACK_EVENTS_PATH, type AgentMessage, type SlackChannel, type SlackChannelOptions, type SlackEscalationOptions, type SlackRoute } from './channel.js';
export { slackConfigFrom, SlackConfigError, DEFAULT_SLACK_API_URL, type SlackConfig, type SlackConfigResult } from './config.js';
export { signSlackRequest, verifySlackSignature, MAX_CLOCK_SKEW_SECONDS } from './request-signature.js';
export { BLOCK_KIT_LIMITS } from './blocks.js';
