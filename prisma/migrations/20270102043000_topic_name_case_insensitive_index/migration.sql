-- Topics by name, case aside: virtual mentoring looks for mentors of other organizations whose competency is named
-- like a topic of the request (matching.rows.ts virtualMentorRows, lower(name) = ANY(…)). Without it every topic of
-- every organization has its name lowered per request, and the planner, with no statistics on lower(name), cannot
-- tell how many topics match. An expression index: Prisma's schema cannot say it, and leaves it alone like the
-- partial indexes (schema.prisma, Topic).
CREATE INDEX "Topic_lower_name_idx" ON "Topic" (lower("name"));
