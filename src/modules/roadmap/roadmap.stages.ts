import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../core/database/migrate.ts';

export interface RoadmapStage {
  number: number;
  title: string;
  /** The planned activities, one per paragraph of the source document. */
  activities: string[];
  /** First sentence of the activities, for the dashboard card. */
  summary: string;
}

/** The source document: the kindergarten's roadmap (plan of measures), copied from the seed. */
export const ROADMAP_FILE = path.join(projectRoot, 'prisma/seed/roadmap.txt');

/** Parses the seed's tab-separated table: "N.<TAB>title<TAB><p>…</p> <p>…</p>". */
export function parseRoadmap(text: string): RoadmapStage[] {
  const stages: RoadmapStage[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^(\d+)\.\t([^\t]+)\t(.*)$/.exec(line);
    if (!match) continue;
    const activities = [...match[3]!.matchAll(/<p>(.*?)<\/p>/g)]
      .map((m) => m[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim())
      .filter(Boolean);
    if (activities.length === 0) activities.push(match[3]!.replace(/<[^>]+>/g, '').trim());
    stages.push({ number: Number(match[1]), title: match[2]!.trim(), activities, summary: summarize(activities[0]!) });
  }
  return stages;
}

function summarize(text: string, max = 170): string {
  const sentence = text.replace(/^\d+\)\s*/, '').split(/(?<=[.;:])\s/)[0]!.replace(/[:;]$/, '.');
  if (sentence.length <= max) return sentence;
  return sentence.slice(0, sentence.lastIndexOf(' ', max)) + '…';
}

let cached: RoadmapStage[] | undefined;

export function roadmapStages(): RoadmapStage[] {
  cached ??= parseRoadmap(fs.readFileSync(ROADMAP_FILE, 'utf8'));
  return cached;
}
