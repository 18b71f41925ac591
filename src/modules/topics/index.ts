/** The topics module's face. It owns Topic: the organization's list of professional-request topics. */
export { topicsRouter } from './topics.routes.ts';
export { activeTopicIds, DEFAULT_TOPICS, ensureDefaultTopics, listTopics } from './topics.service.ts';
