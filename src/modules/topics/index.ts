/** The topics module's face. It owns Topic: the organization's list of professional-request topics. */
export { topicsRouter } from './topics.routes.ts';
export { activeTopicIds, activeTopicsSql, DEFAULT_TOPICS, ensureDefaultTopics, listTopics } from './topics.service.ts';
